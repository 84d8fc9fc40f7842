// `node out/test/host/vsixSmoke.js [file.vsix]`: end-to-end check that the
// packaged extension works in a real VS Code. Installs the .vsix (default: the
// newest lyrics-studio-*.vsix in the repository root) into a fresh extensions
// folder with the VS Code server's own CLI, starts that server with only the
// installed copy (no extensionDevelopmentPath), opens a copy of
// test/fixtures/vsix-workspace in headless Chromium, opens song.lyrics with
// Quick Open, and checks on the rendered DOM that highlighting, linting and the
// status bar item work. Saves test-artifacts/vsix-smoke.png; exits non-zero if
// any check fails.
//
// Environment:
//   LYRICS_TEST_TIMEOUT_MS   overall limit, code-server install included (default 300000)
//   LYRICS_CHROMIUM_PATH     browser to drive (default /usr/bin/chromium)
//   LYRICS_CODE_SERVER_DIR   code-server install folder (see codeServer.ts)
//   LYRICS_TEST_VERBOSE=1    also print all server and browser log lines
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumProblem, CleanupStack, launchChromium } from './browser';
import { delay, ensureCodeServer, isOfflineNoise, log, runServerCli, ServerOutputFilter, startServer, workbenchUrl } from './codeServer';

// out/test/host/vsixSmoke.js -> repository root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'vsix-workspace');
const FIXTURE_FILE = 'song.lyrics';
const SCREENSHOT = path.join(REPO_ROOT, 'test-artifacts', 'vsix-smoke.png');
/** Limit for each wait on the UI once the workbench is loading. */
const UI_TIMEOUT_MS = 30_000;

const verbose = process.env['LYRICS_TEST_VERBOSE'] === '1';
const overallTimeoutMs = positiveNumber(process.env['LYRICS_TEST_TIMEOUT_MS'], 5 * 60_000);
const serverOutput = new ServerOutputFilter(verbose);

interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}
const CHECK_NAMES = ['installed', 'highlighting', 'linting', 'status bar'] as const;
type CheckName = (typeof CHECK_NAMES)[number];
const results = new Map<CheckName, CheckResult>();
function record(name: CheckName, ok: boolean, detail: string): void {
  results.set(name, { name, ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
}

/** Everything to undo when the run ends, however it ends. */
const cleanups = new CleanupStack(log);
const cleanUp = (): Promise<void> => cleanups.run();

let finishing = false;
async function finish(started: number, fatal?: string, fatalExitCode = 1): Promise<never> {
  if (finishing) return new Promise<never>(() => undefined); // the first caller exits the process
  finishing = true;
  serverOutput.mute();
  await cleanUp();
  if (fatal) log(`FAILED: ${fatal}`);
  for (const name of CHECK_NAMES) {
    if (!results.has(name)) record(name, false, 'not run');
  }
  const all = [...results.values()];
  const passed = all.filter((r) => r.ok).length;
  const failed = all.length - passed;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\n${all.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.name}: ${r.detail}`).join('\n')}\n`);
  process.stdout.write(`vsix smoke: ${passed} passed, ${failed} failed (${seconds} s)\n`);
  process.exit(fatal ? fatalExitCode : failed === 0 ? 0 : 1);
}

async function main(started: number): Promise<void> {
  const vsix = findVsix(process.argv[2]);
  log(`vsix: ${vsix}`);
  const browserProblem = chromiumProblem();
  if (browserProblem) throw new Error(browserProblem);
  const installDir = await ensureCodeServer();

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-vsix-smoke-'));
  cleanups.push(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const extensionsDir = path.join(scratch, 'extensions');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(extensionsDir);
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });

  // 1. Install with the server's CLI and confirm it lists the extension.
  if (!(await installVsix(installDir, vsix, extensionsDir))) {
    await finish(started);
    return;
  }

  // 2. Serve the workbench with only the installed extensions.
  const server = await startServer({
    installDir,
    workspaceTrust: false,
    extensionsDir,
    onOutputLine: (line) => serverOutput.handle(line),
  });
  cleanups.push(() => server.stop());
  log(`VS Code server listening on ${server.origin} (pid ${server.pid})`);

  const browser: Browser = await launchChromium();
  // close() can hang if the browser is wedged; the process is killed with us anyway.
  cleanups.push(() => Promise.race([browser.close(), delay(5000)]));
  // The fixture's .vscode/settings.json picks Default Dark Modern (the web default is
  // Light Modern); a dark colour scheme keeps the workbench from starting light.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  page.on('pageerror', (error) => log(`workbench page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (verbose || (message.type() === 'error' && !isOfflineNoise(text) && /lyrics/i.test(text))) {
      log(`browser ${message.type()}: ${text}`);
    }
  });

  try {
    await page.goto(workbenchUrl(server, workspace, [['skipWelcome', 'true']]));
    await openWithQuickOpen(page, FIXTURE_FILE);
    await checkHighlighting(page);
    await checkLinting(page);
    await checkStatusBar(page);
  } finally {
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT }).then(
      () => log(`screenshot: ${path.relative(process.cwd(), SCREENSHOT) || SCREENSHOT}`),
      (error: unknown) => log(`screenshot failed: ${String(error)}`),
    );
  }
  await finish(started);
}

/** The vsix named on the command line, or the newest lyrics-studio-*.vsix in the repository root. */
function findVsix(argument: string | undefined): string {
  if (argument) {
    const file = path.resolve(argument);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`no such vsix: ${file}`);
    return file;
  }
  const candidates = fs
    .readdirSync(REPO_ROOT)
    .filter((name) => /^lyrics-studio-.*\.vsix$/.test(name))
    .map((name) => path.join(REPO_ROOT, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  const newest = candidates[0];
  if (!newest) throw new Error(`no lyrics-studio-*.vsix in ${REPO_ROOT}: run npm run package first, or pass a path`);
  return newest;
}

interface InstalledExtension {
  identifier: { id: string };
  version: string;
}

async function installVsix(installDir: string, vsix: string, extensionsDir: string): Promise<boolean> {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
  };
  const expectedId = `${manifest.publisher}.${manifest.name}`.toLowerCase();

  const install = await runServerCli(installDir, ['--install-extension', vsix, '--extensions-dir', extensionsDir]);
  if (verbose || install.exitCode !== 0) log(`--install-extension output:\n${install.output.trim()}`);
  let installed: InstalledExtension[] = [];
  try {
    installed = JSON.parse(fs.readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8')) as InstalledExtension[];
  } catch {
    // nothing installed: reported below
  }
  const ours = installed.find((e) => e.identifier.id.toLowerCase() === expectedId);
  if (install.exitCode !== 0 || !ours) {
    record(
      'installed',
      false,
      `--install-extension exited ${install.exitCode} and ${expectedId} is ${ours ? '' : 'not '}in extensions.json: ` +
        install.output.trim().split('\n').slice(-3).join(' | '),
    );
    return false;
  }
  const list = await runServerCli(installDir, ['--list-extensions', '--show-versions', '--extensions-dir', extensionsDir]);
  const listed = list.output.split('\n').map((line) => line.trim());
  const expectedLine = `${expectedId}@${ours.version}`;
  const ok = list.exitCode === 0 && listed.some((line) => line.toLowerCase() === expectedLine);
  record(
    'installed',
    ok,
    ok
      ? `--list-extensions shows ${expectedLine} (only: ${listed.filter(Boolean).join(', ')})`
      : `--list-extensions (exit ${list.exitCode}) does not show ${expectedLine}: ${list.output.trim()}`,
  );
  return ok;
}

/** Ctrl+P, type the file name, wait for it in the list, Enter; resolves once the editor shows the file. */
async function openWithQuickOpen(page: Page, fileName: string): Promise<void> {
  // The status bar is one of the last parts laid out; before that, keybindings may not be registered.
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  const quickInput = page.locator('.quick-input-widget .quick-input-box input');
  // Ctrl+P pressed while the workbench is still restoring can be dropped; press again until the box shows.
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    await page.keyboard.press('Control+P');
    try {
      await quickInput.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Quick Open did not appear after Control+P: ${String(error)}`, { cause: error });
    }
  }
  await quickInput.fill(fileName);
  // A file-search result row for the file (recently-opened rows have the same label; either is fine).
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Vrese' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  log(`opened ${fileName} with Quick Open`);
}

// ---- probes: run in the page (serialized, so self-contained), return the state seen and whether it is what we want.

interface Rgb {
  r: number;
  g: number;
  b: number;
}
interface HighlightState {
  ok: boolean;
  tokenSpans: number;
  languageMode: string;
  /** Class of the workbench's theme type: vs-dark for Default Dark Modern. */
  themeType: string;
  colors: Record<'plain' | 'knownTag' | 'unknownTag' | 'comment' | 'cue' | 'settingKey', string | null>;
  cueFontStyle: string | null;
  problems: string[];
}

/** Colours of the spans holding the fixture's known tag, unknown tag, comment, cue, a front-matter key and a plain lyric. */
function probeHighlighting(): HighlightState {
  const lines = Array.from(document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line'));
  const norm = (text: string | null): string => (text ?? '').replace(/\u00a0/g, ' ');
  const spans = lines.flatMap((line) => Array.from(line.querySelectorAll('span > span')));
  const spanWith = (text: string): Element | undefined => spans.find((span) => norm(span.textContent).includes(text));
  const colorOf = (el: Element | undefined): string | null => (el ? getComputedStyle(el).color : null);
  const cue = spanWith('ooh');
  const colors = {
    plain: colorOf(spanWith('Streetlights')),
    knownTag: colorOf(spanWith('Verse')),
    unknownTag: colorOf(spanWith('Vrese')),
    comment: colorOf(spanWith('not sent')),
    cue: colorOf(cue),
    settingKey: colorOf(spanWith('sample_rate')), // embedded YAML (VS Code's own grammar)
  };
  const rgb = (css: string | null): Rgb | null => {
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css ?? '');
    return m ? { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]) } : null;
  };
  const problems: string[] = [];
  if (spans.length === 0) problems.push('no token spans');
  const themeType = ['vs-dark', 'hc-black', 'hc-light', 'vs'].find((t) => document.querySelector(`.monaco-workbench.${t}`)) ?? '?';
  if (themeType !== 'vs-dark') problems.push(`theme type is ${themeType}, not vs-dark (Default Dark Modern)`);
  if (!colors.plain || !colors.knownTag || !colors.unknownTag || !colors.comment || !colors.cue || !colors.settingKey) {
    problems.push('some fixture text not rendered');
  } else {
    if (colors.knownTag === colors.plain) problems.push('[Verse] has the plain text colour');
    if (colors.unknownTag === colors.plain) problems.push('[Vrese] has the plain text colour');
    if (colors.knownTag === colors.unknownTag) problems.push('[Verse] and [Vrese] have the same colour');
    if ([colors.plain, colors.knownTag, colors.unknownTag].includes(colors.comment)) {
      problems.push('comment colour not distinct');
    }
    if (colors.settingKey === colors.plain) problems.push('front matter key has the plain text colour');
    const green = rgb(colors.comment);
    if (!green || !(green.g > green.r + 20 && green.g > green.b + 20)) problems.push('comment is not green-ish');
  }
  const cueFontStyle = cue ? getComputedStyle(cue).fontStyle : null;
  if (cueFontStyle !== 'italic') problems.push('cue (ooh) is not italic');
  const languageMode = norm(document.querySelector('.statusbar-item[id="status.editor.mode"]')?.textContent ?? null).trim();
  if (languageMode !== 'Lyrics') problems.push(`language mode is "${languageMode}"`);
  return { ok: problems.length === 0, tokenSpans: spans.length, languageMode, themeType, colors, cueFontStyle, problems };
}

interface SquiggleState {
  ok: boolean;
  errors: number;
  warnings: number;
}
function probeSquiggles(): SquiggleState {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  const errors = editor?.querySelectorAll('.squiggly-error').length ?? 0;
  const warnings = editor?.querySelectorAll('.squiggly-warning').length ?? 0;
  return { ok: errors > 0 && warnings > 0, errors, warnings };
}

interface ProblemsState {
  ok: boolean;
  /** Marker rows as `severity source(code) "message"`. */
  rows: string[];
  problems: string[];
}
/** The Problems view's marker rows; wants our two diagnostics, with severity, source `lyrics` and code. */
function probeProblems(): ProblemsState {
  const textOf = (row: Element, selector: string): string => (row.querySelector(selector)?.textContent ?? '').replace(/\u00a0/g, ' ').trim();
  const markers = Array.from(document.querySelectorAll('.markers-panel .monaco-list-row'))
    .filter((row) => row.querySelector('.marker-message'))
    .map((row) => ({
      severity: ['error', 'warning', 'info'].find((s) => row.querySelector(`.marker-icon.${s}`)) ?? '?',
      source: textOf(row, '.marker-source'),
      code: textOf(row, '.marker-code'),
      message: textOf(row, '.marker-message'),
    }));
  const want = [
    { severity: 'error', code: 'invalid-setting', message: 'Invalid sample_rate' },
    { severity: 'warning', code: 'unknown-tag', message: 'Unknown structure tag "[Vrese]"' },
  ];
  const problems = want
    .filter((w) => !markers.some((m) => m.source === 'lyrics' && m.severity === w.severity && m.code === w.code && m.message.includes(w.message)))
    .map((w) => `no ${w.severity} lyrics(${w.code}) "${w.message}…"`);
  return {
    ok: problems.length === 0,
    rows: markers.map((m) => `${m.severity} ${m.source}(${m.code}) "${m.message}"`),
    problems,
  };
}

interface StatusBarState {
  ok: boolean;
  items: string[];
  counts: string | null;
}
function probeStatusBar(): StatusBarState {
  const items = Array.from(document.querySelectorAll('.part.statusbar .statusbar-item')).map((item) => (item.textContent ?? '').replace(/\u00a0/g, ' ').trim());
  const counts = items.find((text) => text.startsWith('Lyrics ') && text.includes('/3,500')) ?? null;
  return { ok: counts !== null, items: items.filter(Boolean), counts };
}

/**
 * Polls `probe` in the page (each animation frame, via waitForFunction) until
 * it reports ok or `timeoutMs` passes; returns the last state either way.
 */
async function pollUntilOk<T extends { ok: boolean }>(page: Page, probe: () => T, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
  try {
    await page.waitForFunction(`(${probe.toString()})().ok`, undefined, { timeout: timeoutMs });
  } catch (error) {
    if (!String(error).includes('Timeout')) throw error;
  }
  return page.evaluate(probe);
}

async function checkHighlighting(page: Page): Promise<void> {
  const state = await pollUntilOk(page, probeHighlighting);
  const c = state.colors;
  const detail =
    `[Verse] ${c.knownTag}, [Vrese] ${c.unknownTag}, # comment ${c.comment}, plain ${c.plain}, ` +
    `(ooh) ${c.cue} ${state.cueFontStyle}, sample_rate: ${c.settingKey}; ${state.tokenSpans} token spans; ` +
    `theme ${state.themeType}; language mode "${state.languageMode}"`;
  record('highlighting', state.ok, state.ok ? detail : `${state.problems.join('; ')} — ${detail}`);
}

async function checkLinting(page: Page): Promise<void> {
  const squiggles = await pollUntilOk(page, probeSquiggles);
  await page.keyboard.press('Control+Shift+M');
  const problems = await pollUntilOk(page, probeProblems);
  const ok = squiggles.ok && problems.ok;
  const detail =
    `${squiggles.errors} error + ${squiggles.warnings} warning squiggles; Problems view: ` + (problems.rows.length ? problems.rows.join(', ') : 'no markers');
  record('linting', ok, ok ? detail : `${problems.problems.join('; ') || 'missing squiggles'} — ${detail}`);
}

async function checkStatusBar(page: Page): Promise<void> {
  const state = await pollUntilOk(page, probeStatusBar);
  record('status bar', state.ok, state.ok ? `"${state.counts}"` : `no item "Lyrics …/3,500"; items: ${state.items.map((t) => `"${t}"`).join(', ')}`);
}

function positiveNumber(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text && Number.isFinite(value) && value > 0 ? value : fallback;
}

const started = Date.now();
const timeout = setTimeout(() => {
  void finish(started, `timed out after ${overallTimeoutMs / 1000} s (set LYRICS_TEST_TIMEOUT_MS to change); stopped everything`);
}, overallTimeoutMs);
timeout.unref();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => void finish(started, `interrupted by ${signal}; stopped everything`, 130));
}

main(started).catch((error: unknown) => finish(started, error instanceof Error ? error.message : String(error)));
