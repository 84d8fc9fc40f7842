// `node out/test/e2e/lyricsAi.e2e.js` (part of `npm run test:e2e`): Rewrite
// with AI… in a real browser. A real VS Code (code-server's VS Code server) in
// headless Chromium opens a song, with a fake MiniMax on loopback and its
// dummy key handed over as the demo does (scripts/demo-extension). The test
// runs `Lyrics: Rewrite with AI…` from the command palette, types an
// instruction, checks the diff opens (song ↔ proposed rewrite) with Accept and
// Discard in the editor title and a notification naming the comment line
// that will be gone, saves test-artifacts/rewrite-diff.png for the README,
// then accepts and checks the editor shows the new chorus. Ends with
// `e2e: N passed, N failed`.
//
// Environment: LYRICS_TEST_TIMEOUT_MS (default 300000), LYRICS_CHROMIUM_PATH,
// LYRICS_CODE_SERVER_DIR, LYRICS_TEST_VERBOSE=1 (see test/host/runInCodeServer.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_ENVIRONMENT_VARIABLE, type DemoSetup } from '../../scripts/demo-extension/setup';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { log } from '../host/codeServer';
import { openFile, REPO_ROOT, runCommand, scratchFolder, startSession, UI_TIMEOUT_MS, type Session } from './session';
import { e2eRun } from './checks';

const SCREENSHOT = path.join(REPO_ROOT, 'test-artifacts', 'rewrite-diff.png');
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
  '# TODO: punchier',
  'Every line a little melody',
  '',
  '[Verse 2]',
  'Headlights paint the sleeping town',
  'Every signal slowing down',
  '',
].join('\n');
/** What the fake lyrics model answers: the chorus rewritten, the rest as it was. */
const REWRITTEN = [
  '[Verse 1]',
  'Streetlights hum a borrowed tune',
  'Paper moons in the afternoon',
  '',
  '[Chorus]',
  // Punchier, in the same shape (8 syllables, then 9–10; rhyme scheme AB): what --keep-shape asks for.
  'Turn it up, sing it back to me',
  'Every mile a neon melody',
  '',
  '[Verse 2]',
  'Headlights paint the sleeping town',
  'Every signal slowing down',
].join('\n');
const NEW_LINE = 'Every mile a neon melody';

const CHECKS = ['rewrite opens a diff', 'screenshot', 'accept'] as const;
let session: Session | undefined;
const run = e2eRun('lyrics AI', CHECKS);
const { check } = run;
let fake: FakeProvider | undefined;

/**
 * The demo's setup extension, compiled, in a fresh extensions folder: it hands
 * the fake's base URL and dummy key to Lyrics Studio through its own commands
 * (scripts/start.ts installs it the same way for `npm start -- --demo`).
 */
function installDemoExtension(folder: string): string {
  const target = path.join(folder, 'lyrics-studio.lyrics-studio-demo-0.0.0');
  fs.mkdirSync(target, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'demo-extension', 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ ...manifest, main: './extension.js' }, null, 2));
  for (const file of ['extension.js', 'setup.js']) fs.copyFileSync(path.join(REPO_ROOT, 'out', 'scripts', 'demo-extension', file), path.join(target, file));
  return folder;
}

async function main(): Promise<void> {
  const scratch = scratchFolder('lyrics-ai-e2e-');
  process.once('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
  // A readable folder name: it shows in the explorer on the README's screenshot.
  const workspace = path.join(scratch, 'night-drive');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'workbench.startupEditor': 'none' }, null, 2),
  );
  fs.writeFileSync(path.join(workspace, 'song.lyrics'), SONG);

  // The lyrics model takes a moment, as the real one does, so the progress notification shows.
  fake = await startFakeProvider({ delaysMs: { lyrics: 400 }, minimax: { lyricsAnswer: { lyrics: REWRITTEN } } });
  const setup: DemoSetup = { baseUrls: { minimax: fake.baseUrls.minimax }, credentials: { minimax: { ...fake.credentials.minimax } } };
  // The server's environment is this process's: the demo extension reads it in the extension host.
  process.env[DEMO_ENVIRONMENT_VARIABLE] = JSON.stringify(setup);
  const extensionsDir = installDemoExtension(path.join(scratch, 'extensions'));

  session = await startSession({ workspace, extensionsDir, viewport: { width: 1440, height: 860 } });
  const { page } = session;
  // The demo extension says so once the key and base URL are in place.
  const demoReady = page.locator('.notification-toast', { hasText: 'Lyrics Studio demo' });
  await demoReady.waitFor({ state: 'visible', timeout: 60_000 });
  // Its note is not part of the picture.
  await runCommand(page, 'Notifications: Clear All Notifications');
  await demoReady.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  await openFile(page, 'song.lyrics');

  const opened = await check('rewrite opens a diff', async () => {
    await runCommand(page, 'Lyrics: Rewrite with AI…');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill('make the chorus punchier');
    await page.keyboard.press('Enter');
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.locator('.tabs-container .tab.active', { hasText: 'Proposed Rewrite' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await diff.locator('.editor.modified .view-lines', { hasText: NEW_LINE }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    for (const label of ['Accept Rewrite', 'Discard Rewrite']) {
      await page.locator(`.editor-actions [aria-label="${label}"]`).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    }
    // Once its fade-in has run, so the picture shows it whole.
    const notice = page.locator('.notification-toast.notification-fade-in-done', { hasText: 'Proposed rewrite of song.lyrics' });
    await notice.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const text = (await notice.innerText()).replace(/\s+/g, ' ');
    if (!text.includes('# TODO: punchier')) throw new Error(`the notification does not name the comment that will be gone: ${text}`);
    const sent = fake?.requestsFor('lyrics', 'minimax')[0]?.body as { mode?: string; prompt?: string } | undefined;
    if (sent?.mode !== 'edit' || !sent.prompt?.startsWith('make the chorus punchier.\n\nKeep the shape')) {
      throw new Error(`sent ${JSON.stringify(sent)}`);
    }
    return `diff open with Accept/Discard; notification: ${text.slice(0, 160)}`;
  });

  if (opened) {
    await check('screenshot', async () => {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      return path.relative(REPO_ROOT, SCREENSHOT);
    });

    await check('accept', async () => {
      await page.locator('.editor-actions [aria-label="Accept Rewrite"]').first().click();
      await page.locator('.monaco-diff-editor').first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
      const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
      await editor.locator('.view-line', { hasText: NEW_LINE }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      // Monaco draws spaces as no-break spaces.
      const shown = (await editor.innerText()).replace(/\u00a0/g, ' ');
      if (shown.includes('# TODO: punchier')) throw new Error('the replaced comment is still shown');
      if (!shown.includes('Dreamy synthwave')) throw new Error('the front matter is not shown as it was');
      return 'the song editor shows the rewritten chorus';
    });
  }
}

run.start(main, async () => {
  await session?.close().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
  await fake?.close();
});
