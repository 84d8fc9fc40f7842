/**
 * Event-driven waits for the integration tests: each resolves as soon as the
 * condition holds, checked now and after every relevant event. Mocha's test
 * timeout is the only clock.
 */
import * as vscode from 'vscode';
import type { LyricsStudioApi } from '../../src/extension/extension';
import type { PlayerPanelSnapshot } from '../../src/extension/player/types';
import type { StatusBarState } from '../../src/extension/statusBar';

export const EXTENSION_ID = 'lyrics-studio.lyrics-studio';

export async function activeApi(): Promise<LyricsStudioApi> {
  const extension = vscode.extensions.getExtension<LyricsStudioApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return extension.activate();
}

function waitForEvent<T>(subscribe: (listener: () => void) => vscode.Disposable, read: () => T, accept: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    // eslint-disable-next-line prefer-const -- assigned after `check` is defined, which reads it
    let subscription: vscode.Disposable | undefined;
    const check = (): boolean => {
      const value = read();
      if (!accept(value)) return false;
      subscription?.dispose();
      resolve(value);
      return true;
    };
    subscription = subscribe(() => void check());
    check();
  });
}

/** Resolves with the document's diagnostics once `accept` is true of them. */
export function diagnosticsWhere(uri: vscode.Uri, accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return waitForEvent(
    (listener) =>
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((changed) => changed.toString() === uri.toString())) listener();
      }),
    () => vscode.languages.getDiagnostics(uri),
    accept,
  );
}

export function statusBarWhere(api: LyricsStudioApi, accept: (state: StatusBarState) => boolean): Promise<StatusBarState> {
  return waitForEvent(
    (listener) => api.onDidUpdateStatusBar(listener),
    () => api.statusBarState(),
    accept,
  );
}

/** Resolves with the player panel for `uri` once `accept` holds (checked now and on every player update). */
export async function playerWhere(api: LyricsStudioApi, uri: vscode.Uri, accept: (panel: PlayerPanelSnapshot) => boolean): Promise<PlayerPanelSnapshot> {
  const panel = await waitForEvent(
    (listener) => api.onDidUpdatePlayer(listener),
    () => api.playerState().find((candidate) => candidate.target.uri === uri.toString()),
    (found) => found !== undefined && accept(found),
  );
  if (!panel) throw new Error('unreachable: only a panel that is there is accepted');
  return panel;
}

export const codesOf = (diagnostics: readonly vscode.Diagnostic[]): string[] =>
  diagnostics.map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)).sort();

/**
 * Closes every editor without saving. `workbench.action.closeAllEditors`
 * would ask whether to save a modified untitled document, and a modal
 * dialog nobody answers hangs the test.
 */
export async function closeAllEditorsWithoutSaving(): Promise<void> {
  for (let guard = 0; guard < 100 && vscode.window.tabGroups.all.some((group) => group.tabs.length > 0); guard++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    if (!vscode.window.tabGroups.activeTabGroup.activeTab) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  }
}
