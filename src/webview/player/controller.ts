/**
 * The Lyrics Player inside the webview: the controller. It holds the state
 * (the takes and recovery records the host listed, the selected take), acts
 * on the host's messages, answers with its own, and keeps what a reload
 * restores (vscode.getState/setState). The parts it drives draw themselves:
 * the take list, the records, the lyrics, the transport and keys, the notices.
 *
 * Everything it needs from the outside world (the VS Code webview API, the
 * waveform library, the clock) is passed in by main.ts, so it can be built in
 * a test's DOM.
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
  type PendingView,
  type PlayerState,
  type PlayerTarget,
  type TakeView,
  type WebviewMessage,
} from '../../shared/playerProtocol';
import { applyTakesDelta } from '../../shared/takesDelta';
import { requireElement } from './dom';
import { bindKeyboard } from './keyboard';
import { LyricsView } from './lyricsView';
import { Notices } from './notices';
import { PendingList } from './pendingList';
import { TakeList } from './takeList';
import { describeMediaError, Transport, type Peaks, type WaveformView } from './transport';

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

export class PlayerController {
  private readonly heading: HTMLElement;
  private readonly notices: Notices;
  private readonly transport: Transport;
  private readonly takeList: TakeList;
  private readonly pendingList: PendingList;
  private readonly lyricsView: LyricsView;
  private target: PlayerTarget | null = null;
  private takes: TakeView[] = [];
  /** Songs paid for but not downloaded yet (recovery records), as the host listed them. */
  private pending: PendingView[] = [];
  private selected: TakeView | null = null;
  private selectStartedAt = 0;
  private interactiveMarked = false;
  private lastSavedTime = -1;
  private readonly restored: PlayerState | undefined;
  /** The answer the host owes for a `requestPeaks`, by take id. */
  private readonly peakRequests = new Map<string, (answer: Peaks | null) => void>();

  constructor(private readonly deps: PlayerDependencies) {
    const doc = deps.document;
    const saved = parsePlayerState(deps.getState());
    this.restored = saved.ok ? saved.value : undefined;
    this.heading = requireElement(doc, 'heading');
    this.notices = new Notices(doc, () => this.postStatus());
    this.transport = new Transport(
      doc,
      {
        createWaveform: (container, media) => deps.createWaveform(container, media),
        hasAudio: () => Boolean(this.selected?.audioSrc),
        notify: (level, text) => this.notices.show(level, text),
        onMediaChange: () => this.postStatus(),
        onSettingsChange: () => this.saveState(),
      },
      { volume: this.restored?.volume ?? 1, loop: this.restored?.loop ?? false },
    );
    this.takeList = new TakeList(doc, {
      choose: (id) => {
        if (id !== this.selected?.id) this.select(id, { autoplay: false, startAt: 0 });
      },
      action: (action, id) => deps.post({ type: 'action', action, id }),
    });
    this.pendingList = new PendingList(doc, (request, id) => deps.post({ type: request, id }));
    this.lyricsView = new LyricsView(doc);

    const audio = this.transport.audio;
    audio.addEventListener('timeupdate', () => {
      // The position survives a reload; saved about once a second, not on every tick.
      if (Math.abs(audio.currentTime - this.lastSavedTime) >= 1) this.saveState();
    });
    audio.addEventListener('error', () => {
      const take = this.selected;
      if (!take || !audio.getAttribute('src')) return;
      const reason = describeMediaError(audio.error);
      deps.post({ type: 'log', level: 'error', text: `Can't play ${take.fileName}: ${reason}` });
      this.notices.show('error', `Can't play ${take.fileName}: ${reason}.`);
      this.transport.render();
    });
    bindKeyboard(doc, this.transport);

    deps.post({ type: 'ready', selectedId: this.restored?.selectedId ?? null });
  }

  /** Entry point for every `message` event from the host. */
  receive(data: unknown): void {
    const parsed = parseHostMessage(data);
    if (!parsed.ok) {
      const text = `Ignored a malformed message from the extension (${describeRejected(data)}: ${parsed.reason}).`;
      this.deps.post({ type: 'log', level: 'warning', text });
      this.notices.show('warning', 'The player ignored a message it did not understand; see the Lyrics Studio log.');
      return;
    }
    this.handle(parsed.value);
  }

  /** Re-reads the theme's colours (the body's theme class changed). */
  applyThemeColors(): void {
    this.transport.applyThemeColors();
  }

  private handle(message: HostMessage): void {
    switch (message.type) {
      case 'init': {
        this.target = message.target;
        this.heading.textContent = message.heading;
        this.takes = message.takes;
        this.renderTakes();
        this.pending = message.pending;
        this.pendingList.render(this.pending);
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
        this.pendingList.render(this.pending);
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
          this.pendingList.render(this.pending);
        }
        break;
      }
      case 'select':
        if (this.takes.some((take) => take.id === message.id)) this.select(message.id, { autoplay: message.autoplay, startAt: 0 });
        break;
      case 'notice':
        this.notices.show(message.level, message.text);
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
      this.transport.unload();
      this.selected = null;
      this.renderSelection();
      this.notices.show('warning', `The take ${previous.fileName} was deleted.`);
      this.saveState();
      return;
    }
    this.selected = now;
    if (now.audioSrc === null && previous.audioSrc !== null) {
      // Its audio vanished but the sidecar is still there.
      this.transport.unload();
      this.notices.show('error', now.problem ?? `The audio of ${now.fileName} is gone.`);
    }
    this.renderSelection();
  }

  private select(id: string, options: { autoplay: boolean; startAt: number }): void {
    const take = this.takes.find((candidate) => candidate.id === id);
    if (!take) return;
    this.selected = take;
    this.selectStartedAt = this.deps.now();
    this.notices.clear();
    this.renderTakes();
    this.renderSelection();

    if (take.audioSrc === null) {
      this.transport.unload();
      this.notices.show('error', take.problem ?? `${take.fileName} has no audio to play.`);
      this.saveState();
      return;
    }
    // The host's URI (Uri.toString) percent-encodes what the browser would not ('+' as %2B);
    // use the browser's own spelling so it matches audio.currentSrc exactly.
    const src = new URL(take.audioSrc, this.deps.document.baseURI).href;
    const load = this.transport.load(src, options);
    this.peaksFor(take.id)
      .then((precomputed) => this.transport.drawWaveform(load, src, precomputed ?? undefined))
      .then((drawn) => {
        if (!drawn) return;
        this.deps.mark('lyrics:waveformDrawn');
        this.deps.post({ type: 'mark', name: 'waveformDrawn', ms: this.deps.now() - this.selectStartedAt, id: take.id });
        this.postStatus();
      })
      .catch((error: unknown) => {
        if (!this.transport.isCurrent(load)) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.deps.post({ type: 'log', level: 'warning', text: `No waveform for ${take.fileName}: ${reason}` });
        // The audio element's own error, if any, says more; don't cover it.
        if (this.notices.current?.level !== 'error') {
          this.notices.show('warning', `No waveform for ${take.fileName}: the audio could not be decoded.`);
        }
      });
    this.saveState();
    this.postStatus();
  }

  /** Asks the host for the take's peaks (it computes them for WAV files); null means decode here. */
  private peaksFor(id: string): Promise<Peaks | null> {
    this.peakRequests.get(id)?.(null); // an older request for the same take: superseded
    return new Promise((resolve) => {
      this.peakRequests.set(id, resolve);
      this.deps.post({ type: 'requestPeaks', id });
    });
  }

  // ---- rendering

  private renderTakes(): void {
    this.takeList.render(this.takes, this.selected?.id ?? null);
  }

  private renderSelection(): void {
    this.lyricsView.render(this.selected, this.takes.length > 0);
    this.transport.render();
  }

  // ---- state for the host and for reloads

  private postStatus(): void {
    this.deps.post({ type: 'status', status: { selectedId: this.selected?.id ?? null, ...this.transport.status(), notice: this.notices.current } });
  }

  private saveState(): void {
    if (!this.target) return;
    const time = this.transport.currentTime;
    this.lastSavedTime = time;
    this.deps.setState({ target: this.target, selectedId: this.selected?.id ?? null, ...this.transport.settings, time });
  }
}
