/**
 * Activation wires the thin adapters to the pure core. Only what linting
 * needs is loaded here; network code (later issues) loads on first use.
 */
import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { registerFolding } from './folding';
import { LintCache } from './lintCache';
import { LyricsStatusBar, type StatusBarState } from './statusBar';

/** Returned from `activate`; the integration tests read the status bar through it. */
export interface LyricsStudioApi {
  statusBarState(): StatusBarState;
  readonly onDidUpdateStatusBar: vscode.Event<StatusBarState>;
}

export function activate(context: vscode.ExtensionContext): LyricsStudioApi {
  const cache = new LintCache();
  const statusBar = new LyricsStatusBar(cache);
  context.subscriptions.push(cache, registerDiagnostics(cache), statusBar, registerFolding());
  return { statusBarState: () => statusBar.snapshot, onDidUpdateStatusBar: statusBar.onDidUpdate };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
