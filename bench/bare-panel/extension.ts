/**
 * A second extension that only `npm run bench` loads (bench/player.ts installs
 * it into the bench session's throwaway extensions folder; never packaged). It
 * opens an empty webview panel with the Lyrics Player's options (beside the
 * editor, editor keeps the focus, scripts on, no local resources) whose one
 * tiny script marks `bench:loaded` and posts a message. What VS Code itself
 * costs to get a script running in a panel: the floor the player's
 * open-to-interactive time is divided by.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { BARE_PANEL_COMMAND, BARE_PANEL_MARK, BARE_PANEL_TITLE } from './names';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(BARE_PANEL_COMMAND, () => {
      const panel = vscode.window.createWebviewPanel(
        'lyricsBench.barePanel',
        BARE_PANEL_TITLE,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [] },
      );
      // The same Content-Security-Policy shape as the player's (default-src 'none', scripts by nonce).
      const nonce = randomBytes(16).toString('base64');
      panel.webview.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';">
</head><body><p id="bare">Bare panel</p>
<script nonce="${nonce}">performance.mark(${JSON.stringify(BARE_PANEL_MARK)}); acquireVsCodeApi().postMessage({ type: 'loaded' });</script>
</body></html>`;
      // Received and dropped: the bench reads the webview's mark; the message is only the round trip every panel makes.
      const listener = panel.webview.onDidReceiveMessage(() => undefined);
      panel.onDidDispose(() => {
        listener.dispose();
      });
    }),
  );
}
