// `node out/test/e2e/ear.e2e.js` (part of `npm run test:e2e`): the
// songwriter's ear in a real browser. A real VS Code (code-server's VS Code
// server) in headless Chromium opens a song; the test waits until the inlay
// hints show the dictionary's counts (a range like `7–8`, which spelling alone
// never gives: so the hints were refreshed when the dictionary loaded) and
// checks that the end words of a rhyme group share a colour that other words
// don't have. It saves the editor as the README's screenshot
// (test-artifacts/ear.png). Ends with `e2e: N passed, N failed`.
//
// Environment: LYRICS_TEST_TIMEOUT_MS (default 300000), LYRICS_CHROMIUM_PATH,
// LYRICS_CODE_SERVER_DIR, LYRICS_TEST_VERBOSE=1 (see test/host/runInCodeServer.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { log } from '../host/codeServer';
import { openFile, REPO_ROOT, scratchFolder, startSession, UI_TIMEOUT_MS, type Session } from './session';
import { assert, e2eRun } from './checks';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const SONG = [
  '---',
  'title: Paper Boats',
  'prompt: Acoustic folk ballad, 72 BPM, fingerpicked guitar, warm vocals',
  '---',
  '[Verse 1]',
  'Paper boats on a winter stream',
  'Every wish we ever made',
  'Folded up inside a dream',
  'Sailing out before they fade',
  '',
  '[Chorus]',
  'Let them go (let them go)',
  'Down the river to the sea',
  "Every word I didn't know",
  'Floating back to me',
  '',
  '[Verse 2]',
  'Lanterns low on the harbour wall',
  'Paper hearts we never sent down to the sea',
  'Waiting for the tide to call',
  '',
].join('\n');

const CHECKS = ['inlay hints', 'rhyme colours', 'hints follow lyrics.pronunciations'] as const;
let session: Session | undefined;
const run = e2eRun('ear', CHECKS);
const { check } = run;

/** The spans of the editor's text (a decorated word, an inlay hint is a span of its own) with their text (no-break spaces as spaces) and computed colour. */
function spans(page: Page): Promise<Array<{ text: string; colour: string }>> {
  return page
    .locator('.editor-instance .monaco-editor .view-lines span span')
    .evaluateAll((found) => found.map((span) => ({ text: (span.textContent ?? '').replace(/\u00a0/g, ' '), colour: getComputedStyle(span).color })));
}

async function main(): Promise<void> {
  const workspace = path.join(scratchFolder('lyrics-ear-e2e-'), 'paper-boats');
  process.once('exit', () => fs.rmSync(path.dirname(workspace), { recursive: true, force: true }));
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const settings = { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'workbench.startupEditor': 'none' };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  fs.writeFileSync(path.join(workspace, 'song.lyrics'), SONG);
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  session = await startSession({ workspace, viewport: { width: 1100, height: 640 } });
  const { page } = session;
  await openFile(page, 'song.lyrics');
  const lines = page.locator('.editor-instance .monaco-editor .view-lines');

  await check('inlay hints', async () => {
    // `7–8` (every: 2 or 3 syllables) comes only from the dictionary: the hints were asked for again once it loaded.
    await lines.locator('span', { hasText: '7–8 · B' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const labels = (await spans(page)).map(({ text }) => text.trim()).filter((text) => /^\d+(–\d+)?( \(\+\d+(–\d+)?\))?( · [A-Z]+)?$/.test(text));
    for (const label of ['8 · A', '7–8 · B', '7 · A', '7 · B', '3 (+3) · A']) {
      assert(labels.includes(label), `no hint "${label}" among ${labels.join(' | ')}`);
    }
    return `${labels.length} hints: ${labels.join(' | ')}`;
  });

  await check('rhyme colours', async () => {
    const found = await spans(page);
    const colourOf = (accept: (text: string) => boolean): string | undefined => found.find(({ text }) => accept(text))?.colour;
    const stream = colourOf((text) => text === 'stream');
    const dream = colourOf((text) => text === 'dream');
    const made = colourOf((text) => text === 'made');
    // The rest of the line, not a rhyme: the theme's plain text colour.
    const paper = colourOf((text) => text.startsWith('Paper boats on a winter'));
    assert(stream && dream && made && paper, `words not found: stream ${stream}, dream ${dream}, made ${made}, the rest of the line ${paper}`);
    assert(stream === dream, `stream (${stream}) and dream (${dream}) rhyme (A) but differ in colour`);
    assert(stream !== made, `A (stream, ${stream}) and B (made, ${made}) share a colour`);
    assert(stream !== paper, `the end word's colour (${stream}) is the plain text's (${paper})`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ear.png') });
    return `A ${stream}, B ${made}, plain ${paper}`;
  });

  await check('hints follow lyrics.pronunciations', async () => {
    // Nothing in the editor changes: the new hint shows only because the extension asks VS Code to refresh
    // its hints (onDidChangeInlayHints), as it does when the dictionary loads.
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'lyrics.pronunciations': { winter: 3 } }, null, 2));
    await lines.locator('span', { hasText: '9 · A' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    return '"winter": 3 turns the first line’s 8 into 9';
  });
}

run.start(main, async () => {
  await session?.close().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
});
