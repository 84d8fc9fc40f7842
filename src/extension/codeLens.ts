/**
 * A CodeLens on the first line of a `.lyrics` file: `▶ Generate Song ·
 * Cloudflare · music-2.6 · mp3 44.1 kHz`, so the provider, model and format a
 * click will use are visible before anything is sent. Hidden in Restricted Mode.
 */
import * as vscode from 'vscode';
import { PROVIDER_NAMES } from '../core/errors';
import { readSongSettings, resolveProvider } from '../core/songSettings';
import type { CredentialStore } from './credentials';
import { generateLensTitle } from './lensTitle';
import { LYRICS_LANGUAGE_ID } from './lintCache';
import { readSettings } from './settings';

export function registerGenerateCodeLens(credentials: CredentialStore): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(document) {
      if (!vscode.workspace.isTrusted) return [];
      const text = document.getText();
      const defaultProvider = readSettings(document.uri).defaultProvider;
      const top = new vscode.Range(0, 0, 0, 0);
      const lenses = [new vscode.CodeLens(top, { title: generateLensTitle(text, defaultProvider), command: 'lyrics.generateSong', arguments: [document.uri] })];
      // Say up front that a click will first ask for credentials (updated when they change, in any window).
      const songProvider = resolveProvider(readSongSettings(text), defaultProvider);
      if (!(await credentials.get(songProvider))) {
        lenses.push(
          new vscode.CodeLens(top, {
            title: `$(key) Set ${PROVIDER_NAMES[songProvider]} credentials`,
            command: 'lyrics.setApiCredentials',
            arguments: [{ provider: songProvider }],
          }),
        );
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider({ language: LYRICS_LANGUAGE_ID }, provider),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lyrics.defaultProvider')) changed.fire();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    credentials.onDidChange(() => changed.fire()),
  );
}
