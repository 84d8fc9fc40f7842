/**
 * The Lyrics Player inside the webview. Everything it needs from the outside
 * world (the VS Code webview API, the waveform library, the clock) is passed
 * in by main.ts, so this file holds only the player's own behaviour.
 *
 * Trust: messages from the host are validated with the shared zod schemas and
 * malformed ones are ignored (and reported). Text from files (prompt, lyrics,
 * file names, a recovery record's reason and ids) is only ever set with
 * textContent, never parsed as HTML.
 */
import {
  parseHostMessage,
  parsePlayerState,
  describeRejected,
  type HostMessage,
  type NoticeLevel,
  type PendingView,
  type PlayerState,
  type PlayerStatus,
  type PlayerTarget,
  type TakeAction,
  type TakeView,
  type WebviewMessage,
} from '../../shared/playerProtocol';
import {
  limitedLyrics,
  formatDuration,
  formatTakeTime,
  formatTime,
  promptGlimpse,
  providerLabel,
  recordIdsLine,
  recoveryBusyText,
  recoveryButtonLabel,
} from './format';
import { applyTakesDelta } from '../../shared/takesDelta';

export interface WaveformColors {
  readonly wave: string;
  readonly progress: string;
  readonly cursor: string;
}

/** The waveform drawn from the audio itself; it seeks the media element it was given. */
export interface WaveformView {
  /**
   * Draws the waveform of the media element's source `url`: from `precomputed` peaks when
   * given, else by fetching and decoding the audio. Rejects when the audio can't be decoded.
   */
  load(url: string, precomputed?: { peaks: number[][]; durationSeconds: number }): Promise<void>;
  clear(): void;
  setColors(colors: WaveformColors): void;
}

export interface PlayerDependencies {
  readonly document: Document;
  post(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PlayerState): void;
  createWaveform(container: HTMLElement, media: HTMLMediaElement): WaveformView;
  /** Milliseconds on a monotonic clock (performance.now). */
  now(): number;
  /** Records a named timing mark where the bench can read it (performance.mark). */
  mark(name: string): void;
}

const SEEK_STEP_SECONDS = 5;

const ACTION_BUTTONS: ReadonlyArray<{ action: TakeAction; icon: string; label: string }> = [
  { action: 'reveal', icon: 'codicon-folder-opened', label: 'Reveal in Explorer' },
  { action: 'openSidecar', icon: 'codicon-json', label: 'Open sidecar' },
  { action: 'useSettings', icon: 'codicon-settings-gear', label: 'Use these settings in the song' },
  { action: 'delete', icon: 'codicon-trash', label: 'Delete take' },
];

/** What a recovery record's buttons ask the host (the message types of the same names). */
type RecordRequest = 'recover' | 'openRecord' | 'discard';
const RECORD_REQUESTS: readonly RecordRequest[] = ['recover', 'openRecord', 'discard'];

const NOTICE_ICONS: Readonly<Record<NoticeLevel, string>> = {
  info: 'codicon-info',
  warning: 'codicon-warning',
  error: 'codicon-error',
};

interface Elements {
  heading: HTMLElement;
  nowPlaying: HTMLElement;
  notice: HTMLElement;
  noticeIcon: HTMLElement;
  noticeText: HTMLElement;
  noticeClose: HTMLButtonElement;
  waveform: HTMLElement;
  play: HTMLButtonElement;
  playIcon: HTMLElement;
  elapsed: HTMLElement;
  total: HTMLElement;
  loop: HTMLButtonElement;
  volume: HTMLInputElement;
  volumeIcon: HTMLElement;
  takeList: HTMLElement;
  noTakes: HTMLElement;
  pending: HTMLElement;
  pendingList: HTMLElement;
  lyrics: HTMLElement;
  lyricsEmpty: HTMLElement;
  audio: HTMLAudioElement;
}

export class PlayerApp {
  private readonly el: Elements;
  private readonly waveform: WaveformView;
  private target: PlayerTarget | null = null;
  private takes: TakeView[] = [];
  /** Songs paid for but not downloaded yet (recovery records), as the host listed them. */
  private pending: PendingView[] = [];
  private selected: TakeView | null = null;
  private notice: { level: NoticeLevel; text: string } | null = null;
  private waveformDrawn = false;
  /** Bumped on every load, so late results of an earlier take are dropped. */
  private loadGeneration = 0;
  private selectStartedAt = 0;
  private interactiveMarked = false;
  private volume = 1;
  private loop = false;
  private lastSavedTime = -1;
  private readonly restored: PlayerState | undefined;
  /** The answer the host owes for a `requestPeaks`, by take id. */
  private readonly peakRequests = new Map<string, (answer: { peaks: number[][]; durationSeconds: number } | null) => void>();

  constructor(private readonly deps: PlayerDependencies) {
    const doc = deps.document;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
    const byId = <T extends HTMLElement>(id: string): T => {
      const element = doc.getElementById(id);
      if (!element) throw new Error(`player markup lacks #${id}`);
      return element as T;
    };
    this.el = {
      heading: byId('heading'),
      nowPlaying: byId('now-playing'),
      notice: byId('notice'),
      noticeIcon: byId('notice-icon'),
      noticeText: byId('notice-text'),
      noticeClose: byId('notice-close'),
      waveform: byId('waveform'),
      play: byId('play'),
      playIcon: byId('play-icon'),
      elapsed: byId('elapsed'),
      total: byId('total'),
      loop: byId('loop'),
      volume: byId('volume'),
      volumeIcon: byId('volume-icon'),
      takeList: byId('take-list'),
      noTakes: byId('no-takes'),
      pending: byId('pending'),
      pendingList: byId('pending-list'),
      lyrics: byId('lyrics'),
      lyricsEmpty: byId('lyrics-empty'),
      audio: byId('audio'),
    };
    const saved = parsePlayerState(deps.getState());
    this.restored = saved.ok ? saved.value : undefined;
    if (this.restored) {
      this.volume = this.restored.volume;
      this.loop = this.restored.loop;
    }
    this.waveform = deps.createWaveform(this.el.waveform, this.el.audio);
    this.bindControls();
    this.applyVolume();
    this.applyLoop();
    this.applyThemeColors();
    this.renderTransport();
    deps.post({ type: 'ready', selectedId: this.restored?.selectedId ?? null });
  }

  /** Entry point for every `message` event from the host. */
  receive(data: unknown): void {
    const parsed = parseHostMessage(data);
    if (!parsed.ok) {
      const text = `Ignored a malformed message from the extension (${describeRejected(data)}: ${parsed.reason}).`;
      this.deps.post({ type: 'log', level: 'warning', text });
      this.showNotice('warning', 'The player ignored a message it did not understand; see the Lyrics Studio log.');
      return;
    }
    this.handle(parsed.value);
  }

  /** Re-reads the theme's colours (the body's theme class changed). */
  applyThemeColors(): void {
    const style = getComputedStyle(this.deps.document.body);
    const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
    this.waveform.setColors({
      wave: read('--vscode-descriptionForeground', '#888'),
      progress: read('--vscode-button-background', read('--vscode-focusBorder', '#0078d4')),
      cursor: read('--vscode-editorCursor-foreground', read('--vscode-foreground', '#ccc')),
    });
  }

  private handle(message: HostMessage): void {
    switch (message.type) {
      case 'init': {
        this.target = message.target;
        this.el.heading.textContent = message.heading;
        this.takes = message.takes;
        this.renderTakes();
        this.pending = message.pending;
        this.renderPending();
        const wanted = message.select ?? this.restored?.selectedId ?? null;
        const first = this.takes.find((take) => take.id === wanted) ?? this.takes[0];
        if (first) {
          const restoreTime = this.restored && this.restored.selectedId === first.id && !message.autoplay ? this.restored.time : 0;
          this.select(first.id, { autoplay: message.autoplay, startAt: restoreTime });
        } else {
          this.renderSelection();
          this.postStatus();
        }
        this.saveState();
        if (!this.interactiveMarked) {
          this.interactiveMarked = true;
          this.deps.mark('lyrics:interactive');
          this.deps.post({ type: 'mark', name: 'interactive', ms: this.deps.now() });
        }
        break;
      }
      case 'takes':
        this.updateTakes(message.takes);
        this.pending = message.pending;
        this.renderPending();
        break;
      case 'takesDelta': {
        // Only a changed list is redrawn: with thousands of takes, a busy record is no reason to rebuild them all.
        if (message.upsert.length > 0 || message.remove.length > 0 || message.order !== null) {
          const applied = applyTakesDelta(this.takes, message);
          if (applied.missing.length > 0) {
            // The host lists only what it sent us, so this is a bug to hear about; the takes we know still show.
            this.deps.post({ type: 'log', level: 'warning', text: `A takes update named ${applied.missing.length} take(s) the player never got.` });
          }
          this.updateTakes(applied.takes);
        }
        if (message.pending !== null) {
          this.pending = message.pending;
          this.renderPending();
        }
        break;
      }
      case 'select':
        if (this.takes.some((take) => take.id === message.id)) this.select(message.id, { autoplay: message.autoplay, startAt: 0 });
        break;
      case 'notice':
        this.showNotice(message.level, message.text);
        break;
      case 'peaks': {
        const answer = this.peakRequests.get(message.id);
        this.peakRequests.delete(message.id);
        answer?.(message.peaks && message.peaks.length > 0 ? { peaks: message.peaks, durationSeconds: message.durationSeconds } : null);
        break;
      }
    }
  }

  // ---- takes

  private updateTakes(takes: TakeView[]): void {
    const previous = this.selected;
    this.takes = takes;
    this.renderTakes();
    if (!previous) return;
    const now = takes.find((take) => take.id === previous.id);
    if (!now) {
      // Deleted (here or elsewhere) while selected, maybe while playing.
      this.stopAndUnload();
      this.selected = null;
      this.renderSelection();
      this.showNotice('warning', `The take ${previous.fileName} was deleted.`);
      this.saveState();
      return;
    }
    this.selected = now;
    if (now.audioSrc === null && previous.audioSrc !== null) {
      // Its audio vanished but the sidecar is still there.
      this.stopAndUnload();
      this.showNotice('error', now.problem ?? `The audio of ${now.fileName} is gone.`);
    }
    this.renderSelection();
  }

  private select(id: string, options: { autoplay: boolean; startAt: number }): void {
    const take = this.takes.find((candidate) => candidate.id === id);
    if (!take) return;
    const generation = ++this.loadGeneration;
    this.selected = take;
    this.selectStartedAt = this.deps.now();
    this.clearNotice();
    this.renderTakes();
    this.renderSelection();

    if (take.audioSrc === null) {
      this.stopAndUnload();
      this.showNotice('error', take.problem ?? `${take.fileName} has no audio to play.`);
      this.saveState();
      return;
    }
    const audio = this.el.audio;
    // The host's URI (Uri.toString) percent-encodes what the browser would not ('+' as %2B);
    // use the browser's own spelling so it matches audio.currentSrc exactly.
    const src = new URL(take.audioSrc, this.deps.document.baseURI).href;
    audio.pause();
    audio.src = src;
    audio.loop = this.loop;
    if (options.startAt > 0) {
      audio.addEventListener(
        'loadedmetadata',
        () => {
          if (generation === this.loadGeneration) audio.currentTime = Math.min(options.startAt, audio.duration || options.startAt);
        },
        { once: true },
      );
    }
    if (options.autoplay) this.play();
    this.waveformDrawn = false;
    this.peaksFor(take.id)
      .then((precomputed) => {
        if (generation !== this.loadGeneration) return undefined;
        return this.waveform.load(src, precomputed ?? undefined);
      })
      .then(() => {
        if (generation !== this.loadGeneration) return;
        this.waveformDrawn = true;
        this.deps.mark('lyrics:waveformDrawn');
        this.deps.post({ type: 'mark', name: 'waveformDrawn', ms: this.deps.now() - this.selectStartedAt, id: take.id });
        this.postStatus();
      })
      .catch((error: unknown) => {
        if (generation !== this.loadGeneration) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.deps.post({ type: 'log', level: 'warning', text: `No waveform for ${take.fileName}: ${reason}` });
        // The audio element's own error, if any, says more; don't cover it.
        if (this.notice?.level !== 'error') {
          this.showNotice('warning', `No waveform for ${take.fileName}: the audio could not be decoded.`);
        }
      });
    this.saveState();
    this.postStatus();
  }

  /** Asks the host for the take's peaks (it computes them for WAV files); null means decode here. */
  private peaksFor(id: string): Promise<{ peaks: number[][]; durationSeconds: number } | null> {
    this.peakRequests.get(id)?.(null); // an older request for the same take: superseded
    return new Promise((resolve) => {
      this.peakRequests.set(id, resolve);
      this.deps.post({ type: 'requestPeaks', id });
    });
  }

  private stopAndUnload(): void {
    this.loadGeneration++;
    const audio = this.el.audio;
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    this.waveform.clear();
    this.waveformDrawn = false;
    this.renderTransport();
  }

  // ---- playback

  private play(): void {
    this.el.audio.play().catch((error: unknown) => {
      // NotAllowedError (no user gesture yet) or the source failing; the error event reports the latter.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      if (error instanceof DOMException && error.name === 'NotAllowedError') {
        this.showNotice('info', 'Press play to start the take.');
      }
    });
  }

  private togglePlay(): void {
    if (!this.selected?.audioSrc) return;
    if (this.el.audio.paused) this.play();
    else this.el.audio.pause();
  }

  private seekBy(seconds: number): void {
    const audio = this.el.audio;
    if (!this.selected?.audioSrc || !Number.isFinite(audio.duration)) return;
    audio.currentTime = Math.max(0, Math.min(audio.duration, audio.currentTime + seconds));
  }

  private seekTo(seconds: number): void {
    const audio = this.el.audio;
    if (!this.selected?.audioSrc || !Number.isFinite(audio.duration)) return;
    audio.currentTime = Math.max(0, Math.min(audio.duration, seconds));
  }

  private bindControls(): void {
    const { el } = this;
    el.play.addEventListener('click', () => this.togglePlay());
    el.loop.addEventListener('click', () => {
      this.loop = !this.loop;
      this.applyLoop();
      this.saveState();
    });
    el.volume.addEventListener('input', () => {
      this.volume = Number(el.volume.value);
      this.applyVolume();
      this.saveState();
    });
    el.noticeClose.addEventListener('click', () => this.clearNotice());

    const audio = el.audio;
    for (const event of ['play', 'pause', 'ended', 'loadedmetadata', 'durationchange', 'seeked', 'emptied'] as const) {
      audio.addEventListener(event, () => {
        this.renderTransport();
        this.postStatus();
      });
    }
    audio.addEventListener('timeupdate', () => {
      this.renderTransport();
      // The position survives a reload; saved about once a second, not on every tick.
      if (Math.abs(audio.currentTime - this.lastSavedTime) >= 1) this.saveState();
    });
    audio.addEventListener('error', () => {
      const take = this.selected;
      if (!take || !audio.getAttribute('src')) return;
      const reason = describeMediaError(audio.error);
      this.deps.post({ type: 'log', level: 'error', text: `Can't play ${take.fileName}: ${reason}` });
      this.showNotice('error', `Can't play ${take.fileName}: ${reason}.`);
      this.renderTransport();
    });

    el.takeList.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest('button');
      const item = button?.closest<HTMLElement>('[data-take-id]');
      const id = item?.dataset['takeId'];
      if (!button || !id) return;
      const action = button.dataset['action'] as TakeAction | undefined;
      if (action) this.deps.post({ type: 'action', action, id });
      else if (id !== this.selected?.id) this.select(id, { autoplay: false, startAt: 0 });
    });

    el.pendingList.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest('button');
      const id = button?.closest<HTMLElement>('[data-pending-id]')?.dataset['pendingId'];
      const request = RECORD_REQUESTS.find((candidate) => candidate === button?.dataset['request']);
      // The host decides; a busy entry's buttons are disabled, so a click there never arrives.
      if (id && request) this.deps.post({ type: request, id });
    });

    this.deps.document.addEventListener('keydown', (event) => this.onKey(event));
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    const inRange = target instanceof HTMLInputElement && target.type === 'range';
    // A <summary> (a record's "Prompt and lyrics") opens on Space like a button does.
    const onButton = target instanceof HTMLButtonElement || target?.tagName === 'SUMMARY';
    switch (event.key) {
      case ' ':
        if (onButton) return; // the button's own click
        event.preventDefault();
        this.togglePlay();
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        if (inRange) return; // the volume slider
        event.preventDefault();
        this.seekBy(event.key === 'ArrowLeft' ? -SEEK_STEP_SECONDS : SEEK_STEP_SECONDS);
        break;
      case 'Home':
        if (inRange) return;
        event.preventDefault();
        this.seekTo(0);
        break;
      case 'End':
        if (inRange) return;
        event.preventDefault();
        this.seekTo(this.el.audio.duration);
        break;
    }
  }

  private applyVolume(): void {
    this.el.audio.volume = this.volume;
    this.el.volume.value = String(this.volume);
    this.el.volume.setAttribute('aria-valuetext', `${Math.round(this.volume * 100)} %`);
    this.el.volumeIcon.className = `codicon ${this.volume === 0 ? 'codicon-mute' : 'codicon-unmute'}`;
  }

  private applyLoop(): void {
    this.el.audio.loop = this.loop;
    this.el.loop.setAttribute('aria-pressed', String(this.loop));
    this.el.loop.title = this.loop ? 'Loop: on' : 'Loop: off';
  }

  // ---- rendering (textContent only)

  private renderTransport(): void {
    const { el } = this;
    const audio = el.audio;
    const playable = Boolean(this.selected?.audioSrc) && !audio.error;
    const playing = !audio.paused && !audio.ended;
    el.play.disabled = !playable;
    el.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    el.play.title = playing ? 'Pause (Space)' : 'Play (Space)';
    el.playIcon.className = `codicon ${playing ? 'codicon-debug-pause' : 'codicon-play'}`;
    const duration = Number.isFinite(audio.duration) ? audio.duration : 0;
    el.elapsed.textContent = formatTime(audio.currentTime);
    el.total.textContent = formatTime(duration);
    el.waveform.setAttribute('aria-valuemax', String(Math.round(duration)));
    el.waveform.setAttribute('aria-valuenow', String(Math.round(audio.currentTime)));
    el.waveform.setAttribute('aria-valuetext', `${formatTime(audio.currentTime)} of ${formatTime(duration)}`);
    el.waveform.setAttribute('aria-disabled', String(!playable));
  }

  private renderTakes(): void {
    const { document: doc } = this.deps;
    const list = this.el.takeList;
    // Keep keyboard focus on the same control across a re-render.
    const focused = doc.activeElement as HTMLElement | null;
    const focusedTake = focused?.closest<HTMLElement>('[data-take-id]')?.dataset['takeId'];
    const focusedAction = focused?.dataset['action'] ?? '';

    list.replaceChildren(...this.takes.map((take) => this.takeItem(take)));
    this.el.noTakes.hidden = this.takes.length > 0;

    if (focusedTake && !list.contains(focused)) {
      const item = Array.from(list.querySelectorAll<HTMLElement>('[data-take-id]')).find((li) => li.dataset['takeId'] === focusedTake);
      const again = focusedAction ? item?.querySelector<HTMLElement>(`[data-action="${focusedAction}"]`) : item?.querySelector<HTMLElement>('.take-main');
      again?.focus();
    }
  }

  private takeItem(take: TakeView): HTMLElement {
    const doc = this.deps.document;
    const make = elementMaker(doc);
    const isSelected = take.id === this.selected?.id;
    const item = make('li', `take${isSelected ? ' selected' : ''}${take.problem ? ' broken' : ''}`);
    item.dataset['takeId'] = take.id;

    const main = make('button', 'take-main');
    main.type = 'button';
    main.setAttribute('aria-current', String(isSelected));
    const when = formatTakeTime(take.createdAt);
    const meta = [providerLabel(take.provider), (take.format ?? '?').toUpperCase(), formatDuration(take.durationMs)];
    if (take.demo) meta.push('demo');
    main.setAttribute('aria-label', `Take ${when}, ${meta.join(', ')}: ${promptGlimpse(take.prompt)}${take.problem ? `. Problem: ${take.problem}` : ''}`);
    main.title = take.prompt || take.fileName;
    main.append(make('span', 'take-time', when), make('span', 'take-meta', meta.join(' · ')), make('span', 'take-prompt', promptGlimpse(take.prompt)));
    if (take.problem) {
      const problem = make('span', 'take-problem');
      problem.append(make('span', 'codicon codicon-warning'), make('span', undefined, take.problem));
      main.append(problem);
    }

    const actions = make('div', 'take-actions');
    actions.setAttribute('role', 'toolbar');
    actions.setAttribute('aria-label', `Actions for ${take.fileName}`);
    for (const { action, icon, label } of ACTION_BUTTONS) {
      const button = make('button', 'icon-button');
      button.type = 'button';
      button.dataset['action'] = action;
      button.setAttribute('aria-label', `${label}: ${take.fileName}`);
      button.title = label;
      button.disabled = (action === 'openSidecar' && !take.hasSidecar) || (action === 'useSettings' && !take.canUseSettings);
      button.append(make('span', `codicon ${icon}`));
      actions.append(button);
    }
    item.append(main, actions);
    return item;
  }

  private renderPending(): void {
    const doc = this.deps.document;
    const list = this.el.pendingList;
    // Keep keyboard focus on the same record across a re-render; on the record itself when its button got disabled.
    const focused = doc.activeElement as HTMLElement | null;
    const focusedId = list.contains(focused) ? focused?.closest<HTMLElement>('[data-pending-id]')?.dataset['pendingId'] : undefined;
    const focusedRequest = focused?.dataset['request'] ?? '';

    list.replaceChildren(...this.pending.map((entry) => this.pendingItem(entry)));
    this.el.pending.hidden = this.pending.length === 0;

    if (focusedId) {
      const item = Array.from(list.querySelectorAll<HTMLElement>('[data-pending-id]')).find((li) => li.dataset['pendingId'] === focusedId);
      const button = focusedRequest ? item?.querySelector<HTMLButtonElement>(`[data-request="${focusedRequest}"]`) : null;
      (button && !button.disabled ? button : item)?.focus();
    }
  }

  private pendingItem(entry: PendingView): HTMLElement {
    const doc = this.deps.document;
    const make = elementMaker(doc);
    const item = make('li', `pending-item${entry.busy ? ' busy' : ''}${entry.problem ? ' broken' : ''}`);
    item.dataset['pendingId'] = entry.id;
    item.setAttribute('aria-busy', String(entry.busy));
    // Focusable from script only: where the keyboard lands when the focused button is disabled by a re-render.
    item.tabIndex = -1;

    const when = formatTakeTime(entry.createdAt);
    const label = entry.title ? `“${entry.title}”, ${when}` : when;
    const head = make('div', 'pending-head');
    head.append(make('span', 'pending-time', when));
    const meta = [providerLabel(entry.provider), ...(entry.model ? [entry.model] : []), ...(entry.title ? [`“${entry.title}”`] : [])];
    head.append(make('span', 'pending-meta', meta.join(' · ')));
    item.append(head);
    if (entry.prompt) item.append(make('p', 'pending-prompt', promptGlimpse(entry.prompt)));

    if (entry.reason) {
      const reason = make('p', 'pending-reason');
      reason.append(make('span', 'codicon codicon-warning'), make('span', undefined, entry.reason));
      item.append(reason);
    }
    const ids = recordIdsLine(entry.requestId, entry.jobId, entry.attempts);
    if (ids) item.append(make('p', 'pending-ids', ids));
    if (entry.problem) {
      const problem = make('p', 'pending-reason pending-problem');
      problem.append(make('span', 'codicon codicon-error'), make('span', undefined, entry.problem));
      item.append(problem);
    } else if (entry.action === 'none') {
      item.append(
        make(
          'p',
          'pending-note',
          'The provider’s answer held no audio we could find, so there is nothing to download. The answer is kept in the record; open it to read it.',
        ),
      );
    }
    if (entry.prompt || entry.lyrics) {
      const details = make('details', 'pending-details');
      details.append(make('summary', undefined, 'Prompt and lyrics as sent'));
      if (entry.prompt) details.append(make('p', 'pending-full-prompt', entry.prompt));
      if (entry.lyrics) details.append(make('pre', 'pending-lyrics', entry.lyrics));
      item.append(details);
    }

    const actions = make('div', 'pending-actions');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', `Actions for the song from ${label}`);
    if (entry.busy) {
      const busy = make('span', 'pending-busy');
      busy.setAttribute('role', 'status');
      busy.append(make('span', 'codicon codicon-loading codicon-modifier-spin'), make('span', undefined, recoveryBusyText(entry.action)));
      actions.append(busy);
    }
    const button = (request: RecordRequest, text: string, primary: boolean): HTMLButtonElement => {
      const element = make('button', `text-button${primary ? ' primary' : ''}`, text);
      element.type = 'button';
      element.dataset['request'] = request;
      element.setAttribute('aria-label', `${text}: the song from ${label}`);
      element.disabled = entry.busy && request !== 'openRecord';
      return element;
    };
    const recover = recoveryButtonLabel(entry.action);
    if (recover && !entry.problem) actions.append(button('recover', recover, true));
    actions.append(button('openRecord', 'Open record', false), button('discard', 'Discard', false));
    item.append(actions);
    return item;
  }

  private renderSelection(): void {
    const take = this.selected;
    this.el.nowPlaying.textContent = take ? take.fileName : this.takes.length ? 'No take selected' : '';
    const lyrics = this.el.lyrics;
    lyrics.replaceChildren();
    const text = take?.lyrics ?? null;
    this.el.lyricsEmpty.hidden = Boolean(text);
    this.el.lyricsEmpty.textContent = !take
      ? 'Select a take to see its lyrics.'
      : take.lyrics === null
        ? 'No sidecar: the lyrics sent for this take are unknown.'
        : 'Instrumental: no lyrics were sent.';
    if (text) {
      // Capped: a sidecar may hold thousands of lines, and drawing them all stalls the panel.
      const { lines, hidden } = limitedLyrics(text);
      for (const line of lines) {
        const element = this.deps.document.createElement(line.kind === 'tag' ? 'h3' : 'p');
        element.className = `lyric-${line.kind}`;
        if (line.kind !== 'blank') element.textContent = line.text;
        lyrics.append(element);
      }
      if (hidden > 0) {
        const note = this.deps.document.createElement('p');
        note.className = 'lyric-note';
        note.textContent = `… ${hidden.toLocaleString('en-US')} more lines not shown (the sidecar holds them all).`;
        lyrics.append(note);
      }
    }
    this.renderTransport();
  }

  // ---- notices

  private showNotice(level: NoticeLevel, text: string): void {
    this.notice = { level, text };
    const { notice, noticeIcon, noticeText } = this.el;
    notice.hidden = false;
    notice.className = `notice notice-${level}`;
    // Errors interrupt a screen reader; the rest wait their turn.
    notice.setAttribute('role', level === 'error' ? 'alert' : 'status');
    noticeIcon.className = `codicon ${NOTICE_ICONS[level]}`;
    noticeText.textContent = text;
    this.postStatus();
  }

  private clearNotice(): void {
    if (!this.notice) return;
    this.notice = null;
    this.el.notice.hidden = true;
    this.el.noticeText.textContent = '';
    this.postStatus();
  }

  // ---- state for the host and for reloads

  private postStatus(): void {
    const audio = this.el.audio;
    const status: PlayerStatus = {
      selectedId: this.selected?.id ?? null,
      audioSrc: audio.getAttribute('src') ?? '',
      playing: !audio.paused && !audio.ended,
      currentTime: Number.isFinite(audio.currentTime) ? audio.currentTime : 0,
      duration: Number.isFinite(audio.duration) ? audio.duration : 0,
      waveformDrawn: this.waveformDrawn,
      notice: this.notice,
    };
    this.deps.post({ type: 'status', status });
  }

  private saveState(): void {
    if (!this.target) return;
    const time = Number.isFinite(this.el.audio.currentTime) ? this.el.audio.currentTime : 0;
    this.lastSavedTime = time;
    this.deps.setState({ target: this.target, selectedId: this.selected?.id ?? null, volume: this.volume, loop: this.loop, time });
  }
}

/** Creates elements with a class and text; text only ever as textContent, never parsed as HTML. */
function elementMaker(doc: Document) {
  return <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
    const element = doc.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };
}

function describeMediaError(error: MediaError | null): string {
  switch (error?.code) {
    case 1:
      return 'loading was aborted';
    case 2:
      return 'the file could not be read (was it deleted or moved?)';
    case 3:
      return 'the file is damaged and could not be decoded';
    case 4:
      return 'the file is missing, damaged, or not audio this player can play';
    default:
      return 'an unknown playback error';
  }
}
