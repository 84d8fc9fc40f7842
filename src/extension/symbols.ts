/** Outline, breadcrumbs, sticky scroll and Go to Symbol (see src/core/symbols.ts). */
import * as vscode from 'vscode';
import type { LintCache } from './lintCache';

export function registerSymbols(_cache: LintCache): vscode.Disposable {
  return vscode.Disposable.from();
}
