import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // placeholder: replaced by the real wiring (diagnostics, status bar)
}

export function deactivate(): void {}
