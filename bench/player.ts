/**
 * Lyrics Player figures, measured in a real browser: the same VS Code server +
 * headless Chromium as the end-to-end test (test/e2e/session.ts).
 *
 * - Panel interactive after `Lyrics: Open Player`: from the browser's clock
 *   when Enter runs the command to the webview's `lyrics:interactive` mark
 *   (takes listed, controls live). The first open loads dist/player.js (cold).
 * - The same figure for a bare webview panel opened the same way (palette,
 *   beside the editor, scripts on; its one inline script marks `bench:loaded`
 *   and posts a message), and the player's figure over it (goal ≤ 1.2): what
 *   the player adds to what VS Code costs for any panel, a ratio that reads
 *   the same on a fast machine and a slow one. The bare panel comes from a
 *   tiny second extension, bench/bare-panel/, installed into the session's
 *   throwaway extensions folder so no bench code ships in the product. Opens
 *   alternate (player, bare, player, …) so drift hits both alike.
 * - Waveform drawn after selecting a 6-minute 44.1 kHz stereo WAV (63.5 MB):
 *   from the click on the take to the webview's `lyrics:waveformDrawn` mark
 *   (fetched, decoded, drawn), both on the webview's own clock.
 * - The webview script's size.
 *
 * `node out/bench/player.js` runs it alone; bench/bench.ts calls benchPlayer().
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as os from 'node:os';
import type { Frame, Page } from 'playwright-core';
import { openFile, playerFrame, REPO_ROOT, runCommand, scratchFolder, startSession, UI_TIMEOUT_MS, webviewFrame, writeSongFolder } from '../test/e2e/session';
import { BARE_PANEL_COMMAND_TITLE, BARE_PANEL_MARK, BARE_PANEL_TITLE } from './bare-panel/names';

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
}

const BIG = 'song-20261121-101500'; // the 6-minute WAV
const SMALL = 'song-20261121-113000'; // the MP3 fixture, newest, selected when the panel opens
const OPENS = 7; // each of the player and the bare panel; the first of each is cold
const PLAYER_TAB = 'Player · song';
const SELECTS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;

/** Wall-clock time (ms since the epoch, the browser's clock) of the last mark `name` in the webview. */
function markTime(frame: Frame, name: string): Promise<number> {
  return frame.evaluate((markName) => {
    const entries = performance.getEntriesByName(markName, 'mark');
    const last = entries[entries.length - 1];
    return last ? performance.timeOrigin + last.startTime : NaN;
  }, name);
}

async function closeTab(page: Page, title: string): Promise<void> {
  const tab = page.locator('.tab', { hasText: title });
  await tab.click({ button: 'middle' });
  await tab.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
}

async function openAndTimeInteractive(page: Page): Promise<{ frame: Frame; ms: number; ownMs: number }> {
  const commandAt = await runCommand(page, 'Lyrics: Open Player');
  const frame = await playerFrame(page);
  await frame.waitForFunction(() => performance.getEntriesByName('lyrics:interactive', 'mark').length > 0, undefined, { timeout: UI_TIMEOUT_MS });
  const interactiveAt = await markTime(frame, 'lyrics:interactive');
  return { frame, ms: interactiveAt - commandAt, ownMs: interactiveAt - (await markTime(frame, 'lyrics:script')) };
}

/** From Enter on the bare panel's command to its script's mark, on the browser's clock like the player's figure. */
async function openAndTimeBarePanel(page: Page): Promise<number> {
  const commandAt = await runCommand(page, BARE_PANEL_COMMAND_TITLE);
  const frame = await webviewFrame(page, '#bare');
  await frame.waitForFunction((mark) => performance.getEntriesByName(mark, 'mark').length > 0, BARE_PANEL_MARK, { timeout: UI_TIMEOUT_MS });
  return (await markTime(frame, BARE_PANEL_MARK)) - commandAt;
}

/**
 * The VS Code server takes one development extension (Lyrics Studio), so the
 * bare-panel extension is installed instead, as scripts/start.ts installs the
 * demo's: copied, compiled, into a fresh extensions folder.
 */
function installBarePanelExtension(): string {
  const source = path.join(REPO_ROOT, 'bench', 'bare-panel');
  const compiled = path.join(REPO_ROOT, 'out', 'bench', 'bare-panel');
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-bench-extensions-'));
  const target = path.join(extensionsDir, 'lyrics-studio.lyrics-bench-bare-panel-0.0.0');
  fs.mkdirSync(target);
  const manifest = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ ...manifest, main: './extension.js' }, null, 2));
  for (const file of ['extension.js', 'names.js']) fs.copyFileSync(path.join(compiled, file), path.join(target, file));
  return extensionsDir;
}

async function selectAndTimeWaveform(frame: Frame, index: number): Promise<number> {
  const before = await frame.evaluate(() => performance.getEntriesByName('lyrics:waveformDrawn', 'mark').length);
  const clickedAt = await frame.evaluate(() => performance.timeOrigin + performance.now());
  await frame.locator('#take-list > li').nth(index).locator('.take-main').click();
  await frame.waitForFunction((count) => performance.getEntriesByName('lyrics:waveformDrawn', 'mark').length > count, before, { timeout: 60_000 });
  return (await markTime(frame, 'lyrics:waveformDrawn')) - clickedAt;
}

export async function benchPlayer(): Promise<BenchRow[]> {
  const workspace = scratchFolder('lyrics-player-bench-');
  const extensionsDir = installBarePanelExtension();
  const session = await (async () => {
    await writeSongFolder(workspace, [
      {
        base: SMALL,
        format: 'mp3',
        createdAt: '2026-11-21T11:30:00.000Z',
        prompt: 'Upbeat indie pop',
        lyrics: '[Verse]\nla',
        provider: 'cloudflare',
        durationMs: 4000,
      },
      {
        base: BIG,
        format: 'wav',
        wav: { durationSeconds: 360, sampleRate: 44100, channels: 2 },
        createdAt: '2026-11-21T10:15:00.000Z',
        prompt: 'Six minutes of synthwave',
        lyrics: '[Verse]\nla',
        provider: 'minimax',
        durationMs: 360_000,
      },
    ]);
    return startSession({ workspace, extensionsDir });
  })();
  try {
    const { page } = session;
    await openFile(page, 'song.lyrics');

    const interactive: number[] = [];
    const own: number[] = [];
    const bare: number[] = [];
    for (let run = 0; run < OPENS; run++) {
      const opened = await openAndTimeInteractive(page);
      interactive.push(opened.ms);
      own.push(opened.ownMs);
      // One webview at a time, so each open is timed alone and webviewFrame finds the right one.
      await closeTab(page, PLAYER_TAB);
      bare.push(await openAndTimeBarePanel(page));
      await closeTab(page, BARE_PANEL_TITLE);
    }
    const { frame } = await openAndTimeInteractive(page); // untimed: the waveform figures below need an open player

    const waveform: number[] = [];
    for (let run = 0; run < SELECTS; run++) {
      waveform.push(await selectAndTimeWaveform(frame, 1)); // the big WAV
      await selectAndTimeWaveform(frame, 0); // back to the small MP3
    }

    const script = fs.readFileSync(path.join(REPO_ROOT, 'media', 'generated', 'player.js'));
    const hostBundle = fs.statSync(path.join(REPO_ROOT, 'dist', 'player.js')).size;
    const wavBytes = fs.statSync(path.join(workspace, 'takes', `${BIG}.wav`)).size;
    const [cold, ...warm] = interactive;
    const [bareCold, ...bareWarm] = bare;
    const ratio = median(warm) / median(bareWarm);
    return [
      { name: 'player: interactive after Lyrics: Open Player, first open (loads dist/player.js)', value: ms(cold ?? NaN), target: 'target ≤ 300 ms' },
      { name: `player: interactive after Lyrics: Open Player, median of ${warm.length} more`, value: ms(median(warm)), target: 'target ≤ 300 ms' },
      {
        name: `player: of that, from our webview script starting to interactive, median of ${OPENS}`,
        value: ms(median(own)),
        target: 'the rest is VS Code creating the webview',
      },
      {
        name: `bare webview panel: script running after ${BARE_PANEL_COMMAND_TITLE}, first open`,
        value: ms(bareCold ?? NaN),
        target: 'activates the bench extension',
      },
      { name: `bare webview panel: script running after ${BARE_PANEL_COMMAND_TITLE}, median of ${bareWarm.length} more`, value: ms(median(bareWarm)) },
      {
        name: `player: interactive ÷ bare webview panel opened the same way (medians of ${warm.length} warm opens)`,
        value: `${ratio.toFixed(2)}×`,
        target: `goal ≤ 1.2 (${ms(median(warm))} ÷ ${ms(median(bareWarm))})`,
      },
      {
        name: `player: waveform drawn after selecting a 6-min 44.1 kHz stereo WAV (${(wavBytes / 1e6).toFixed(1)} MB), median of ${SELECTS}`,
        value: ms(median(waveform)),
        target: `target ≤ 1 s (max ${ms(Math.max(...waveform))})`,
      },
      {
        name: 'player: webview script media/generated/player.js',
        value: `${(script.length / 1024).toFixed(1)} KB`,
        target: `${(zlib.gzipSync(script).length / 1024).toFixed(1)} KB gzipped`,
      },
      { name: 'player: host side dist/player.js (loaded on first open)', value: `${(hostBundle / 1024).toFixed(1)} KB` },
    ];
  } finally {
    await session.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(extensionsDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchPlayer().then(
    (rows) => {
      console.log('\nLyrics Player (real browser)');
      for (const row of rows) console.log(`${row.name.padEnd(96)} ${row.value.padStart(10)}  ${row.target ?? ''}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
