/**
 * Types shared by the activation bundle (extension.ts) and the lazily loaded
 * player bundle (dist/player.js). Types only: importing this file adds no code.
 */
import type * as vscode from 'vscode';
import type { PendingView, PlayerStatus, PlayerTarget } from '../../shared/playerProtocol';

/** What a player panel shows: a song's takes, or the takes in an audio file's folder. */
export interface PanelTarget {
  readonly kind: PlayerTarget['kind'];
  /** The .lyrics file, or the audio file opened from the explorer. */
  readonly uri: vscode.Uri;
  /** Where the takes are. */
  readonly folder: string;
}

/** One open player panel as the integration tests see it (through the extension's API). */
export interface PlayerPanelSnapshot {
  readonly target: PlayerTarget;
  /** The folder whose takes are listed. */
  readonly folder: string;
  readonly visible: boolean;
  readonly viewColumn: vscode.ViewColumn | undefined;
  /** The webview said `ready` and was sent `init`. */
  readonly ready: boolean;
  readonly takes: ReadonlyArray<{ readonly id: string; readonly fileName: string; readonly problem: string | null }>;
  /** The recovery records listed as "Not downloaded yet" (ids are their file names), newest first. */
  readonly pending: ReadonlyArray<{
    readonly id: string;
    readonly action: PendingView['action'];
    readonly problem: string | null;
    /** A recovery of it is running. */
    readonly busy: boolean;
  }>;
  /** The webview's last status report (what it shows and plays). */
  readonly status: PlayerStatus | null;
  /** Timing marks the webview posted, in ms. */
  readonly marks: Readonly<Record<string, number>>;
  /** Messages the host rejected (malformed, or naming takes it did not list). */
  readonly rejected: readonly string[];
  readonly localResourceRoots: readonly string[];
  /** The panel's HTML; only in the Test extension mode. */
  readonly html?: string;
}

export interface OpenSongOptions {
  /** Select this take (absolute audio path), e.g. the one just generated. */
  readonly selectAudio?: string;
  readonly autoplay?: boolean;
}

/** What the lazily loaded player bundle offers the activation bundle. */
export interface PlayerService {
  dispose(): void;
  openForSong(song: vscode.Uri, options?: OpenSongOptions): Promise<void>;
  openForAudio(audio: vscode.Uri): Promise<void>;
  /** The WebviewPanelSerializer's work: revive a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  snapshots(): PlayerPanelSnapshot[];
  /** Test mode only: feed a message to a panel's host side as if its webview had sent it. */
  receiveForTest(targetUri: string, message: unknown): Promise<void>;
  /**
   * Test mode only: answer the player's confirmations (deleting a take, discarding a
   * recovery record) instead of the modal dialog; the message says which is asked.
   */
  setDeleteConfirmationForTest(answer: ((message: string) => Promise<boolean>) | undefined): void;
}

export interface PlayerServiceDependencies {
  readonly extensionUri: vscode.Uri;
  readonly log: () => vscode.LogOutputChannel;
  readonly testMode: boolean;
  /** Fired whenever a snapshot may have changed (tests wait on it). */
  readonly onDidChange: () => void;
  /**
   * Resolves a takes folder to its real path and says whether the player may
   * show it: inside the file's workspace folder, or approved by the user
   * (asked only when `ask`, i.e. for a fresh open, never for a restored panel).
   */
  readonly checkFolder: (file: vscode.Uri, folder: string, ask: boolean) => Promise<{ readonly folder: string; readonly allowed: boolean }>;
}
