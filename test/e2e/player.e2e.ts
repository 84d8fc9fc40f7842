// `npm run test:e2e` (node out/test/e2e/player.e2e.js): the Lyrics Player end
// to end in a real browser. A real VS Code (code-server's VS Code server) in
// headless Chromium opens a song folder with two takes; the test runs
// `Lyrics: Open Player` from the command palette, checks the two songs "Not
// downloaded yet" (recovery records) with their buttons, presses play inside the
// webview, checks that the audio really advances, switches takes, uses the
// keyboard, reloads the window (the serializer restores the panel on the same
// take), and saves test-artifacts/player.png. Ends with `e2e: N passed, N failed`.
//
// Environment: LYRICS_TEST_TIMEOUT_MS (default 300000), LYRICS_CHROMIUM_PATH,
// LYRICS_CODE_SERVER_DIR, LYRICS_TEST_VERBOSE=1 (see test/host/runInCodeServer.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { RECORD_KIND, type RecoveryRecord } from '../../src/core/takes/recoveryRecord';
import { log } from '../host/codeServer';
import { openFile, playerFrame, REPO_ROOT, runCommand, scratchFolder, startSession, UI_TIMEOUT_MS, writeSongFolder, writeTake, type Session } from './session';
import { assert, e2eRun } from './checks';

const SCREENSHOT = path.join(REPO_ROOT, 'test-artifacts', 'player.png');
const NEWEST = 'song-20261121-113000'; // 12 s WAV
const OLDER = 'song-20261121-101500'; // 4 s MP3 fixture
/** Recovery records: one whose download can be retried, one whose answer held no audio. */
const RECORD_DOWNLOAD = 'song-20261121-120000.pending.json';
const RECORD_NONE = 'song-20261121-093000.pending.json';
/** Written while the panel is open (and removed before the screenshot): markup in a record must show as text. */
const RECORD_HOSTILE = 'song-20261121-123000.pending.json';
const HOSTILE_REASON = 'The download link was refused (HTTP 403) <img src=x onerror="document.title=1">';
/** Written while the panel is open, oldest so the other takes keep their places: a sidecar that claims too much of everything. */
const OVERSIZED = 'song-20261120-080000';
const OVERSIZED_LINES = 2000;

const CHECKS = [
  'opens beside the editor',
  'security',
  'not downloaded yet',
  'plays',
  'waveform',
  'keyboard',
  'switches takes',
  'oversized take',
  'screenshot',
  'restores after reload',
] as const;

let session: Session | undefined;
const run = e2eRun('player', CHECKS);
const { check } = run;

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
    throw new Error(
      `waiting for ${predicate.toString().replace(/\s+/g, ' ').slice(0, 160)} failed (${String(error).split('\n')[0]}); player: ${JSON.stringify(seen)}`,
      { cause: error },
    );
  }
}

async function main(): Promise<void> {
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
      lyrics:
        '[Verse]\nStreetlights hum a borrowed tune\nPaper moons in the afternoon\n\n[Chorus]\nSing it back, sing it back to me\n(ooh, ahh)\nEvery line a little melody',
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

  const record = (submittedAt: string, fields: Partial<RecoveryRecord>): RecoveryRecord => ({
    kind: RECORD_KIND,
    version: 1,
    provider: 'minimax',
    model: 'music-2.6',
    settings: { is_instrumental: false, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000, format: 'wav' },
    prompt: 'Dreamy synthwave, 96 BPM, warm analog pads, gated drums',
    lyrics: '[Verse]\nStreetlights hum a borrowed tune',
    title: 'Night Drive',
    song: '../song.lyrics',
    submittedAt,
    requestId: 'trace-5f1e2d',
    jobId: null,
    audioUrls: [],
    inlineAudio: null,
    expectedFormat: 'wav',
    durationMs: null,
    answer: null,
    reason: 'The download link was refused (HTTP 403): it may have expired.',
    attempts: [{ at: submittedAt, reason: 'The download link was refused (HTTP 403): it may have expired.' }],
    ...fields,
  });
  const writeRecord = (name: string, content: RecoveryRecord): void => fs.writeFileSync(path.join(workspace, 'takes', name), JSON.stringify(content, null, 2));
  writeRecord(RECORD_DOWNLOAD, record('2026-11-21T12:00:00.000Z', { audioUrls: ['https://files.invalid/song.wav?X-Amz-Signature=abc'] }));
  writeRecord(RECORD_NONE, record('2026-11-21T09:30:00.000Z', { reason: 'The answer held no audio URL we could find.', requestId: 'trace-00aa' }));

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
      Array.from(document.querySelectorAll('*')).flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => a.name.startsWith('on'))
          .map((a) => `${el.tagName}[${a.name}]`),
      ),
    );
    assert(handlers.length === 0, `inline event handlers: ${handlers.join(', ')}`);
    // A take's text must arrive as text: an HTML-looking prompt would be shown literally (checked on the lyrics pane).
    const lyricsHtml = await player.locator('#lyrics').evaluate((el) => el.querySelectorAll('script, img, iframe').length);
    assert(lyricsHtml === 0, 'markup inside the lyrics pane');
    assert(session?.cspViolations.length === 0, `CSP violations: ${session?.cspViolations.join(' | ')}`);
    return `CSP "${csp.replace(/'nonce-[^']+'/g, "'nonce-…'")}", ${scripts.length} script(s) with the nonce, no inline handlers, no violations`;
  });

  await check('not downloaded yet', async () => {
    await player.locator('#pending-list > li').nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
    assert(!(await player.locator('#pending').isHidden()), 'the "Not downloaded yet" section is hidden');
    const items = await player.locator('#pending-list > li').evaluateAll((lis) =>
      lis.map((li) => ({
        id: (li as HTMLElement).dataset['pendingId'],
        text: (li as HTMLElement).innerText,
        markup: li.querySelectorAll('img, script, iframe').length,
        buttons: Array.from(li.querySelectorAll('button')).map((b) => ({
          text: b.textContent,
          label: b.getAttribute('aria-label') ?? '',
          disabled: b.disabled,
        })),
      })),
    );
    assert(items[0]?.id === RECORD_DOWNLOAD && items[1]?.id === RECORD_NONE, `not the records, newest first: ${items.map((i) => i.id).join(', ')}`);
    const download = items[0];
    const none = items[1];
    assert(download.text.includes('The download link was refused (HTTP 403)'), `no reason: ${download.text}`);
    assert(download.text.includes('Request id trace-5f1e2d'), `no request id: ${download.text}`);
    assert(download.text.includes('MiniMax') && download.text.includes('Night Drive'), `no provider or title: ${download.text}`);
    const texts = (item: typeof download): string => item.buttons.map((b) => b.text).join(', ');
    assert(texts(download) === 'Retry download, Open record, Discard', `buttons: ${texts(download)}`);
    assert(texts(none) === 'Open record, Discard', `a record with no audio offers: ${texts(none)}`);
    assert(/no audio we could find/.test(none.text), `no note on the record without audio: ${none.text}`);
    assert(
      [...download.buttons, ...none.buttons].every((b) => !b.disabled && b.label.includes(':')),
      'a button is disabled or has no label',
    );

    // Keyboard: Tab moves from Retry download to Open record; Enter on Discard asks before anything is removed.
    const first = player.locator('#pending-list > li').nth(0);
    await first.locator('[data-request="recover"]').focus();
    await page.keyboard.press('Tab');
    const focused = await player.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['request']);
    assert(focused === 'openRecord', `Tab went to ${focused}`);
    await first.locator('[data-request="discard"]').focus();
    await page.keyboard.press('Enter');
    // The host asks in a modal dialog. The workbench refuses dialogs under its smoke-test driver (which this
    // harness needs), and the refusal quotes the question: the panel's notice shows what the user would read.
    await waitInFrame(player, () => /^Could not discard /.test(document.getElementById('notice-text')?.textContent ?? ''));
    const notice = await player.locator('#notice-text').innerText();
    assert(
      /Discard the recovery record of “Night Drive” from .+\? The song was generated and paid for; without this record it can’t be downloaded again\./.test(
        notice,
      ),
      `the question was not asked as expected: ${notice}`,
    );
    assert(fs.existsSync(path.join(workspace, 'takes', RECORD_DOWNLOAD)), 'the record was removed without a yes');
    assert((await player.locator('#pending-list > li').count()) === 2, 'an entry vanished');
    await player.locator('#notice-close').click();

    // A record written while the panel is open appears (the watcher); its text stays text; removed, it goes.
    writeRecord(
      RECORD_HOSTILE,
      record('2026-11-21T12:30:00.000Z', { jobId: 'job-<b>42</b>', reason: HOSTILE_REASON, lyrics: '<script>document.title=2</script>' }),
    );
    await waitInFrame(player, (id: string) => document.querySelector('#pending-list > li')?.getAttribute('data-pending-id') === id, RECORD_HOSTILE);
    const hostile = player.locator('#pending-list > li').nth(0);
    await hostile.locator('summary').click();
    const hostileText = await hostile.innerText();
    const markup = await hostile.evaluate((li) => li.querySelectorAll('img, script, b, iframe').length);
    assert(
      hostileText.includes(HOSTILE_REASON) && hostileText.includes('<script>') && hostileText.includes('Job id job-<b>42</b>') && markup === 0,
      `markup in a record was not shown as text: ${hostileText}`,
    );
    const hostileButtons = (await hostile.locator('button').allTextContents()).join(', ');
    assert(hostileButtons === 'Resume waiting, Open record, Discard', `a record with a job offers: ${hostileButtons}`);
    fs.rmSync(path.join(workspace, 'takes', RECORD_HOSTILE));
    await waitInFrame(player, () => document.querySelectorAll('#pending-list > li').length === 2);
    return `2 records newest first; buttons "${texts(download)}" and "${texts(none)}"; Enter on Discard asks first, and without a yes the record stays; a record written later appears, shows its markup as text, offers Resume waiting for a job, and goes when removed`;
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
    await waitInFrame(
      player,
      (old: string) => {
        const audio = document.getElementById('audio') as HTMLAudioElement;
        return (audio.currentSrc || audio.src) !== old && audio.readyState >= 1;
      },
      before.src,
    );
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

  await check('oversized take', async () => {
    // A sidecar is a file anyone can edit: an absurd duration, a prompt with no spaces to break at, and far more lines
    // than a song. The panel must stay usable: no sideways scrolling, a capped lyrics pane, no `1e+308`-style times.
    const longWord = 'x'.repeat(5000);
    const lyrics = ['[Verse]', longWord, ...Array.from({ length: OVERSIZED_LINES - 2 }, (_, i) => `Line ${i + 1} of a song that never ends`)].join('\n');
    await writeTake(workspace, {
      base: OVERSIZED,
      format: 'mp3',
      createdAt: '2026-11-20T08:00:00.000Z',
      prompt: longWord,
      lyrics,
      provider: 'minimax',
      durationMs: 1e308,
    });
    try {
      await waitInFrame(player, (id: string) => document.querySelector(`#take-list > li[data-take-id="${id}"]`) !== null, `${OVERSIZED}.json`);
      await player.locator(`#take-list > li[data-take-id="${OVERSIZED}.json"] .take-main`).click();
      await waitInFrame(player, () => document.querySelector('#lyrics .lyric-note') !== null);
      const seen = await player.evaluate(() => {
        const root = document.documentElement;
        const lyricsPane = document.getElementById('lyrics') as HTMLElement;
        return {
          scrollWidth: root.scrollWidth,
          clientWidth: root.clientWidth,
          drawnLines: lyricsPane.querySelectorAll(':scope > :not(.lyric-note)').length,
          note: lyricsPane.querySelector('.lyric-note')?.textContent ?? '',
          time: `${document.getElementById('elapsed')?.textContent ?? ''} / ${document.getElementById('total')?.textContent ?? ''}`,
          meta: document.querySelector('#take-list > li.selected .take-meta')?.textContent ?? '',
          // The innermost element reaching (or spilling its text) past the panel's edge, so a failure names what to fix.
          widest: (() => {
            const spills = (e: HTMLElement): boolean =>
              e.getBoundingClientRect().right > root.clientWidth + 1 || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible');
            const over = Array.from(document.body.querySelectorAll<HTMLElement>('*')).filter(spills).pop();
            return over
              ? `${over.tagName.toLowerCase()}${over.id ? `#${over.id}` : ''}.${Array.from(over.classList).join('.')} (${Math.round(over.getBoundingClientRect().width)} px wide)`
              : 'none';
          })(),
        };
      });
      assert(
        seen.scrollWidth <= seen.clientWidth,
        `the panel scrolls sideways: scrollWidth ${seen.scrollWidth} > clientWidth ${seen.clientWidth}, first past the edge: ${seen.widest}`,
      );
      assert(seen.drawnLines <= 500, `${seen.drawnLines} lyrics lines drawn`);
      assert(seen.note.startsWith(`… ${(OVERSIZED_LINES - seen.drawnLines).toLocaleString('en-US')} more lines not shown`), `the note says: ${seen.note}`);
      assert(!seen.time.includes('e+') && !seen.meta.includes('e+'), `an exponent in the time display: "${seen.time}", take "${seen.meta}"`);
      return `scrollWidth ${seen.scrollWidth} ≤ clientWidth ${seen.clientWidth}; ${seen.drawnLines} of ${OVERSIZED_LINES} lines drawn ("${seen.note}"); time ${seen.time}, take "${seen.meta}"`;
    } finally {
      // Gone again before the screenshot, which shows the two ordinary takes.
      for (const ext of ['json', 'mp3']) fs.rmSync(path.join(workspace, 'takes', `${OVERSIZED}.${ext}`), { force: true });
      // Not asserted here: a failure would hide this check's own; the screenshot's picture shows a lingering take.
      await waitInFrame(player, () => document.querySelectorAll('#take-list > li').length === 2).catch(() => undefined);
    }
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
    const nonceBefore = await scriptNonce(player);
    // Developer: Reload Window shuts the workbench down properly (saving the webview's state), as a user's reload does.
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    const restored = await revealedPlayer(page);
    await waitInFrame(restored, (name: string) => document.getElementById('now-playing')?.textContent === name, `${OLDER}.mp3`);
    const items = await restored.locator('#take-list > li').count();
    const audio = await probeAudio(restored);
    assert(audio.src.includes(`${OLDER}.mp3`), `restored with ${audio.src}`);
    // A constant nonce would let a script injected once run on every load: the restored page must have a new one.
    const nonceAfter = await scriptNonce(restored);
    assert(
      nonceBefore.length >= 16 && nonceAfter.length >= 16 && nonceAfter !== nonceBefore,
      `the nonce did not change across the reload (${nonceBefore} → ${nonceAfter})`,
    );
    return `after reload: ${items} takes, ${OLDER}.mp3 selected again, a new CSP nonce`;
  });
}

/** The script nonce of the player's Content-Security-Policy, or '' when there is none. */
async function scriptNonce(frame: Frame): Promise<string> {
  const csp = await frame.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
  return /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
}

/** After a reload the restored panel may be a background tab: click its tab so its webview loads, then find it. */
async function revealedPlayer(page: Page): Promise<Frame> {
  const tab = page.locator('.tab', { hasText: 'Player · song' });
  await tab.waitFor({ state: 'visible', timeout: 60_000 });
  await tab.click();
  return playerFrame(page, 60_000);
}

run.start(main, async () => {
  await session?.close().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
});
