/** Quick fixes, fix-all and source.fixAll.lyrics (see src/core/fixes.ts). */
import * as vscode from 'vscode';
import type { LintCache } from './lintCache';

export function registerCodeActions(_cache: LintCache): vscode.Disposable {
  return vscode.Disposable.from();
}
