/**
 * The player's transport: the <audio> element, the waveform drawn over it,
 * and the controls beside it (play/pause, elapsed and total time, loop,
 * volume). It plays, pauses and seeks only while the selected take has audio,
 * and loads a take's source when the controller selects one.
 */
import type { NoticeLevel, PlayerStatus } from '../../shared/playerProtocol';
import { formatTime } from './format';
import { requireElement } from './dom';

export interface WaveformColors {
  readonly wave: string;
  readonly progress: string;
  readonly cursor: string;
}

/** A waveform computed elsewhere (the host reads a WAV's samples): max/min pairs per channel. */
export interface Peaks {
  readonly peaks: number[][];
  readonly durationSeconds: number;
}

/** The waveform drawn from the audio itself; it seeks the media element it was given. */
export interface WaveformView {
  /**
   * Draws the waveform of the media element's source `url`: from `precomputed` peaks when
   * given, else by fetching and decoding the audio. Rejects when the audio can't be decoded.
   */
  load(url: string, precomputed?: Peaks): Promise<void>;
  clear(): void;
  setColors(colors: WaveformColors): void;
}

/** What the transport asks of the rest of the player. */
export interface TransportHost {
  /** Draws the waveform in `container` for `media` (wavesurfer.js in the webview). */
  createWaveform(container: HTMLElement, media: HTMLMediaElement): WaveformView;
  /** Whether the selected take has audio: without it the play button and the keys do nothing. */
  hasAudio(): boolean;
  /** Tells the listener something (playback refused before a user gesture). */
  notify(level: NoticeLevel, text: string): void;
  /** The media element's state changed (played, paused, sought, a new source), after the controls were redrawn. */
  onMediaChange(): void;
  /** The listener changed the volume or the loop: worth keeping for a reload. */
  onSettingsChange(): void;
}

/** Names one `load`: callbacks of an earlier load check it and drop their late results. */
export type LoadToken = number;

/** The media element's state as the host's status report carries it. */
export type MediaStatus = Pick<PlayerStatus, 'audioSrc' | 'playing' | 'currentTime' | 'duration' | 'waveformDrawn'>;

export class Transport {
  readonly audio: HTMLAudioElement;
  private readonly waveform: WaveformView;
  private readonly waveformBox: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly playIcon: HTMLElement;
  private readonly elapsed: HTMLElement;
  private readonly total: HTMLElement;
  private readonly loopButton: HTMLButtonElement;
  private readonly volumeInput: HTMLInputElement;
  private readonly volumeIcon: HTMLElement;
  private volume: number;
  private loop: boolean;
  /** Bumped on every load and unload, so late results of an earlier take are dropped. */
  private generation = 0;
  private drawn = false;

  constructor(
    private readonly doc: Document,
    private readonly host: TransportHost,
    initial: { readonly volume: number; readonly loop: boolean },
  ) {
    this.waveformBox = requireElement(doc, 'waveform');
    this.playButton = requireElement(doc, 'play');
    this.playIcon = requireElement(doc, 'play-icon');
    this.elapsed = requireElement(doc, 'elapsed');
    this.total = requireElement(doc, 'total');
    this.loopButton = requireElement(doc, 'loop');
    this.volumeInput = requireElement(doc, 'volume');
    this.volumeIcon = requireElement(doc, 'volume-icon');
    this.audio = requireElement(doc, 'audio');
    this.volume = initial.volume;
    this.loop = initial.loop;
    this.waveform = host.createWaveform(this.waveformBox, this.audio);
    this.bindControls();
    this.applyVolume();
    this.applyLoop();
    this.applyThemeColors();
    this.render();
  }

  /** The listener's volume (0…1) and loop choice, as kept across reloads. */
  get settings(): { readonly volume: number; readonly loop: boolean } {
    return { volume: this.volume, loop: this.loop };
  }

  /** The playback position in seconds; 0 when the element has none. */
  get currentTime(): number {
    return Number.isFinite(this.audio.currentTime) ? this.audio.currentTime : 0;
  }

  /** The media element's duration as it reports it (NaN before metadata, Infinity for a stream). */
  get duration(): number {
    return this.audio.duration;
  }

  status(): MediaStatus {
    const audio = this.audio;
    return {
      audioSrc: audio.getAttribute('src') ?? '',
      playing: !audio.paused && !audio.ended,
      currentTime: this.currentTime,
      duration: Number.isFinite(audio.duration) ? audio.duration : 0,
      waveformDrawn: this.drawn,
    };
  }

  /**
   * Loads a take's audio (a URL in the browser's own spelling) in place of the current one: from
   * `startAt` seconds once its metadata is in, and playing at once with `autoplay`. The waveform
   * is drawn separately, by `drawWaveform` with the returned token.
   */
  load(src: string, options: { readonly startAt: number; readonly autoplay: boolean }): LoadToken {
    const token = ++this.generation;
    const audio = this.audio;
    audio.pause();
    audio.src = src;
    audio.loop = this.loop;
    if (options.startAt > 0) {
      audio.addEventListener(
        'loadedmetadata',
        () => {
          if (this.isCurrent(token)) audio.currentTime = Math.min(options.startAt, audio.duration || options.startAt);
        },
        { once: true },
      );
    }
    if (options.autoplay) this.play();
    this.drawn = false;
    return token;
  }

  /** Whether `token` names the latest load (no other take was loaded, nor the audio unloaded, since). */
  isCurrent(token: LoadToken): boolean {
    return token === this.generation;
  }

  /**
   * Draws the waveform of the load `token` named; true when it was drawn and that load is still
   * current, false when a later load or an unload superseded it. Rejects when the audio can't be decoded.
   */
  async drawWaveform(token: LoadToken, src: string, precomputed?: Peaks): Promise<boolean> {
    if (!this.isCurrent(token)) return false;
    await this.waveform.load(src, precomputed);
    if (!this.isCurrent(token)) return false;
    this.drawn = true;
    return true;
  }

  /** Stops playback and drops the source and the waveform (the take is gone, or has no audio). */
  unload(): void {
    this.generation++;
    const audio = this.audio;
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    this.waveform.clear();
    this.drawn = false;
    this.render();
  }

  play(): void {
    this.audio.play().catch((error: unknown) => {
      // NotAllowedError (no user gesture yet) or the source failing; the error event reports the latter.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      if (error instanceof DOMException && error.name === 'NotAllowedError') {
        this.host.notify('info', 'Press play to start the take.');
      }
    });
  }

  togglePlay(): void {
    if (!this.host.hasAudio()) return;
    if (this.audio.paused) this.play();
    else this.audio.pause();
  }

  seekBy(seconds: number): void {
    const audio = this.audio;
    if (!this.host.hasAudio() || !Number.isFinite(audio.duration)) return;
    audio.currentTime = Math.max(0, Math.min(audio.duration, audio.currentTime + seconds));
  }

  seekTo(seconds: number): void {
    const audio = this.audio;
    if (!this.host.hasAudio() || !Number.isFinite(audio.duration)) return;
    audio.currentTime = Math.max(0, Math.min(audio.duration, seconds));
  }

  /** Re-reads the theme's colours for the waveform (the body's theme class changed). */
  applyThemeColors(): void {
    const style = this.doc.defaultView?.getComputedStyle(this.doc.body);
    const read = (name: string, fallback: string): string => style?.getPropertyValue(name).trim() || fallback;
    this.waveform.setColors({
      wave: read('--vscode-descriptionForeground', '#888'),
      progress: read('--vscode-button-background', read('--vscode-focusBorder', '#0078d4')),
      cursor: read('--vscode-editorCursor-foreground', read('--vscode-foreground', '#ccc')),
    });
  }

  /** Redraws the controls from the media element's state (textContent only). */
  render(): void {
    const audio = this.audio;
    const playable = this.host.hasAudio() && !audio.error;
    const playing = !audio.paused && !audio.ended;
    this.playButton.disabled = !playable;
    this.playButton.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    this.playButton.title = playing ? 'Pause (Space)' : 'Play (Space)';
    this.playIcon.className = `codicon ${playing ? 'codicon-debug-pause' : 'codicon-play'}`;
    const duration = Number.isFinite(audio.duration) ? audio.duration : 0;
    this.elapsed.textContent = formatTime(audio.currentTime);
    this.total.textContent = formatTime(duration);
    const box = this.waveformBox;
    box.setAttribute('aria-valuemax', String(Math.round(duration)));
    box.setAttribute('aria-valuenow', String(Math.round(audio.currentTime)));
    box.setAttribute('aria-valuetext', `${formatTime(audio.currentTime)} of ${formatTime(duration)}`);
    box.setAttribute('aria-disabled', String(!playable));
  }

  private bindControls(): void {
    this.playButton.addEventListener('click', () => this.togglePlay());
    this.loopButton.addEventListener('click', () => {
      this.loop = !this.loop;
      this.applyLoop();
      this.host.onSettingsChange();
    });
    this.volumeInput.addEventListener('input', () => {
      this.volume = Number(this.volumeInput.value);
      this.applyVolume();
      this.host.onSettingsChange();
    });
    const audio = this.audio;
    for (const event of ['play', 'pause', 'ended', 'loadedmetadata', 'durationchange', 'seeked', 'emptied'] as const) {
      audio.addEventListener(event, () => {
        this.render();
        this.host.onMediaChange();
      });
    }
    audio.addEventListener('timeupdate', () => this.render());
  }

  private applyVolume(): void {
    this.audio.volume = this.volume;
    this.volumeInput.value = String(this.volume);
    this.volumeInput.setAttribute('aria-valuetext', `${Math.round(this.volume * 100)} %`);
    this.volumeIcon.className = `codicon ${this.volume === 0 ? 'codicon-mute' : 'codicon-unmute'}`;
  }

  private applyLoop(): void {
    this.audio.loop = this.loop;
    this.loopButton.setAttribute('aria-pressed', String(this.loop));
    this.loopButton.title = this.loop ? 'Loop: on' : 'Loop: off';
  }
}

/** The media element's error in words, for the notice and the log. */
export function describeMediaError(error: MediaError | null): string {
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
