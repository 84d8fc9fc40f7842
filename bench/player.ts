/**
 * Lyrics Player figures, measured in a real browser: the same VS Code server +
 * headless Chromium as the end-to-end test (test/e2e/session.ts).
 *
 * - Panel interactive after `Lyrics: Open Player`: from the browser's clock
 *   when Enter runs the command to the webview's `lyrics:interactive` mark
 *   (takes listed, controls live). The first open loads dist/player.js (cold).
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
import type { Frame, Page } from 'playwright-core';
import { openFile, playerFrame, REPO_ROOT, runCommand, scratchFolder, startSession, UI_TIMEOUT_MS, writeSongFolder } from '../test/e2e/session';

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
}

const BIG = 'song-20261121-101500'; // the 6-minute WAV
const SMALL = 'song-20261121-113000'; // the MP3 fixture, newest, selected when the panel opens
const OPENS = 5;
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

async function closePlayer(page: Page): Promise<void> {
  const tab = page.locator('.tab', { hasText: 'Player · song' });
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

async function selectAndTimeWaveform(frame: Frame, index: number): Promise<number> {
  const before = await frame.evaluate(() => performance.getEntriesByName('lyrics:waveformDrawn', 'mark').length);
  const clickedAt = await frame.evaluate(() => performance.timeOrigin + performance.now());
  await frame.locator('#take-list > li').nth(index).locator('.take-main').click();
  await frame.waitForFunction((count) => performance.getEntriesByName('lyrics:waveformDrawn', 'mark').length > count, before, { timeout: 60_000 });
  return (await markTime(frame, 'lyrics:waveformDrawn')) - clickedAt;
}

export async function benchPlayer(): Promise<BenchRow[]> {
  const workspace = scratchFolder('lyrics-player-bench-');
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
    return startSession({ workspace });
  })();
  try {
    const { page } = session;
    await openFile(page, 'song.lyrics');

    const interactive: number[] = [];
    const own: number[] = [];
    let frame: Frame | undefined;
    for (let run = 0; run < OPENS; run++) {
      if (frame) await closePlayer(page);
      const opened = await openAndTimeInteractive(page);
      frame = opened.frame;
      interactive.push(opened.ms);
      own.push(opened.ownMs);
    }
    if (!frame) throw new Error('the player never opened');

    const waveform: number[] = [];
    for (let run = 0; run < SELECTS; run++) {
      waveform.push(await selectAndTimeWaveform(frame, 1)); // the big WAV
      await selectAndTimeWaveform(frame, 0); // back to the small MP3
    }

    const script = fs.readFileSync(path.join(REPO_ROOT, 'media', 'generated', 'player.js'));
    const hostBundle = fs.statSync(path.join(REPO_ROOT, 'dist', 'player.js')).size;
    const wavBytes = fs.statSync(path.join(workspace, 'takes', `${BIG}.wav`)).size;
    const [cold, ...warm] = interactive;
    return [
      { name: 'player: interactive after Lyrics: Open Player, first open (loads dist/player.js)', value: ms(cold ?? NaN), target: 'target ≤ 300 ms' },
      { name: `player: interactive after Lyrics: Open Player, median of ${warm.length} more`, value: ms(median(warm)), target: 'target ≤ 300 ms' },
      {
        name: `player: of that, from our webview script starting to interactive, median of ${OPENS}`,
        value: ms(median(own)),
        target: 'the rest is VS Code creating the webview',
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
