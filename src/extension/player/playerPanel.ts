/**
 * One Lyrics Player panel: its webview (HTML, CSP, resource roots), the takes
 * it lists (kept live by a file-system watcher), and the messages from its
 * webview, which are validated and acted on only for takes it listed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listTakes, type TakeEntry } from '../../core/takes/listTakes';
import { wavPeaks, type WavPeaks } from '../../core/takes/wavPeaks';
import { readSongSettings } from '../../core/songSettings';
import {
  describeRejected,
  parseWebviewMessage,
  type HostMessage,
  type PlayerStatus,
  type PlayerTarget,
  type TakeAction,
  type TakeView,
} from '../../shared/playerProtocol';
import { createNonce, playerHtml } from './html';
import { runTakeAction, songForTake } from './takeActions';
import type { PlayerPanelSnapshot, PlayerServiceDependencies } from './types';

/** File-system events come in bursts (audio, then sidecar); one re-list per burst. */
const RELIST_DELAY_MS = 150;
/** Bars across the waveform: more than a wide panel has pixels for. */
const PEAK_BUCKETS = 4000;

export interface PanelTarget {
  readonly kind: PlayerTarget['kind'];
  /** The .lyrics file, or the audio file opened from the explorer. */
  readonly uri: vscode.Uri;
  /** Where the takes are. */
  readonly folder: string;
}

export class PlayerPanel implements vscode.Disposable {
  private entries: TakeEntry[] = [];
  private ready = false;
  private status: PlayerStatus | null = null;
  private readonly marks: Record<string, number> = {};
  private readonly rejected: string[] = [];
  private pendingSelect: { audioPath: string; autoplay: boolean } | undefined;
  private relistTimer: NodeJS.Timeout | undefined;
  private listing: Promise<void> = Promise.resolve();
  private html = '';
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly onDisposeCallbacks: Array<() => void> = [];
  /** Test mode answers the delete confirmation here instead of in a modal dialog nobody can click. */
  confirmDeleteOverride: ((message: string) => Promise<boolean>) | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: PanelTarget,
    private readonly deps: PlayerServiceDependencies,
  ) {
    const roots = this.resourceRoots();
    panel.webview.options = { enableScripts: true, localResourceRoots: roots };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'player.svg');
    panel.title = panelTitle(target);
    const nonce = createNonce();
    this.html = playerHtml(panel.webview, deps.extensionUri, nonce);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidChangeViewState(() => {
        // Hidden, the webview is torn down (no retainContextWhenHidden); shown again, it reloads and says `ready` anew.
        if (!panel.visible) {
          this.ready = false;
          this.status = null;
        }
        deps.onDidChange();
      }),
      panel.onDidDispose(() => this.dispose()),
      this.watch(),
    );
    panel.webview.html = this.html;
    void this.relist();
  }

  get targetKey(): string {
    return this.target.uri.toString();
  }

  onDidDispose(callback: () => void): void {
    this.onDisposeCallbacks.push(callback);
  }

  /** Shows the panel (and selects a take) without taking focus from the editor. */
  reveal(select?: { audioPath: string; autoplay: boolean }): void {
    this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    if (!select) return;
    this.pendingSelect = select;
    // The take may be newer than the last listing (the watcher is not that quick): list first.
    void this.relist().then(() => this.sendPendingSelect());
  }

  snapshot(): PlayerPanelSnapshot {
    return {
      target: { kind: this.target.kind, uri: this.target.uri.toString() },
      folder: this.target.folder,
      visible: this.panel.visible,
      viewColumn: this.panel.viewColumn,
      ready: this.ready,
      takes: this.entries.map((entry) => ({ id: entry.id, fileName: fileNameOf(entry), problem: entry.problem })),
      status: this.status,
      marks: { ...this.marks },
      rejected: [...this.rejected],
      localResourceRoots: this.resourceRoots().map((uri) => uri.fsPath),
      ...(this.deps.testMode ? { html: this.html } : {}),
    };
  }

  /** Handles one message from the webview. Public for the Test-mode hook; the webview is the only other caller. */
  async receive(data: unknown): Promise<void> {
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.reject(`malformed message (${describeRejected(data)}): ${parsed.reason}`);
      this.post({ type: 'notice', level: 'warning', text: 'The extension ignored a message from the player it did not understand; see the Lyrics Studio log.' });
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'ready':
        await this.listing;
        this.ready = true;
        this.post({
          type: 'init',
          target: { kind: this.target.kind, uri: this.target.uri.toString() },
          heading: await this.heading(),
          takes: this.views(),
          select: this.idForPending() ?? this.listedId(message.selectedId) ?? null,
          autoplay: this.pendingSelect?.autoplay ?? false,
        });
        this.pendingSelect = undefined;
        break;
      case 'action':
        await this.act(message.action, message.id);
        break;
      case 'requestPeaks':
        await this.sendPeaks(message.id);
        break;
      case 'status':
        this.status = message.status;
        break;
      case 'mark':
        this.marks[message.name] = message.ms;
        this.deps.log().debug(`player ${path.basename(this.target.uri.fsPath)}: ${message.name} after ${message.ms.toFixed(0)} ms`);
        break;
      case 'log':
        this.deps.log()[message.level === 'error' ? 'error' : message.level === 'warning' ? 'warn' : 'info'](`player: ${message.text}`);
        break;
    }
    this.deps.onDidChange();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.relistTimer);
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
    for (const callback of this.onDisposeCallbacks) callback();
    this.deps.onDidChange();
  }

  // ---- takes

  private async act(action: TakeAction, id: string): Promise<void> {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (!entry) {
      // Only takes this panel listed can be revealed, opened, or deleted.
      this.reject(`${action} for "${id.slice(0, 80)}", which this panel did not list`);
      this.post({ type: 'notice', level: 'warning', text: 'That take is no longer in the list.' });
      return;
    }
    const outcome = await runTakeAction(action, entry, this.target, {
      confirmDelete: (message) => (this.confirmDeleteOverride ?? defaultConfirmDelete)(message),
      log: this.deps.log,
    });
    if (outcome) this.post({ type: 'notice', level: outcome.level, text: outcome.text });
    if (action === 'delete') await this.relist();
  }

  /** A listed WAV take's peaks, read from disk here (much faster than the webview fetching and decoding it); null otherwise. */
  private async sendPeaks(id: string): Promise<void> {
    const entry = this.entries.find((candidate) => candidate.id === id);
    let computed: WavPeaks | undefined;
    if (entry?.audioPath && entry.audioExists && /\.wav$/i.test(entry.audioPath)) {
      try {
        computed = await wavPeaks(entry.audioPath, PEAK_BUCKETS);
      } catch (error) {
        this.deps.log().warn(`player: no peaks for ${entry.id}: ${(error as Error).message}`);
      }
    }
    this.post({ type: 'peaks', id, durationSeconds: computed?.durationSeconds ?? 0, peaks: computed?.peaks ?? null });
  }

  private idForPending(): string | undefined {
    const wanted = this.pendingSelect?.audioPath;
    if (!wanted) return undefined;
    return this.entries.find((entry) => entry.audioPath !== null && path.resolve(entry.audioPath) === path.resolve(wanted))?.id;
  }

  private listedId(id: string | null): string | undefined {
    return id !== null && this.entries.some((entry) => entry.id === id) ? id : undefined;
  }

  private sendPendingSelect(): void {
    if (!this.ready || !this.pendingSelect) return; // `init` will carry it
    const id = this.idForPending();
    if (id) this.post({ type: 'select', id, autoplay: this.pendingSelect.autoplay });
    this.pendingSelect = undefined;
  }

  private watch(): vscode.Disposable {
    // Watch the folder through its parent, so a takes/ folder created later (the first generation) is seen too.
    const folder = vscode.Uri.file(this.target.folder);
    const parent = vscode.Uri.file(path.dirname(this.target.folder));
    const pattern = new vscode.RelativePattern(parent, `${globEscape(path.basename(this.target.folder))}/*.{json,JSON,mp3,MP3,wav,WAV}`);
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const schedule = (uri: vscode.Uri): void => {
      if (path.dirname(uri.fsPath) !== folder.fsPath) return;
      clearTimeout(this.relistTimer);
      this.relistTimer = setTimeout(() => void this.relist().then(() => this.sendPendingSelect()), RELIST_DELAY_MS);
    };
    watcher.onDidCreate(schedule);
    watcher.onDidChange(schedule);
    watcher.onDidDelete(schedule);
    return watcher;
  }

  /** Re-reads the folder and sends the list if it changed. Calls are serialised. */
  relist(): Promise<void> {
    this.listing = this.listing.then(async () => {
      if (this.disposed) return;
      let entries: TakeEntry[];
      try {
        entries = await listTakes(this.target.folder, {
          ...(this.target.kind === 'song' ? { songPath: this.target.uri.fsPath } : { includeAudio: this.target.uri.fsPath }),
        });
      } catch (error) {
        this.deps.log().error(`player: could not list ${this.target.folder}: ${(error as Error).message}`);
        this.post({ type: 'notice', level: 'error', text: `Could not read the takes folder ${this.target.folder}.` });
        return;
      }
      const before = JSON.stringify(this.views());
      this.entries = entries;
      const views = this.views();
      if (this.ready && JSON.stringify(views) !== before) this.post({ type: 'takes', takes: views });
      this.deps.onDidChange();
    });
    return this.listing;
  }

  private views(): TakeView[] {
    return this.entries.map((entry) => this.view(entry));
  }

  private view(entry: TakeEntry): TakeView {
    const sidecar = entry.sidecar;
    return {
      id: entry.id,
      fileName: fileNameOf(entry),
      audioSrc: entry.audioPath && entry.audioExists ? this.panel.webview.asWebviewUri(vscode.Uri.file(entry.audioPath)).toString() : null,
      createdAt: entry.createdAt?.toISOString() ?? null,
      provider: sidecar?.provider ?? null,
      format: sidecar?.format ?? (entry.audioPath ? path.extname(entry.audioPath).slice(1).toLowerCase() : null),
      durationMs: sidecar?.durationMs ?? null,
      prompt: sidecar?.prompt ?? '',
      lyrics: sidecar ? sidecar.lyrics : null,
      demo: sidecar?.demo === true,
      problem: entry.problem,
      hasSidecar: entry.sidecarPath !== null,
      canUseSettings: sidecar !== null && songForTake(entry, this.target) !== undefined,
    };
  }

  private async heading(): Promise<string> {
    const name = path.basename(this.target.uri.fsPath);
    if (this.target.kind === 'audio') return name;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.target.uri));
      return readSongSettings(text).title ?? name;
    } catch {
      return name;
    }
  }

  private resourceRoots(): vscode.Uri[] {
    // The extension's media/ (script, styles, codicons) and the folder of takes, nothing else.
    const roots = [vscode.Uri.joinPath(this.deps.extensionUri, 'media'), vscode.Uri.file(this.target.folder)];
    return roots;
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  private reject(reason: string): void {
    this.rejected.push(reason);
    if (this.rejected.length > 50) this.rejected.shift();
    this.deps.log().warn(`player ${path.basename(this.target.uri.fsPath)}: ignored ${reason}`);
    this.deps.onDidChange();
  }
}

function fileNameOf(entry: TakeEntry): string {
  return entry.audioPath ? path.basename(entry.audioPath) : entry.id;
}

function panelTitle(target: PanelTarget): string {
  const name = path.basename(target.uri.fsPath);
  return `Player · ${target.kind === 'song' ? name.replace(/\.lyrics$/i, '') : name}`;
}

/** Escapes glob syntax in a folder name, so `takes [old]` is matched literally. */
function globEscape(name: string): string {
  return name.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}

async function defaultConfirmDelete(message: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true }, 'Move to Trash');
  return choice === 'Move to Trash';
}
