/**
 * The player's webview in happy-dom, for the webview*.test.ts suites: the
 * real markup (the body of src/extension/player/html.ts, read from its source
 * because that module needs `vscode`), a waveform stand-in (wavesurfer.js
 * needs a canvas and audio decoding), and the webview API's three calls.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Window as HappyWindow } from 'happy-dom';
import type { PlayerState, WebviewMessage } from '../../src/shared/playerProtocol';
import { PlayerController, type PlayerDependencies } from '../../src/webview/player/controller';
import type { Peaks, WaveformColors, WaveformView } from '../../src/webview/player/transport';

const repoRoot = path.resolve(__dirname, '../../..');

/** The player's <body> as the host serves it, up to (not including) the script tag. */
function playerBody(): string {
  const source = fs.readFileSync(path.join(repoRoot, 'src', 'extension', 'player', 'html.ts'), 'utf8');
  const body = /<body>([\s\S]*?)<script /.exec(source)?.[1];
  if (!body || body.includes('${')) throw new Error('html.ts changed shape: its <body> no longer precedes a script tag, or interpolates');
  return body;
}

export interface PlayerPage {
  /**
   * happy-dom's window, typed as the browser's: the modules under test take lib.dom types,
   * and happy-dom implements them under its own class names.
   */
  readonly window: Window & typeof globalThis;
  readonly document: Document;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
  element<T extends HTMLElement = HTMLElement>(id: string): T;
  close(): Promise<void>;
}

/** A fresh page holding the player's markup. */
export function playerPage(): PlayerPage {
  const happy = new HappyWindow({ url: 'https://webview.test/index.html' });
  // A static skeleton of ours, without any file text: the one place innerHTML is right.
  happy.document.body.innerHTML = playerBody();
  const window = happy as unknown as Window & typeof globalThis;
  const document = window.document;
  return {
    window,
    document,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as above
    element<T extends HTMLElement>(id: string): T {
      const found = document.getElementById(id);
      if (!found) throw new Error(`no #${id}`);
      return found as T;
    },
    close: () => happy.happyDOM.close(),
  };
}

/** Stands in for wavesurfer.js: records what it was asked to draw, and draws at once. */
export class WaveformStandIn implements WaveformView {
  readonly loads: Array<{ readonly url: string; readonly precomputed: Peaks | undefined }> = [];
  cleared = 0;
  colors: WaveformColors | undefined;
  /** When set, the next load rejects with it (audio that can't be decoded). */
  failNext: Error | undefined;

  load(url: string, precomputed?: Peaks): Promise<void> {
    this.loads.push({ url, precomputed });
    const failure = this.failNext;
    this.failNext = undefined;
    return failure ? Promise.reject(failure) : Promise.resolve();
  }

  clear(): void {
    this.cleared++;
  }

  setColors(colors: WaveformColors): void {
    this.colors = colors;
  }
}

/** The webview API as the controller sees it: what it posted and what it saved, and a way to wait for a message. */
export class HostStandIn {
  readonly posted: WebviewMessage[] = [];
  /** Every setState, in order. */
  readonly saved: PlayerState[] = [];
  private readonly waiters: Array<{ match: (message: WebviewMessage) => boolean; resolve: (message: WebviewMessage) => void }> = [];

  constructor(public state?: unknown) {}

  post(message: WebviewMessage): void {
    this.posted.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  /** The first message posted from now on that matches. */
  next<T extends WebviewMessage>(match: (message: WebviewMessage) => message is T): Promise<T>;
  next(match: (message: WebviewMessage) => boolean): Promise<WebviewMessage>;
  next(match: (message: WebviewMessage) => boolean): Promise<WebviewMessage> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  ofType<K extends WebviewMessage['type']>(type: K): Array<Extract<WebviewMessage, { type: K }>> {
    return this.posted.filter((message): message is Extract<WebviewMessage, { type: K }> => message.type === type);
  }

  /** The latest status report. */
  lastStatus(): Extract<WebviewMessage, { type: 'status' }>['status'] | undefined {
    return this.ofType('status').at(-1)?.status;
  }
}

export interface Player {
  readonly page: PlayerPage;
  readonly host: HostStandIn;
  readonly waveform: WaveformStandIn;
  readonly controller: PlayerController;
}

/** The whole player on a fresh page; `state` is what getState returns (a reload's saved state). */
export function startPlayer(state?: unknown, page: PlayerPage = playerPage()): Player {
  const host = new HostStandIn(state);
  const waveform = new WaveformStandIn();
  const deps: PlayerDependencies = {
    document: page.document,
    post: (message) => host.post(message),
    getState: () => host.state,
    setState: (saved) => {
      host.state = saved;
      host.saved.push(saved);
    },
    createWaveform: () => waveform,
    now: () => 0,
    mark: () => undefined,
  };
  return { page, host, waveform, controller: new PlayerController(deps) };
}

/** Gives the page's <audio> a length: happy-dom loads no media, so it never learns one. */
export function giveDuration(audio: HTMLMediaElement, seconds: number): void {
  Object.defineProperty(audio, 'duration', { configurable: true, get: () => seconds });
}

/** A key press where a listener would get it: on the focused element, else the body. */
export function pressKey(page: PlayerPage, key: string, options: { readonly on?: Element; readonly ctrlKey?: boolean } = {}): KeyboardEvent {
  const event = new page.window.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ctrlKey: options.ctrlKey ?? false });
  (options.on ?? page.document.activeElement ?? page.document.body).dispatchEvent(event);
  return event;
}
