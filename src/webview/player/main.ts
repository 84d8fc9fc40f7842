/**
 * Entry point of the webview script (bundled by esbuild into
 * media/generated/player.js). Injects the outside world into PlayerController: the
 * VS Code webview API, wavesurfer.js for the waveform, and the clock.
 */
import WaveSurfer from 'wavesurfer.js';
import type { PlayerState, WebviewMessage } from '../../shared/playerProtocol';
import { PlayerController } from './controller';
import type { WaveformColors, WaveformView } from './transport';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PlayerState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// Where our own share of "interactive after Open Player" begins (bench/player.ts reads it).
performance.mark('lyrics:script');
const vscode = acquireVsCodeApi();
// wavesurfer puts a <style> in its shadow root; the CSP admits it only with this page's nonce.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

function createWaveform(container: HTMLElement, media: HTMLMediaElement): WaveformView {
  // Created before the <audio> has a source: given one, wavesurfer would start loading it on its own.
  const surfer = WaveSurfer.create({
    container,
    // Our own <audio>: it starts playing at once while the peaks are still being decoded.
    media,
    height: 'auto',
    waveColor: '#888',
    progressColor: '#0078d4',
    cursorColor: '#ccc',
    cursorWidth: 2,
    barWidth: 2,
    barGap: 1,
    barRadius: 1,
    dragToSeek: true,
    cspNonce: nonce,
  });
  return {
    async load(url, precomputed) {
      // wavesurfer keeps our element's source only when it equals media.currentSrc; otherwise it
      // swaps in a blob: URL (which the CSP refuses). currentSrc is set when loading starts.
      if (media.currentSrc !== url) {
        await new Promise<void>((resolve) => media.addEventListener('loadstart', () => resolve(), { once: true }));
      }
      if (media.currentSrc !== url) throw new Error('the take changed while loading');
      const drawn = new Promise<void>((resolve, reject) => {
        const offReady = surfer.once('ready', () => {
          offError();
          resolve();
        });
        const offError = surfer.once('error', (error) => {
          offReady();
          reject(error);
        });
      });
      // load() also rejects on failure; the promise above carries it. With peaks and a
      // duration it draws them and fetches nothing.
      surfer.load(url, precomputed?.peaks, precomputed?.durationSeconds).catch(() => undefined);
      await drawn;
    },
    clear() {
      surfer.empty();
    },
    setColors(colors: WaveformColors) {
      surfer.setOptions({ waveColor: colors.wave, progressColor: colors.progress, cursorColor: colors.cursor });
    },
  };
}

const app = new PlayerController({
  document,
  post: (message) => vscode.postMessage(message),
  getState: () => vscode.getState(),
  setState: (state) => vscode.setState(state),
  createWaveform,
  now: () => performance.now(),
  mark: (name) => performance.mark(name),
});

window.addEventListener('message', (event: MessageEvent<unknown>) => app.receive(event.data));
// VS Code swaps the body's theme class (vscode-light, vscode-dark, vscode-high-contrast…) on a theme change.
new MutationObserver(() => app.applyThemeColors()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
