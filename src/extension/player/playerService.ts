/**
 * The Lyrics Player's host side, bundled apart as dist/player.js and loaded on
 * first use (opening a player, or VS Code restoring one after a reload), so
 * activation stays light. One panel per song or audio file: opening again
 * reveals the open one.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { outputFolderFor } from '../../core/takes/naming';
import { resolveRealFolder } from '../../core/takes/outputFolder';
import { readSettings } from '../settings';
import { parsePlayerState, PLAYER_VIEW_TYPE } from '../../shared/playerProtocol';
import { createNonce, unusablePanelHtml } from './html';
import { PlayerPanel } from './playerPanel';
import type { OpenSongOptions, PanelTarget, PlayerPanelSnapshot, PlayerService, PlayerServiceDependencies } from './types';

export function createPlayerService(deps: PlayerServiceDependencies): PlayerService {
  const panels = new Map<string, PlayerPanel>();
  let confirmOverride: ((message: string) => Promise<boolean>) | undefined;

  /**
   * The one check of a panel's target, for a fresh open and a restored panel
   * alike: a file on disk of the right kind, whose takes folder (resolved to
   * its real path, which becomes the only file resource root besides media/)
   * is inside the workspace folder or approved by the user. A restored panel's
   * target comes from state its webview saved, so it also must lie in an open
   * workspace folder, and it is never asked about (nobody acted to open it).
   */
  const resolveTarget = async (
    kind: PanelTarget['kind'],
    uri: vscode.Uri,
    restoring: boolean,
  ): Promise<{ ok: true; target: PanelTarget } | { ok: false; reason: string }> => {
    const name = path.basename(uri.path);
    if (uri.scheme !== 'file') return { ok: false, reason: `${name} is not a file on disk` };
    if (kind === 'song' ? !/\.lyrics$/i.test(uri.path) : !/\.(mp3|wav)$/i.test(uri.path))
      return { ok: false, reason: `${name} is not a ${kind === 'song' ? 'song' : 'take'}` };
    if (restoring && !vscode.workspace.getWorkspaceFolder(uri)) return { ok: false, reason: `${name} is not in an open workspace folder` };
    if (kind === 'song' || restoring) {
      const stat = await fs.stat(uri.fsPath).catch(() => undefined);
      if (!stat?.isFile()) return { ok: false, reason: `${name} ${stat ? 'is not a regular file' : 'does not exist'}` };
    }
    const configured = kind === 'song' ? outputFolderFor(uri.fsPath, readSettings(uri).outputFolder) : path.dirname(uri.fsPath);
    const checked = await deps.checkFolder(uri, configured, !restoring);
    if (!checked.allowed) return { ok: false, reason: `its takes folder ${checked.folder} is outside the workspace folder` };
    // An audio target is named by its real path, so it is listed (and selected) under the real folder.
    const targetUri = kind === 'audio' ? vscode.Uri.file(path.join(checked.folder, name)) : uri;
    return { ok: true, target: { kind, uri: targetUri, folder: checked.folder } };
  };
  const openChecked = async (kind: PanelTarget['kind'], uri: vscode.Uri, select?: { audioPath: string; autoplay: boolean }): Promise<void> => {
    const resolved = await resolveTarget(kind, uri, false);
    if (!resolved.ok) {
      void vscode.window.showInformationMessage(`The player can’t open: ${resolved.reason}.`);
      return;
    }
    open(resolved.target, select);
  };

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
      await openChecked('song', song, options.selectAudio ? { audioPath: options.selectAudio, autoplay: options.autoplay ?? false } : undefined);
    },

    async openForAudio(audio: vscode.Uri) {
      const real = path.join(await resolveRealFolder(path.dirname(audio.fsPath)), path.basename(audio.fsPath));
      await openChecked('audio', audio, { audioPath: real, autoplay: false });
    },

    async restore(panel: vscode.WebviewPanel, state: unknown) {
      const unusable = (reason: string): void => {
        deps.log().warn(`player: could not restore a panel: ${reason}`);
        const nonce = createNonce();
        panel.webview.options = { enableScripts: false, localResourceRoots: [] };
        panel.webview.html = unusablePanelHtml(
          nonce,
          panel.webview.cspSource,
          'This player could not be restored. Close it and run “Lyrics: Open Player” again.',
        );
      };
      const parsed = parsePlayerState(state);
      if (!parsed.ok) {
        unusable(`its saved state is unusable (${parsed.reason})`);
        return;
      }
      const { target } = parsed.value;
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(target.uri, true);
      } catch (error) {
        deps.log().warn(`player: could not restore a panel: its saved target is not a URI (${error instanceof Error ? error.message : String(error)})`);
        panel.dispose();
        return;
      }
      // The saved state is the webview's word: checked as a fresh open is, before any folder becomes a resource root.
      const resolved = await resolveTarget(target.kind, uri, true);
      if (!resolved.ok) {
        unusable(resolved.reason);
        return;
      }
      adopt(panel, resolved.target);
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
