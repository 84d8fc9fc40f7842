/** Completion in .lyrics (see src/core/completion.ts): structure tags after [, front-matter keys and values, prompt vocabulary. */
import * as vscode from 'vscode';
import type { LintCache } from './lintCache';

export function registerCompletion(_cache: LintCache): vscode.Disposable {
  return vscode.Disposable.from();
}
