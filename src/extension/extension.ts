/**
 * Activation wires the thin adapters to the pure core. Only what linting
 * needs is loaded here; the network code (undici, the provider clients, the
 * Generate command) is a separate bundle loaded on first use.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerGenerateCodeLens } from './codeLens';
import { CredentialStore, registerCredentialCommands } from './credentials';
import { registerDiagnostics } from './diagnostics';
import { registerFolding } from './folding';
import type { GenerationOutcome } from './generateSong';
import { LintCache } from './lintCache';
import { registerLogCommand, requestLog } from './requestLog';
import type { PlayerPanelSnapshot, PlayerService } from './player/types';
import { LyricsStatusBar, type StatusBarState } from './statusBar';

/** Returned from `activate`; the integration tests read the status bar and the player through it. */
export interface LyricsStudioApi {
  statusBarState(): StatusBarState;
  readonly onDidUpdateStatusBar: vscode.Event<StatusBarState>;
  /** The open Lyrics Player panels (none until one is opened). */
  playerState(): PlayerPanelSnapshot[];
  /** Fires when a player panel opens, closes, lists takes, or hears from its webview. */
  readonly onDidUpdatePlayer: vscode.Event<void>;
  /**
   * Hooks for the integration tests, present only when VS Code runs the
   * extension in its Test mode: feed a panel a message as if from its
   * webview, answer the delete confirmation, run the panel serializer.
   */
  readonly playerTest?: {
    receive(targetUri: string, message: unknown): Promise<void>;
    setDeleteConfirmation(answer: ((message: string) => Promise<boolean>) | undefined): void;
    restore(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  };
}

type GeneratorModule = typeof import('./generateSong');
let generator: GeneratorModule | undefined;

function loadGenerator(): GeneratorModule {
  // A path computed at run time, so esbuild leaves this require alone and the
  // network code stays in dist/generateSong.js until a song is generated.
  generator ??= require(path.join(__dirname, 'generateSong.js')) as GeneratorModule;
  return generator;
}

/** The player's view type; also `onWebviewPanel:lyrics.player` in package.json (kept literal: importing the protocol would pull zod in here). */
const PLAYER_VIEW_TYPE = 'lyrics.player';

export function activate(context: vscode.ExtensionContext): LyricsStudioApi {
  const playerChanged = new vscode.EventEmitter<void>();
  let player: PlayerService | undefined;
  // The player (webview host code, take listing) is dist/player.js, loaded on first use.
  const loadPlayer = (): PlayerService => {
    player ??= (require(path.join(__dirname, 'player.js')) as typeof import('./player/playerService')).createPlayerService({
      extensionUri: context.extensionUri,
      log: requestLog,
      testMode: context.extensionMode === vscode.ExtensionMode.Test,
      onDidChange: () => playerChanged.fire(),
    });
    return player;
  };
  const cache = new LintCache();
  const statusBar = new LyricsStatusBar(cache);
  const credentials = new CredentialStore(context.secrets);
  context.subscriptions.push(
    cache,
    registerDiagnostics(cache),
    statusBar,
    registerFolding(),
    credentials,
    registerCredentialCommands(credentials),
    registerLogCommand(),
    registerGenerateCodeLens(credentials),
    vscode.commands.registerCommand(
      'lyrics.generateSong',
      (target?: vscode.Uri): Promise<GenerationOutcome> =>
        loadGenerator().generateSong(
          {
            credentials,
            log: requestLog,
            onTakeSaved: async (take, song) => {
              // The player opens beside the editor on the new take; the editor keeps the focus.
              await loadPlayer().openForSong(song, { selectAudio: take.audioPath });
              void vscode.window.showInformationMessage(`Saved ${path.basename(take.audioPath)}`, 'Open Sidecar').then((choice) => {
                if (choice) void vscode.window.showTextDocument(vscode.Uri.file(take.sidecarPath));
              });
            },
          },
          target instanceof vscode.Uri ? target : undefined,
        ),
    ),
    playerChanged,
    { dispose: () => player?.dispose() },
    vscode.commands.registerCommand('lyrics.openPlayer', (target?: vscode.Uri) => openPlayer(loadPlayer, target)),
    vscode.commands.registerCommand('lyrics.openInPlayer', (target?: vscode.Uri) => openPlayer(loadPlayer, target)),
    // Registered at activation (onWebviewPanel:lyrics.player) so a reload restores open players.
    vscode.window.registerWebviewPanelSerializer(PLAYER_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => loadPlayer().restore(panel, state),
    }),
  );
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  return {
    statusBarState: () => statusBar.snapshot,
    onDidUpdateStatusBar: statusBar.onDidUpdate,
    playerState: () => player?.snapshots() ?? [],
    onDidUpdatePlayer: playerChanged.event,
    ...(testMode
      ? {
          playerTest: {
            receive: (targetUri: string, message: unknown) => loadPlayer().receiveForTest(targetUri, message),
            setDeleteConfirmation: (answer: ((message: string) => Promise<boolean>) | undefined) => loadPlayer().setDeleteConfirmationForTest(answer),
            restore: (panel: vscode.WebviewPanel, state: unknown) => loadPlayer().restore(panel, state),
          },
        }
      : {}),
  };
}

/**
 * `Lyrics: Open Player` (a .lyrics editor, or a song passed in) and `Open in
 * Lyrics Player` (an .mp3/.wav from the explorer).
 */
async function openPlayer(loadPlayer: () => PlayerService, target: vscode.Uri | undefined): Promise<void> {
  if (target instanceof vscode.Uri && /\.(mp3|wav)$/i.test(target.path)) return loadPlayer().openForAudio(target);
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
  return loadPlayer().openForSong(song);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
