/**
 * Draft and rewrite lyrics with MiniMax's lyrics model: the commands and the
 * `Rewrite with AI…` code action on a selection, registered at activation.
 * Their work (undici, the lyrics client, the diff preview) is
 * dist/lyricsAi.js, loaded the first time one of them runs.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CredentialStore } from './credentials';
import { isEditedLyricsDocument, LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';
import type { LyricsAi } from './lyricsAi';
import { requestLog } from './requestLog';

const REWRITE_KIND = vscode.CodeActionKind.RefactorRewrite.append('lyricsAi');

export function registerLyricsAi(context: vscode.ExtensionContext, credentials: CredentialStore, cache: LintCache): vscode.Disposable {
  let lyricsAi: LyricsAi | undefined;
  const load = (): LyricsAi => {
    // A path computed at run time, so esbuild leaves this require alone and the network code stays out of the activation bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a sibling bundle (see above)
    lyricsAi ??= (require(path.join(__dirname, 'lyricsAi.js')) as typeof import('./lyricsAi')).createLyricsAi({
      credentials,
      cache,
      log: requestLog,
      state: context.globalState,
      testMode: context.extensionMode === vscode.ExtensionMode.Test,
    });
    return lyricsAi;
  };
  const rewriteAction: vscode.CodeActionProvider = {
    provideCodeActions(document, range, actionContext) {
      // Only a selection in the lyrics, and only where refactorings are asked for (or anything is).
      if (range.isEmpty || !isEditedLyricsDocument(document) || range.end.line < cache.lint(document).analysis.document.bodyStartLine) return [];
      if (actionContext.only && !actionContext.only.contains(REWRITE_KIND)) return [];
      const action = new vscode.CodeAction('Rewrite with AI…', REWRITE_KIND);
      action.command = { command: 'lyrics.rewriteLyrics', title: 'Rewrite with AI…', arguments: [{ uri: document.uri, range }] };
      return [action];
    },
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('lyrics.draftLyrics', (args?: unknown) => load().draft(args)),
    vscode.commands.registerCommand('lyrics.rewriteLyrics', (args?: unknown) => load().rewrite(args)),
    vscode.commands.registerCommand('lyrics.acceptRewrite', (args?: unknown) => load().accept(args)),
    vscode.commands.registerCommand('lyrics.discardRewrite', (args?: unknown) => load().discard(args)),
    vscode.languages.registerCodeActionsProvider({ language: LYRICS_LANGUAGE_ID }, rewriteAction, { providedCodeActionKinds: [REWRITE_KIND] }),
    { dispose: () => lyricsAi?.dispose() },
  );
}
