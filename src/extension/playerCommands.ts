/**
 * The player's commands and panel serializer, registered at activation. The
 * player itself (webview host code, take listing) is dist/player.js, loaded
 * the first time a panel opens or is restored.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OutsideFolders } from './outsideFolders';
import type { PlayerService } from './player/types';
import { requestLog } from './requestLog';

/** The player's view type; also `onWebviewPanel:lyrics.player` in package.json (kept literal: importing the protocol would pull zod in here). */
const PLAYER_VIEW_TYPE = 'lyrics.player';

/** The player's commands and serializer, with its bundle loaded on first use. */
export interface PlayerRegistration {
  dispose(): void;
  /** Loads the player bundle if needed. */
  readonly load: () => PlayerService;
  /** The player if it has been loaded (nothing to report otherwise). */
  readonly loaded: () => PlayerService | undefined;
  /** Fires when a player panel opens, closes, lists takes, or hears from its webview. */
  readonly onDidChange: vscode.Event<void>;
}

export function registerPlayer(context: vscode.ExtensionContext, outsideFolders: OutsideFolders): PlayerRegistration {
  const changed = new vscode.EventEmitter<void>();
  let player: PlayerService | undefined;
  const load = (): PlayerService => {
    // A path computed at run time, so esbuild leaves this require alone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a sibling bundle
    player ??= (require(path.join(__dirname, 'player.js')) as typeof import('./player/playerService')).createPlayerService({
      extensionUri: context.extensionUri,
      log: requestLog,
      testMode: context.extensionMode === vscode.ExtensionMode.Test,
      onDidChange: () => changed.fire(),
      checkFolder: (file, folder, ask) => outsideFolders.check(file, folder, ask),
    });
    return player;
  };
  const registrations = vscode.Disposable.from(
    changed,
    new vscode.Disposable(() => {
      player?.dispose();
    }),
    vscode.commands.registerCommand('lyrics.openPlayer', (target?: vscode.Uri) => openPlayer(load, target)),
    vscode.commands.registerCommand('lyrics.openInPlayer', (target?: vscode.Uri) => openPlayer(load, target)),
    // Registered at activation (onWebviewPanel:lyrics.player) so a reload restores open players.
    vscode.window.registerWebviewPanelSerializer(PLAYER_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => load().restore(panel, state),
    }),
  );
  return { load, loaded: () => player, onDidChange: changed.event, dispose: () => void registrations.dispose() };
}

/**
 * `Lyrics: Open Player` (a .lyrics editor, or a song passed in) and `Open in
 * Lyrics Player` (an .mp3/.wav from the explorer).
 */
async function openPlayer(load: () => PlayerService, target: vscode.Uri | undefined): Promise<void> {
  if (target instanceof vscode.Uri && /\.(mp3|wav)$/i.test(target.path)) return load().openForAudio(target);
  const active = vscode.window.activeTextEditor?.document;
  const song = target instanceof vscode.Uri ? target : active?.languageId === 'lyrics' ? active.uri : undefined;
  if (!song || !/\.lyrics$/i.test(song.path)) {
    void vscode.window.showInformationMessage('Open a .lyrics file to open its player.');
    return;
  }
  if (song.scheme !== 'file') {
    void vscode.window.showInformationMessage('Save the song first: the player lists the takes saved next to it.');
    return;
  }
  return load().openForSong(song);
}
