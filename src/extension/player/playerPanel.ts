/**
 * One Lyrics Player panel: its webview (HTML, CSP, resource roots), the takes
 * and recovery records it lists (kept live by a file-system watcher), and the
 * messages from its webview, which are validated and acted on only for takes
 * and records it listed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { listTakes, SidecarCache, type TakeEntry } from '../../core/takes/listTakes';
import { parseTakeName } from '../../core/takes/naming';
import { isRecordName, listRecords, recordBaseName, type RecordEntry } from '../../core/takes/recoveryRecord';
import { wavPeaks, type WavPeaks } from '../../core/takes/wavPeaks';
import { diffTakes, EMPTY_BASELINE, takesBaseline, type TakesBaseline } from '../../shared/takesDelta';
import { readSongSettings } from '../../core/songSettings';
import { PROVIDER_NAMES } from '../../core/schema';
import {
  describeRejected,
  parseWebviewMessage,
  type HostMessage,
  type PendingView,
  type PlayerStatus,
  type TakeAction,
  type TakeView,
} from '../../shared/playerProtocol';
import { Disposable } from '../dispose';
import { createNonce, playerHtml } from './html';
import { discardRecord, openRecord, recoverRecord, type RecordActionContext } from './recordActions';
import { editorColumnFor, runTakeAction, songForTake, type ActionOutcome } from './takeActions';
import type { PanelTarget, PlayerPanelSnapshot, PlayerServiceDependencies } from './types';

/** File-system events come in bursts (audio, then sidecar); one re-list per burst. */
const RELIST_DELAY_MS = 150;
/** Bars across the waveform: more than a wide panel has pixels for. */
const PEAK_BUCKETS = 4000;

export class PlayerPanel extends Disposable {
  private entries: TakeEntry[] = [];
  /** Recovery records: songs paid for whose takes are not saved yet ("Not downloaded yet"). */
  private records: RecordEntry[] = [];
  /** Ids of records whose recovery is running: shown busy, and not recovered or discarded twice. */
  private readonly recovering = new Set<string>();
  /** What the webview was last sent (`init`, `takes` or `takesDelta`): the next listing posts only what differs. */
  private sent: TakesBaseline = EMPTY_BASELINE;
  private ready = false;
  private status: PlayerStatus | null = null;
  private readonly marks: Record<string, number> = {};
  private readonly rejected: string[] = [];
  /** A take to select once it is listed (a generation's or a recovery's new take). */
  private selectRequest: { audioPath: string; autoplay: boolean } | undefined;
  private relistTimer: NodeJS.Timeout | undefined;
  private listing: Promise<void> = Promise.resolve();
  /** Sidecars as last read: a file event in a folder of thousands of takes re-reads only what changed. */
  private readonly sidecars = new SidecarCache();
  private html = '';
  private readonly onDisposeCallbacks: Array<() => void> = [];
  /** Test mode answers the confirmations (delete a take, discard a record) here instead of in a modal dialog nobody can click. */
  confirmOverride: ((message: string) => Promise<boolean>) | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: PanelTarget,
    private readonly deps: PlayerServiceDependencies,
  ) {
    super();
    const roots = this.resourceRoots();
    panel.webview.options = { enableScripts: true, localResourceRoots: roots };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'player.svg');
    panel.title = panelTitle(target);
    const nonce = createNonce();
    this.html = playerHtml(panel.webview, deps.extensionUri, nonce);
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Hidden, the webview is torn down (no retainContextWhenHidden); shown again, it reloads and says `ready` anew.
        if (!panel.visible) {
          this.ready = false;
          this.status = null;
        }
        deps.onDidChange();
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(this.watch());
    this._register({ dispose: () => clearTimeout(this.relistTimer) });
    // Last: closing the panel (if the user did not) comes after everything listening to it is gone.
    this._register(panel);
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
    this.selectRequest = select;
    // The take may be newer than the last listing (the watcher is not that quick): list first.
    void this.relist().then(() => this.sendSelectRequest());
  }

  snapshot(): PlayerPanelSnapshot {
    return {
      target: { kind: this.target.kind, uri: this.target.uri.toString() },
      folder: this.target.folder,
      visible: this.panel.visible,
      viewColumn: this.panel.viewColumn,
      ready: this.ready,
      takes: this.entries.map((entry) => ({ id: entry.id, fileName: fileNameOf(entry), problem: entry.problem })),
      pending: this.records.map((entry) => ({ id: entry.id, action: entry.action, problem: entry.problem, busy: this.recovering.has(entry.id) })),
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
      this.post({
        type: 'notice',
        level: 'warning',
        text: 'The extension ignored a message from the player it did not understand; see the Lyrics Studio log.',
      });
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'ready': {
        await this.listing;
        const heading = await this.heading();
        // From here to the baseline nothing awaits: a listing posted in between would be a delta against
        // lists the webview never got, and `init` would then overwrite it with older ones.
        this.ready = true;
        const lists = this.lists();
        this.post({
          type: 'init',
          target: { kind: this.target.kind, uri: this.target.uri.toString() },
          heading,
          ...lists,
          select: this.idForSelectRequest() ?? this.listedId(message.selectedId) ?? null,
          autoplay: this.selectRequest?.autoplay ?? false,
        });
        this.sent = takesBaseline(lists.takes, lists.pending);
        this.selectRequest = undefined;
        break;
      }
      case 'action':
        await this.act(message.action, message.id);
        break;
      case 'recover':
      case 'discard':
      case 'openRecord':
        await this.actOnRecord(message.type, message.id);
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

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
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
      confirmDelete: (message) => this.confirm(message, 'Move to Trash'),
      log: this.deps.log,
    });
    if (outcome) this.post({ type: 'notice', level: outcome.level, text: outcome.text });
    if (action === 'delete') await this.relist();
  }

  // ---- recovery records

  private async actOnRecord(action: 'recover' | 'discard' | 'openRecord', id: string): Promise<void> {
    const entry = this.records.find((candidate) => candidate.id === id);
    if (!entry) {
      // As for takes: only records this panel listed are recovered, discarded or opened.
      this.reject(`${action} for "${id.slice(0, 80)}", which this panel did not list`);
      this.post({ type: 'notice', level: 'warning', text: 'That song is no longer in the “Not downloaded yet” list.' });
      return;
    }
    if (action !== 'openRecord' && this.recovering.has(id)) {
      this.post({ type: 'notice', level: 'info', text: `${id} is being recovered; wait for it to finish.` });
      return;
    }
    const context: RecordActionContext = {
      confirm: (message, button) => this.confirm(message, button),
      log: this.deps.log,
      editorColumn: editorColumnFor(this.target),
    };
    let outcome: ActionOutcome;
    switch (action) {
      case 'openRecord':
        outcome = await openRecord(entry, context);
        break;
      case 'discard':
        outcome = await discardRecord(entry, context);
        await this.relist();
        break;
      case 'recover':
        if (entry.action === 'none') {
          // The webview offers no such button; a message asking anyway gets the reason, not a pointless attempt.
          outcome = {
            level: 'warning',
            text: entry.problem ?? `${id} holds no audio URL or job to recover the song from; open it to read the provider’s answer.`,
          };
          break;
        }
        this.recovering.add(id);
        this.sendLists();
        try {
          outcome = await recoverRecord(entry, context);
        } finally {
          this.recovering.delete(id);
        }
        // The command removed the record and saved the take (or added an attempt): show what is on disk now.
        await this.relist();
        // relist sends nothing when the folder can't be read; the busy mark must go all the same.
        this.sendLists();
        break;
    }
    if (outcome) this.post({ type: 'notice', level: outcome.level, text: outcome.text });
  }

  private confirm(message: string, button: string): Promise<boolean> {
    return this.confirmOverride ? this.confirmOverride(message) : defaultConfirm(message, button);
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

  private idForSelectRequest(): string | undefined {
    const wanted = this.selectRequest?.audioPath;
    if (!wanted) return undefined;
    return this.entries.find((entry) => entry.audioPath !== null && path.resolve(entry.audioPath) === path.resolve(wanted))?.id;
  }

  private listedId(id: string | null): string | undefined {
    return id !== null && this.entries.some((entry) => entry.id === id) ? id : undefined;
  }

  private sendSelectRequest(): void {
    if (!this.ready || !this.selectRequest) return; // `init` will carry it
    const id = this.idForSelectRequest();
    if (id) this.post({ type: 'select', id, autoplay: this.selectRequest.autoplay });
    this.selectRequest = undefined;
  }

  private watch(): vscode.Disposable {
    // Watch the folder through its parent, so a takes/ folder created later (the first generation) is seen too.
    // `*.json` covers recovery records (`*.pending.json`) as well as sidecars: both lists follow the folder.
    const folder = vscode.Uri.file(this.target.folder);
    const parent = vscode.Uri.file(path.dirname(this.target.folder));
    const name = globEscape(path.basename(this.target.folder));
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parent, `${name}/*.{json,JSON,mp3,MP3,wav,WAV}`));
    // The folder itself too: a generator creates it and writes a record at once, and the watcher starts
    // following a new folder only some time after seeing it, so the first files can pass unseen. Listing
    // when the folder appears (or goes) reads whatever is in it by then.
    const folderWatcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(parent, name), false, true, false);
    const relistSoon = (): void => {
      clearTimeout(this.relistTimer);
      this.relistTimer = setTimeout(() => void this.relist().then(() => this.sendSelectRequest()), RELIST_DELAY_MS);
    };
    const schedule = (uri: vscode.Uri): void => {
      if (path.dirname(uri.fsPath) === folder.fsPath) relistSoon();
    };
    const scheduleForFolder = (uri: vscode.Uri): void => {
      if (uri.fsPath === folder.fsPath) relistSoon();
    };
    watcher.onDidCreate(schedule);
    watcher.onDidChange(schedule);
    watcher.onDidDelete(schedule);
    folderWatcher.onDidCreate(scheduleForFolder);
    folderWatcher.onDidDelete(scheduleForFolder);
    return vscode.Disposable.from(watcher, folderWatcher);
  }

  /** Re-reads the folder (takes and recovery records) and sends the lists if they changed. Calls are serialised. */
  relist(): Promise<void> {
    this.listing = this.listing.then(async () => {
      if (this.isDisposed) return;
      const songPath = this.target.kind === 'song' ? this.target.uri.fsPath : undefined;
      let entries: TakeEntry[];
      let records: RecordEntry[];
      try {
        [entries, records] = await Promise.all([
          listTakes(this.target.folder, songPath ? { songPath, cache: this.sidecars } : { includeAudio: this.target.uri.fsPath, cache: this.sidecars }),
          // An audio file's panel lists every take in its folder, so every record too.
          listRecords(this.target.folder, songPath),
        ]);
      } catch (error) {
        this.deps.log().error(`player: could not list ${this.target.folder}: ${(error as Error).message}`);
        this.post({ type: 'notice', level: 'error', text: `Could not read the takes folder ${this.target.folder}.` });
        return;
      }
      // A record is never a take, even one whose JSON happened to pass for a sidecar.
      this.entries = entries.filter((entry) => !isRecordName(entry.id));
      this.records = records;
      this.sendLists();
    });
    return this.listing;
  }

  /**
   * Sends what changed in both lists since the webview's copy (it gets them whole with `init` until it is
   * ready): a file event in a folder of thousands of takes posts the few takes it touched, not all of them.
   */
  private sendLists(): void {
    if (this.ready) {
      const lists = this.lists();
      const { message, baseline } = diffTakes(this.sent, lists.takes, lists.pending);
      this.sent = baseline;
      if (message) this.post(message);
    }
    this.deps.onDidChange();
  }

  private lists(): { takes: TakeView[]; pending: PendingView[] } {
    return { takes: this.entries.map((entry) => this.view(entry)), pending: this.records.map((entry) => this.pendingView(entry)) };
  }

  private pendingView(entry: RecordEntry): PendingView {
    const record = entry.record;
    // An unreadable record still has the time in its name.
    const createdAt = entry.createdAt ?? parseTakeName(recordBaseName(entry.recordPath))?.date ?? null;
    return {
      id: entry.id,
      title: record?.title ?? null,
      createdAt: createdAt?.toISOString() ?? null,
      provider: record?.provider ?? null,
      providerName: record ? PROVIDER_NAMES[record.provider] : null,
      model: record?.model ?? null,
      prompt: record?.prompt ?? '',
      lyrics: record?.lyrics ?? null,
      reason: record?.reason ?? null,
      attempts: record?.attempts.length ?? 0,
      requestId: record?.requestId ?? null,
      jobId: record?.jobId ?? null,
      action: entry.action,
      problem: entry.problem,
      busy: this.recovering.has(entry.id),
    };
  }

  private view(entry: TakeEntry): TakeView {
    const sidecar = entry.sidecar;
    return {
      id: entry.id,
      fileName: fileNameOf(entry),
      audioSrc: entry.audioPath && entry.audioExists ? this.panel.webview.asWebviewUri(vscode.Uri.file(entry.audioPath)).toString() : null,
      createdAt: entry.createdAt?.toISOString() ?? null,
      provider: sidecar?.provider ?? null,
      providerName: sidecar ? PROVIDER_NAMES[sidecar.provider] : null,
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
    // The extension's media/ (script, styles, codicons) and the folder of takes, nothing else. The folder is
    // already the real path, checked against the workspace (see resolveTarget), so a symlinked or `..`
    // output folder never widens what the webview can read.
    const roots = [vscode.Uri.joinPath(this.deps.extensionUri, 'media'), vscode.Uri.file(this.target.folder)];
    return roots;
  }

  private post(message: HostMessage): void {
    if (this.isDisposed) return;
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

async function defaultConfirm(message: string, button: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true }, button);
  return choice === button;
}
