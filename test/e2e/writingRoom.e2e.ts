// `node out/test/e2e/writingRoom.e2e.js` (part of `npm run test:e2e`): the
// writing room in a real browser. A real VS Code (code-server's VS Code
// server) in headless Chromium opens a song; the test types `[` at the start
// of a lyrics line and checks the completion list shows the structure tags
// with their descriptions (and the next free verse number), then opens the
// Outline view and checks it lists the front matter and the sections. It saves
// both as the README's screenshots (test-artifacts/completion.png,
// test-artifacts/outline.png). Ends with `e2e: N passed, N failed`.
//
// Environment: LYRICS_TEST_TIMEOUT_MS (default 300000), LYRICS_CHROMIUM_PATH,
// LYRICS_CODE_SERVER_DIR, LYRICS_TEST_VERBOSE=1 (see test/host/runInCodeServer.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log } from '../host/codeServer';
import { openFile, REPO_ROOT, runCommand, scratchFolder, startSession, UI_TIMEOUT_MS, type Session } from './session';
import { assert, e2eRun } from './checks';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const SONG = [
  '---',
  'title: Night Drive',
  'prompt: Dreamy synthwave, 96 BPM, warm analog pads, gated drums',
  'provider: minimax',
  '---',
  '[Verse 1]',
  'Streetlights hum a borrowed tune',
  'Paper moons in the afternoon',
  '',
  '[Chorus]',
  'Sing it back, sing it back to me',
  'Every line a little melody',
  '',
  '[Verse 2]',
  'Headlights paint the sleeping town',
  'Every signal slowing down',
  '',
  '',
].join('\n');
/** The empty line the test types `[` on: the last line of the song. */
const TYPING_LINE = SONG.split('\n').length;

const CHECKS = ['completion after [', 'outline'] as const;
let session: Session | undefined;
const run = e2eRun(
  'writing room',
  CHECKS,
  // What the page showed when a check failed, for whoever reads the log.
  (name) => session?.page.screenshot({ path: path.join(ARTIFACTS, `failed-${name.replace(/\W+/g, '-')}.png`) }) ?? Promise.resolve(),
);
const { check } = run;

async function main(): Promise<void> {
  const workspace = path.join(scratchFolder('lyrics-writing-room-e2e-'), 'night-drive');
  process.once('exit', () => fs.rmSync(path.dirname(workspace), { recursive: true, force: true }));
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'workbench.startupEditor': 'none' }, null, 2),
  );
  fs.writeFileSync(path.join(workspace, 'song.lyrics'), SONG);
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  session = await startSession({ workspace, viewport: { width: 1280, height: 760 } });
  const { page } = session;
  await openFile(page, 'song.lyrics');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  // The extension is active (and has linted the song) once its status bar item shows: only then is `[` a trigger.
  await page
    .locator('.statusbar-item', { hasText: /Lyrics [\d,]+\/3,500/ })
    .first()
    .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

  await check('completion after [', async () => {
    // Ctrl+G goes to the empty last line; typing `[` there triggers the tag completion.
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(TYPING_LINE));
    await page.keyboard.press('Enter');
    await page.keyboard.type('[');
    const widget = page.locator('.editor-widget.suggest-widget');
    const rows = widget.locator('.monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Open the details pane so the screenshot shows what a tag does.
    const details = widget.locator('.suggest-details-container .docs, .suggest-details .docs').first();
    if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
    const labels = await rows.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? (item as HTMLElement).innerText));
    assert(
      labels.some((label) => label.includes('Chorus')),
      `no Chorus among ${labels.join(' | ')}`,
    );
    assert(
      labels.some((label) => label.includes('Verse 3')),
      `the next free verse number (Verse 3) is not offered: ${labels.join(' | ')}`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'completion.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z'); // the song as it was, for the outline
    return `${labels.length} rows, first: ${labels.slice(0, 4).join(' | ')}`;
  });

  await check('outline', async () => {
    // The folder view collapsed, so the outline has the side bar's height.
    await page.locator('.pane-header', { hasText: 'night-drive' }).first().click();
    await runCommand(page, 'Explorer: Focus on Outline View');
    const outline = page.locator('.outline-pane, [id="outline"]').first();
    const rows = page.locator('.outline-pane .monaco-list-row, .pane-body .outline-element');
    await page.locator('.monaco-list-row', { hasText: 'Verse 2' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const labels = await rows.evaluateAll((items) => items.map((item) => (item as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    for (const name of ['Verse 1', 'Chorus', 'Verse 2']) {
      assert(
        labels.some((label) => label.includes(name)),
        `the outline has no ${name}: ${labels.join(' | ')}`,
      );
    }
    assert(await outline.isVisible(), 'the outline pane is not visible');
    await page.screenshot({ path: path.join(ARTIFACTS, 'outline.png') });
    return labels.join(' | ');
  });
}

run.start(main, async () => {
  await session?.close().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
});
