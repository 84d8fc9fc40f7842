/** The "Lyrics Studio" log: one line per request, credentials never included (see core/net/redact.ts). */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** Created on first use, so activation does not add an output channel nobody needs yet. */
export function requestLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Lyrics Studio', { log: true });
  return channel;
}

export function registerLogCommand(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('lyrics.showLog', () => requestLog().show(true)),
    { dispose: () => channel?.dispose() },
  );
}
