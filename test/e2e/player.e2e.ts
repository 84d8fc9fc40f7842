// `npm run test:e2e` (node out/test/e2e/player.e2e.js): the Lyrics Player end
// to end in a real browser. A real VS Code (code-server's VS Code server) in
// headless Chromium opens a song folder with two takes; the test runs
// `Lyrics: Open Player` from the command palette, presses play inside the
// webview, checks that the audio really advances, switches takes, uses the
// keyboard, reloads the window (the serializer restores the panel on the same
// take), and saves test-artifacts/player.png. Ends with `e2e: N passed, N failed`.
//
// Environment: LYRICS_TEST_TIMEOUT_MS (default 300000), LYRICS_CHROMIUM_PATH,
// LYRICS_CODE_SERVER_DIR, LYRICS_TEST_VERBOSE=1 (see test/host/runInCodeServer.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { log } from '../host/codeServer';
import { openFile, playerFrame, REPO_ROOT, runCommand, scratchFolder, startSession, UI_TIMEOUT_MS, writeSongFolder, type Session } from './session';

const SCREENSHOT = path.join(REPO_ROOT, 'test-artifacts', 'player.png');
const NEWEST = 'song-20261121-113000'; // 12 s WAV
const OLDER = 'song-20261121-101500'; // 4 s MP3 fixture

interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}
const results: CheckResult[] = [];
const CHECKS = ['opens beside the editor', 'security', 'plays', 'waveform', 'keyboard', 'switches takes', 'screenshot', 'restores after reload'] as const;
type CheckName = (typeof CHECKS)[number];

async function check(name: CheckName, body: () => Promise<string>): Promise<boolean> {
  try {
    const detail = await body();
    results.push({ name, ok: true, detail });
    log(`PASS ${name}: ${detail}`);
    return true;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').slice(0, 6).join(' | ') : String(error);
    results.push({ name, ok: false, detail });
    log(`FAIL ${name}: ${detail}`);
    return false;
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

let session: Session | undefined;
let finishing = false;
async function finish(started: number, fatal?: string): Promise<never> {
  if (finishing) return new Promise<never>(() => undefined);
  finishing = true;
  await session?.close().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  if (fatal) log(`FAILED: ${fatal}`);
  for (const name of CHECKS) {
    if (!results.some((r) => r.name === name)) results.push({ name, ok: false, detail: 'not run' });
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  process.stdout.write(`\n${results.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.name}: ${r.detail}`).join('\n')}\n`);
  log(`player e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The plain closing count line.
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  process.exit(fatal || failed > 0 ? 1 : 0);
}

// ---- probes run inside the webview (serialised by Playwright: self-contained)

interface AudioProbe {
  src: string;
  currentTime: number;
  duration: number;
  paused: boolean;
}
const probeAudio = (frame: Frame): Promise<AudioProbe> =>
  frame.evaluate(() => {
    const audio = document.getElementById('audio') as HTMLAudioElement;
    return { src: audio.currentSrc || audio.src, currentTime: audio.currentTime, duration: audio.duration, paused: audio.paused };
  });

const selectedTakeName = (frame: Frame): Promise<string> => frame.locator('#now-playing').innerText();

/** Resolves when `predicate` (run in the webview, on every animation frame) is true. */
async function waitInFrame<A extends string | number | undefined>(
  frame: Frame,
  predicate: (arg: A) => boolean,
  arg?: A,
  timeout = UI_TIMEOUT_MS,
): Promise<void> {
  try {
    // Playwright's PageFunction types its argument as Unboxed<A>; for strings and numbers that is A itself.
    await frame.waitForFunction(predicate as (arg: unknown) => boolean, arg, { timeout });
  } catch (error) {
    // Say what the player showed instead, so a failure explains itself.
    const seen = await frame
      .evaluate(() => {
        const audio = document.getElementById('audio') as HTMLAudioElement;
        return {
          src: audio.currentSrc || audio.src,
          readyState: audio.readyState,
          currentTime: audio.currentTime,
          paused: audio.paused,
          error: audio.error?.code ?? null,
          nowPlaying: document.getElementById('now-playing')?.textContent,
          notice: (document.getElementById('notice') as HTMLElement).hidden ? null : document.getElementById('notice-text')?.textContent,
        };
      })
      .catch((probeError: unknown) => `unavailable: ${String(probeError)}`);
    throw new Error(`waiting for ${predicate.toString().replace(/\s+/g, ' ').slice(0, 160)} failed (${String(error).split('\n')[0]}); player: ${JSON.stringify(seen)}`);
  }
}

async function main(started: number): Promise<void> {
  const scratch = scratchFolder('lyrics-player-e2e-');
  process.once('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
  // A readable folder name: it shows in the explorer on the README's screenshot.
  const workspace = path.join(scratch, 'night-drive');
  await writeSongFolder(workspace, [
    {
      base: NEWEST,
      format: 'wav',
      wav: { durationSeconds: 12, sampleRate: 44100, channels: 2 },
      createdAt: '2026-11-21T11:30:00.000Z',
      prompt: 'Dreamy synthwave, 96 BPM, warm analog pads, gated drums',
      lyrics: '[Verse]\nStreetlights hum a borrowed tune\nPaper moons in the afternoon\n\n[Chorus]\nSing it back, sing it back to me\n(ooh, ahh)\nEvery line a little melody',
      provider: 'minimax',
      durationMs: 12_000,
    },
    {
      base: OLDER,
      format: 'mp3',
      createdAt: '2026-11-21T10:15:00.000Z',
      prompt: 'Upbeat indie pop, 118 BPM, bright female vocals, handclaps',
      lyrics: '[Verse]\nStreetlights hum a borrowed tune',
      provider: 'cloudflare',
      durationMs: 4_000,
    },
  ]);

  session = await startSession({ workspace });
  const { page } = session;
  await openFile(page, 'song.lyrics');

  let frame: Frame | undefined;
  const opened = await check('opens beside the editor', async () => {
    await runCommand(page, 'Lyrics: Open Player');
    frame = await playerFrame(page);
    await frame.locator('#take-list > li').nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
    const ids = await frame.locator('#take-list > li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['takeId']));
    assert(ids.length === 2, `expected 2 takes, listed ${ids.length}: ${ids.join(', ')}`);
    assert(ids[0] === `${NEWEST}.json` && ids[1] === `${OLDER}.json`, `not newest first: ${ids.join(', ')}`);
    await waitInFrame(frame, (name: string) => document.getElementById('now-playing')?.textContent === name, `${NEWEST}.wav`);
    const groups = await page.locator('.editor-group-container').count();
    const tab = await page.locator('.tab', { hasText: 'Player · song' }).count();
    // preserveFocus: the text editor still has the keyboard.
    const editorFocused = await page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor')));
    assert(groups >= 2, `the player is not beside the editor (${groups} editor group)`);
    assert(tab === 1, 'no "Player · song" tab');
    assert(editorFocused, 'the editor lost the focus to the player');
    return `2 takes newest first (${ids.join(', ')}), ${groups} editor groups, the editor kept the focus`;
  });
  if (!opened || !frame) return;
  const player = frame;

  await check('security', async () => {
    const csp = await player.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    assert(csp.includes("default-src 'none'"), `CSP lacks default-src 'none': ${csp}`);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert(nonce && nonce.length >= 16, `CSP has no script nonce: ${csp}`);
    // VS Code itself injects one inline script into every webview (it defines acquireVsCodeApi); every other must be ours, by nonce.
    const scripts = await player.evaluate(() =>
      Array.from(document.scripts)
        .filter((s) => s.src || !(s.textContent ?? '').includes('acquireVsCodeApi'))
        .map((s) => ({ nonce: s.nonce, src: s.src })),
    );
    assert(scripts.length > 0 && scripts.every((s) => s.nonce === nonce && s.src !== ''), `scripts without the nonce, or inline: ${JSON.stringify(scripts)}`);
    const handlers = await player.evaluate(() =>
      Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`)),
    );
    assert(handlers.length === 0, `inline event handlers: ${handlers.join(', ')}`);
    // A take's text must arrive as text: an HTML-looking prompt would be shown literally (checked on the lyrics pane).
    const lyricsHtml = await player.locator('#lyrics').evaluate((el) => el.querySelectorAll('script, img, iframe').length);
    assert(lyricsHtml === 0, 'markup inside the lyrics pane');
    assert(session?.cspViolations.length === 0, `CSP violations: ${session?.cspViolations.join(' | ')}`);
    return `CSP "${csp.replace(/'nonce-[^']+'/g, "'nonce-…'")}", ${scripts.length} script(s) with the nonce, no inline handlers, no violations`;
  });

  await check('plays', async () => {
    await player.locator('#play').click();
    await waitInFrame(player, () => {
      const audio = document.getElementById('audio') as HTMLAudioElement;
      return !audio.paused && audio.currentTime > 0.2;
    });
    const first = await probeAudio(player);
    await waitInFrame(player, (from: number) => (document.getElementById('audio') as HTMLAudioElement).currentTime >= from + 0.75, first.currentTime);
    const second = await probeAudio(player);
    const label = await player.locator('#play').getAttribute('aria-label');
    assert(label === 'Pause', `the play button says "${label}" while playing`);
    assert(second.src.includes(`${NEWEST}.wav`), `playing ${second.src}`);
    return `currentTime ${first.currentTime.toFixed(2)} s → ${second.currentTime.toFixed(2)} s of ${second.duration.toFixed(1)} s (${path.basename(new URL(second.src).pathname)})`;
  });

  await check('waveform', async () => {
    await waitInFrame(player, () => {
      const host = document.querySelector('#waveform > div');
      return (host?.shadowRoot?.querySelectorAll('canvas').length ?? 0) > 0;
    });
    const canvases = await player.evaluate(() => document.querySelector('#waveform > div')?.shadowRoot?.querySelectorAll('canvas').length ?? 0);
    const elapsed = await player.locator('#elapsed').innerText();
    const total = await player.locator('#total').innerText();
    assert(total === '0:12', `total time shows ${total}`);
    return `${canvases} canvas(es) drawn from the audio; time ${elapsed} / ${total}`;
  });

  await check('keyboard', async () => {
    await player.locator('#waveform').focus();
    await page.keyboard.press('Home');
    await waitInFrame(player, () => (document.getElementById('audio') as HTMLAudioElement).currentTime < 1);
    await page.keyboard.press('ArrowRight');
    await waitInFrame(player, () => (document.getElementById('audio') as HTMLAudioElement).currentTime >= 5);
    await page.keyboard.press('Space');
    await waitInFrame(player, () => (document.getElementById('audio') as HTMLAudioElement).paused);
    const paused = await probeAudio(player);
    await page.keyboard.press('ArrowLeft');
    await waitInFrame(player, (from: number) => (document.getElementById('audio') as HTMLAudioElement).currentTime <= from - 4.9, paused.currentTime);
    await page.keyboard.press('End');
    await waitInFrame(player, () => {
      const audio = document.getElementById('audio') as HTMLAudioElement;
      return audio.currentTime >= audio.duration - 0.05;
    });
    const focusVisible = await player.evaluate(() => getComputedStyle(document.getElementById('waveform') as HTMLElement).outlineStyle);
    assert(focusVisible !== 'none', 'the focused waveform shows no outline');
    return `Home → 0, → +5 s, Space pauses at ${paused.currentTime.toFixed(1)} s, ← −5 s, End → the end; focus outline ${focusVisible}`;
  });

  await check('switches takes', async () => {
    const before = await probeAudio(player);
    await player.locator('#take-list > li').nth(1).locator('.take-main').click();
    await waitInFrame(player, (old: string) => {
      const audio = document.getElementById('audio') as HTMLAudioElement;
      return (audio.currentSrc || audio.src) !== old && audio.readyState >= 1;
    }, before.src);
    const after = await probeAudio(player);
    assert(after.src.includes(`${OLDER}.mp3`), `the source is ${after.src}`);
    assert((await selectedTakeName(player)) === `${OLDER}.mp3`, 'the heading does not name the MP3 take');
    await player.locator('#play').click();
    await waitInFrame(player, () => (document.getElementById('audio') as HTMLAudioElement).currentTime > 0.5);
    const playing = await probeAudio(player);
    const lyrics = await player.locator('#lyrics').innerText();
    assert(!lyrics.includes('Chorus'), 'the lyrics pane still shows the other take’s lyrics');
    return `${path.basename(new URL(before.src).pathname)} → ${path.basename(new URL(after.src).pathname)} (${after.duration.toFixed(1)} s), playing at ${playing.currentTime.toFixed(2)} s`;
  });

  await check('screenshot', async () => {
    // The README's picture: the WAV take selected, paused a third of the way in, waveform drawn.
    await player.locator('#take-list > li').nth(0).locator('.take-main').click();
    await waitInFrame(player, () => {
      const host = document.querySelector('#waveform > div');
      const audio = document.getElementById('audio') as HTMLAudioElement;
      return audio.readyState >= 1 && (audio.currentSrc || audio.src).includes('.wav') && (host?.shadowRoot?.querySelectorAll('canvas').length ?? 0) > 0;
    });
    await player.evaluate(() => {
      const audio = document.getElementById('audio') as HTMLAudioElement;
      audio.currentTime = audio.duration * 0.38;
    });
    await waitInFrame(player, () => (document.getElementById('audio') as HTMLAudioElement).currentTime > 4);
    // Focus back in the editor, where the user works.
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await waitInFrame(player, () => document.getElementById('elapsed')?.textContent === '0:04');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    return path.relative(REPO_ROOT, SCREENSHOT);
  });

  await check('restores after reload', async () => {
    // Select the older take, let the webview save its state, then reload the whole window.
    await player.locator('#take-list > li').nth(1).locator('.take-main').click();
    await waitInFrame(player, (name: string) => document.getElementById('now-playing')?.textContent === name, `${OLDER}.mp3`);
    // Developer: Reload Window shuts the workbench down properly (saving the webview's state), as a user's reload does.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    const restored = await revealedPlayer(page);
    await waitInFrame(restored, (name: string) => document.getElementById('now-playing')?.textContent === name, `${OLDER}.mp3`);
    const items = await restored.locator('#take-list > li').count();
    const audio = await probeAudio(restored);
    assert(audio.src.includes(`${OLDER}.mp3`), `restored with ${audio.src}`);
    return `after reload: ${items} takes, ${OLDER}.mp3 selected again`;
  });
}

/** After a reload the restored panel may be a background tab: click its tab so its webview loads, then find it. */
async function revealedPlayer(page: Page): Promise<Frame> {
  const tab = page.locator('.tab', { hasText: 'Player · song' });
  await tab.waitFor({ state: 'visible', timeout: 60_000 });
  await tab.click();
  return playerFrame(page, 60_000);
}

const started = Date.now();
const overallTimeoutMs = Number(process.env['LYRICS_TEST_TIMEOUT_MS']) > 0 ? Number(process.env['LYRICS_TEST_TIMEOUT_MS']) : 5 * 60_000;
setTimeout(() => void finish(started, `timed out after ${overallTimeoutMs / 1000} s`), overallTimeoutMs).unref();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void finish(started, `interrupted by ${signal}`));
main(started).then(
  () => finish(started),
  (error: unknown) => finish(started, error instanceof Error ? error.message : String(error)),
);
