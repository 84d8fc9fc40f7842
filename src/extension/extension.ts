/**
 * The composition root: activation wires the thin adapters to the pure core.
 * Only what linting needs is loaded here; the Generate command's network code
 * (dist/generateSong.js) and the player (dist/player.js) are separate bundles
 * loaded on first use.
 */
import * as vscode from 'vscode';
import { registerGenerateCodeLens } from './codeLens';
import { CredentialStore, registerCredentialCommands, setArgumentConfirmationForTest } from './credentials';
import { registerCodeActions } from './codeActions';
import { registerCompletion } from './completion';
import { registerDiagnostics } from './diagnostics';
import { registerEar } from './ear/register';
import { registerFormatter } from './formatter';
import { registerHover } from './hover';
import { registerNewSong } from './newSong';
import { registerSymbols } from './symbols';
import { registerFolding } from './folding';
import { registerGenerateCommand } from './generateCommand';
import { registerLyricsAi } from './lyricsAiCommands';
import { OutsideFolders, type OutsideAnswer } from './outsideFolders';
import { LintCache } from './lintCache';
import type { PlayerPanelSnapshot } from './player/types';
import { registerPlayer } from './playerCommands';
import { registerLogCommand } from './requestLog';
import { LyricsStatusBar, type StatusBarState } from './statusBar';

/** Returned from `activate`; the integration tests read the status bar and the player through it. */
export interface LyricsStudioApi {
  statusBarState(): StatusBarState;
  readonly onDidUpdateStatusBar: vscode.Event<StatusBarState>;
  /** The open Lyrics Player panels (none until one is opened). */
  playerState(): PlayerPanelSnapshot[];
  /** Fires when a player panel opens, closes, lists takes, or hears from its webview. */
  readonly onDidUpdatePlayer: vscode.Event<void>;
  /** For the integration tests (Test mode only): answer the confirmation credentials passed as command arguments need. */
  readonly credentialsTest?: {
    setArgumentConfirmation(answer: ((message: string, action: string) => Promise<boolean>) | undefined): void;
  };
  /**
   * Hooks for the integration tests, present only when VS Code runs the
   * extension in its Test mode: feed a panel a message as if from its
   * webview, answer its confirmations (deleting a take, discarding a recovery
   * record), run the panel serializer.
   */
  readonly playerTest?: {
    receive(targetUri: string, message: unknown): Promise<void>;
    setDeleteConfirmation(answer: ((message: string) => Promise<boolean>) | undefined): void;
    restore(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
    /** Answer the question asked before using an output folder outside the workspace (undefined: the real dialog). */
    setOutsideFolderAnswer(answer: OutsideAnswer | undefined): void;
  };
}

export function activate(context: vscode.ExtensionContext): LyricsStudioApi {
  const cache = new LintCache();
  const statusBar = new LyricsStatusBar(cache);
  const credentials = new CredentialStore(context.secrets);
  // One store of the outside-folder answers, shared by the generator (before writing) and the player (before showing).
  const outsideFolders = new OutsideFolders(context.workspaceState);
  const player = registerPlayer(context, outsideFolders);
  context.subscriptions.push(
    cache,
    registerDiagnostics(cache, context.extensionUri),
    statusBar,
    registerFolding(cache),
    // The writing room: each feature reads the cache's one analysis per document version.
    registerCompletion(cache),
    registerHover(cache),
    registerCodeActions(cache),
    registerSymbols(cache),
    // The songwriter's ear: syllables, rhymes and meter (dist/earEditor.js and dist/ear.js, loaded once a song is open).
    registerEar(context, cache),
    registerFormatter(cache),
    registerNewSong(cache),
    credentials,
    registerCredentialCommands(credentials, context.extensionMode),
    registerLogCommand(),
    registerGenerateCodeLens(credentials),
    player,
    registerGenerateCommand(credentials, player, outsideFolders),
    registerLyricsAi(context, credentials, cache),
  );
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  return {
    statusBarState: () => statusBar.snapshot,
    onDidUpdateStatusBar: statusBar.onDidUpdate,
    playerState: () => player.loaded()?.snapshots() ?? [],
    onDidUpdatePlayer: player.onDidChange,
    ...(testMode
      ? {
          credentialsTest: { setArgumentConfirmation: setArgumentConfirmationForTest },
          playerTest: {
            receive: (targetUri: string, message: unknown) => player.load().receiveForTest(targetUri, message),
            setDeleteConfirmation: (answer: ((message: string) => Promise<boolean>) | undefined) => player.load().setDeleteConfirmationForTest(answer),
            restore: (panel: vscode.WebviewPanel, state: unknown) => player.load().restore(panel, state),
            setOutsideFolderAnswer: (answer: OutsideAnswer | undefined) => {
              outsideFolders.answerForTest = answer;
            },
          },
        }
      : {}),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
