/**
 * A real VS Code (the code-server package's VS Code server) in headless
 * Chromium, with this extension loaded from the repository
 * (extensionDevelopmentPath) and a song folder open: what the player's end-to-end
 * test and `bench/player.ts` drive. Recipe: /work/shared/real-vscode-host.md.
 *
 * Every wait here is on something the page shows (Playwright's waitFor /
 * waitForFunction); nothing sleeps.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { chromiumProblem, launchChromium } from '../host/browser';
import { createWavStream, DEMO_TUNE, mp3FixturePath, type WavOptions } from '../fakeProvider';
import { delay, ensureCodeServer, isOfflineNoise, log, remoteUri, ServerOutputFilter, startServer, workbenchUrl, type RunningServer } from '../host/codeServer';

// out/test/e2e/session.js -> repository root
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const UI_TIMEOUT_MS = 30_000;

// The player starts a take only when asked; this lets a scripted click count as the user's gesture everywhere.
const AUTOPLAY_ARGS = ['--autoplay-policy=no-user-gesture-required'];

export interface SessionOptions {
  readonly workspace: string;
  readonly verbose?: boolean;
  readonly viewport?: { width: number; height: number };
  /** An extensions folder for the server (e.g. the bench's bare-panel extension); a fresh empty one by default. */
  readonly extensionsDir?: string;
}

export interface Session {
  readonly page: Page;
  readonly server: RunningServer;
  /** Browser console lines that mention a Content-Security-Policy violation. */
  readonly cspViolations: string[];
  close(): Promise<void>;
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const problem = chromiumProblem();
  if (problem) throw new Error(problem);
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'player.js')) || !fs.existsSync(path.join(REPO_ROOT, 'media', 'generated', 'player.js'))) {
    throw new Error('the player is not built: run npm run build');
  }
  const verbose = options.verbose ?? process.env['LYRICS_TEST_VERBOSE'] === '1';
  const installDir = await ensureCodeServer();
  const serverOutput = new ServerOutputFilter(verbose);
  const server = await startServer({
    installDir,
    workspaceTrust: false,
    ...(options.extensionsDir ? { extensionsDir: options.extensionsDir } : {}),
    onOutputLine: (line) => serverOutput.handle(line),
  });
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    serverOutput.mute();
    // close() can hang if the browser is wedged; the process dies with us anyway.
    if (browser) await Promise.race([browser.close(), delay(5000)]);
    await server.stop();
  };
  try {
    browser = await launchChromium(AUTOPLAY_ARGS);
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1440, height: 900 }, colorScheme: 'dark' });
    const cspViolations: string[] = [];
    page.on('pageerror', (error) => log(`workbench page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to (load|execute|apply|connect)/i.test(text)) cspViolations.push(text);
      if (verbose || (message.type() === 'error' && !isOfflineNoise(text) && /lyrics|player/i.test(text))) log(`browser ${message.type()}: ${text}`);
    });
    await page.goto(
      workbenchUrl(server, options.workspace, [
        ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
        ['skipWelcome', 'true'],
      ]),
    );
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    return { page, server, cspViolations, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Opens the quick input with `keys`, types `text`, and presses Enter on the row showing
 * `rowText`. Retried until UI_TIMEOUT_MS: right after start-up the workbench may drop a
 * keypress, and a command's `when` clause may not hold yet. Resolves with the page's
 * Date.now() just before Enter.
 */
async function quickPick(page: Page, keys: string, text: string, rowText: string): Promise<number> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  const row = widget.locator('.monaco-list-row', { hasText: rowText }).first();
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    try {
      // A closing quick input (the previous pick) would swallow what we type.
      await widget.waitFor({ state: 'hidden', timeout: 5000 });
      await page.keyboard.press(keys);
      await input.waitFor({ state: 'visible', timeout: 3000 });
      await input.fill(text);
      await row.waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`"${rowText}" did not show in the quick input (${keys}, "${text}"): ${String(error)}`, { cause: error });
      await page.keyboard.press('Escape');
    }
  }
  const startedAt = await page.evaluate(() => Date.now());
  await page.keyboard.press('Enter');
  return startedAt;
}

/** Ctrl+P, the file name, Enter; resolves once an editor tab shows it. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  await quickPick(page, 'Control+P', fileName, fileName);
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
}

/**
 * Runs a command from the palette. Resolves with the page's Date.now() just
 * before Enter, so callers can time what follows on the browser's clock.
 */
export function runCommand(page: Page, title: string): Promise<number> {
  return quickPick(page, 'Control+Shift+P', `>${title}`, title);
}

/**
 * The player's document: VS Code puts a webview in an iframe (`iframe.webview`)
 * that hosts the content in another (`#active-frame`). Resolves once the
 * player's markup is there.
 */
export function playerFrame(page: Page, timeout = UI_TIMEOUT_MS): Promise<Frame> {
  return webviewFrame(page, '#take-list', timeout);
}

/** The content document of the (first) webview on the page, once `readySelector` is in it. */
export async function webviewFrame(page: Page, readySelector: string, timeout = UI_TIMEOUT_MS): Promise<Frame> {
  const outerElement = page.locator('iframe.webview').first();
  await outerElement.waitFor({ state: 'attached', timeout });
  const outer = await (await outerElement.elementHandle())?.contentFrame();
  if (!outer) throw new Error('the webview iframe has no frame');
  const innerElement = outer.locator('#active-frame');
  await innerElement.waitFor({ state: 'attached', timeout });
  const inner = await (await innerElement.elementHandle())?.contentFrame();
  if (!inner) throw new Error('the webview has no content frame');
  await inner.locator(readySelector).waitFor({ state: 'attached', timeout });
  return inner;
}

// ---- song folders

export interface TakeSpec {
  readonly base: string;
  readonly format: 'mp3' | 'wav';
  /** WAV options for a generated take; the MP3 fixture is used for mp3 takes. */
  readonly wav?: WavOptions;
  readonly createdAt: string;
  readonly prompt: string;
  readonly lyrics: string;
  readonly provider: 'cloudflare' | 'scenario' | 'minimax';
  readonly durationMs: number | null;
}

export const SONG_TEXT = [
  '---',
  'title: Night Drive',
  'prompt: Dreamy synthwave, 96 BPM, warm analog pads, gated drums',
  'provider: minimax          # cloudflare | scenario | minimax',
  'format: wav',
  '---',
  '[Verse]',
  'Streetlights hum a borrowed tune',
  'Paper moons in the afternoon',
  '',
  '[Chorus]',
  'Sing it back, sing it back to me',
  '(ooh, ahh)',
  'Every line a little melody',
  '',
].join('\n');

/** Writes `song.lyrics` and its takes (audio + sidecar) into `folder`, plus a dark theme like the desktop default. */
export async function writeSongFolder(folder: string, takes: readonly TakeSpec[]): Promise<void> {
  fs.mkdirSync(path.join(folder, 'takes'), { recursive: true });
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'workbench.startupEditor': 'none' }, null, 2),
  );
  fs.writeFileSync(path.join(folder, 'song.lyrics'), SONG_TEXT);
  for (const take of takes) await writeTake(folder, take);
}

/** Writes one take (audio, then its sidecar) into `folder/takes`; the player's watcher picks up a take written while it is open. */
export async function writeTake(folder: string, take: TakeSpec): Promise<void> {
  const audioName = `${take.base}.${take.format}`;
  const audioPath = path.join(folder, 'takes', audioName);
  if (take.format === 'mp3') fs.copyFileSync(mp3FixturePath(), audioPath);
  else await writeStream(createWavStream({ tone: DEMO_TUNE, ...take.wav }), audioPath);
  const sidecar = {
    version: 1,
    audio: audioName,
    provider: take.provider,
    model: 'music-2.6',
    settings: { is_instrumental: false, lyrics_optimizer: false, sample_rate: take.wav?.sampleRate ?? 44100, bitrate: 256000, format: take.format },
    format: take.format,
    prompt: take.prompt,
    lyrics: take.lyrics,
    title: 'Night Drive',
    song: '../song.lyrics',
    createdAt: take.createdAt,
    durationMs: take.durationMs,
    requestId: null,
  };
  fs.writeFileSync(path.join(folder, 'takes', `${take.base}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
}

function writeStream(stream: NodeJS.ReadableStream, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file);
    stream.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve());
    stream.pipe(out);
  });
}

export function scratchFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
