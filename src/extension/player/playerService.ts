/**
 * The Lyrics Player's host side, bundled apart as dist/player.js and loaded on
 * first use (opening a player, or VS Code restoring one after a reload), so
 * activation stays light. One panel per song or audio file: opening again
 * reveals the open one.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { outputFolderFor } from '../../core/takes/naming';
import { parsePlayerState, PLAYER_VIEW_TYPE } from '../../shared/playerProtocol';
import { createNonce, unusablePanelHtml } from './html';
import { PlayerPanel, type PanelTarget } from './playerPanel';
import type { OpenSongOptions, PlayerPanelSnapshot, PlayerService, PlayerServiceDependencies } from './types';

export function createPlayerService(deps: PlayerServiceDependencies): PlayerService {
  const panels = new Map<string, PlayerPanel>();
  let confirmOverride: ((message: string) => Promise<boolean>) | undefined;

  const songTarget = (song: vscode.Uri): PanelTarget => ({
    kind: 'song',
    uri: song,
    folder: outputFolderFor(song.fsPath, vscode.workspace.getConfiguration('lyrics', song).get<string>('outputFolder')),
  });
  const audioTarget = (audio: vscode.Uri): PanelTarget => ({ kind: 'audio', uri: audio, folder: path.dirname(audio.fsPath) });

  const adopt = (panel: vscode.WebviewPanel, target: PanelTarget): PlayerPanel => {
    const player = new PlayerPanel(panel, target, deps);
    player.confirmOverride = confirmOverride;
    const key = player.targetKey;
    panels.get(key)?.dispose(); // a restored duplicate: keep the newest
    panels.set(key, player);
    player.onDidDispose(() => {
      if (panels.get(key) === player) panels.delete(key);
    });
    deps.onDidChange();
    return player;
  };

  const open = (target: PanelTarget, select?: { audioPath: string; autoplay: boolean }): void => {
    const existing = panels.get(target.uri.toString());
    if (existing) {
      existing.reveal(select);
      return;
    }
    // Beside the editor, and the editor keeps the focus: the user goes on writing while listening.
    const panel = vscode.window.createWebviewPanel(
      PLAYER_VIEW_TYPE,
      'Lyrics Player',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // No retainContextWhenHidden: the webview saves its state and is rebuilt when shown again.
      { enableScripts: true, localResourceRoots: [] },
    );
    const player = adopt(panel, target);
    if (select) player.reveal(select);
  };

  return {
    async openForSong(song: vscode.Uri, options: OpenSongOptions = {}) {
      open(songTarget(song), options.selectAudio ? { audioPath: options.selectAudio, autoplay: options.autoplay ?? false } : undefined);
    },

    async openForAudio(audio: vscode.Uri) {
      open(audioTarget(audio), { audioPath: audio.fsPath, autoplay: false });
    },

    async restore(panel: vscode.WebviewPanel, state: unknown) {
      const parsed = parsePlayerState(state);
      if (!parsed.ok) {
        deps.log().warn(`player: could not restore a panel: its saved state is unusable (${parsed.reason})`);
        const nonce = createNonce();
        panel.webview.options = { enableScripts: false, localResourceRoots: [] };
        panel.webview.html = unusablePanelHtml(nonce, panel.webview.cspSource, 'This player could not be restored. Close it and run “Lyrics: Open Player” again.');
        return;
      }
      const { target } = parsed.value;
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(target.uri, true);
      } catch {
        panel.dispose();
        return;
      }
      adopt(panel, target.kind === 'song' ? songTarget(uri) : audioTarget(uri));
    },

    snapshots(): PlayerPanelSnapshot[] {
      return [...panels.values()].map((player) => player.snapshot());
    },

    async receiveForTest(targetUri: string, message: unknown) {
      if (!deps.testMode) return;
      await panels.get(targetUri)?.receive(message);
    },

    setDeleteConfirmationForTest(answer) {
      if (!deps.testMode) return;
      confirmOverride = answer;
      for (const player of panels.values()) player.confirmOverride = answer;
    },

    dispose() {
      for (const player of [...panels.values()]) player.dispose();
      panels.clear();
    },
  };
}
