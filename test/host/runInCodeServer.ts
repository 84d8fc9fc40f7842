// `npm run test:integration`: runs out/test/integration (mocha, in the real
// extension host) inside VS Code's server from the code-server package, with
// headless Chromium as the workbench. Prints the suite's mocha output and exits
// non-zero on any failure, including a run in which no test ran.
//
// Environment:
//   LYRICS_TEST_TIMEOUT_MS   overall limit, install included (default 600000)
//   LYRICS_CHROMIUM_PATH     browser to drive (default /usr/bin/chromium)
//   LYRICS_CODE_SERVER_DIR   code-server install folder (see codeServer.ts)
//   LYRICS_TEST_VERBOSE=1    also print all server and workbench log lines
//   LYRICS_TEST_GREP=<re>    run only matching tests (read by test/integration/index.ts)
//   LYRICS_TEST_SUITE=restricted  open the folder in Restricted Mode and run only
//                            test/integration/restricted/ (default: trusted, the rest)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumProblem, CleanupStack, launchChromium } from './browser';
import { delay, ensureCodeServer, isOfflineNoise, log, remoteUri, ServerOutputFilter, startServer, workbenchUrl, type RunningServer } from './codeServer';
import { OUTPUT_FILE, REPORT_DIR_ENV, RESULT_FILE, SUITE_ENV, suiteFromEnvironment, type IntegrationRunResult } from './report';

// out/test/host/runInCodeServer.js -> repository root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const TEST_INDEX = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index'); // VS Code adds .js
const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

const verbose = process.env['LYRICS_TEST_VERBOSE'] === '1';
const overallTimeoutMs = positiveNumber(process.env['LYRICS_TEST_TIMEOUT_MS'], 10 * 60_000);

/** Everything to undo when the run ends, however it ends. */
const cleanups = new CleanupStack(log);
const cleanUp = (): Promise<void> => cleanups.run();

async function finish(exitCode: number, message: string, summary?: string): Promise<never> {
  // Stop first so the verdict is the last line of the log, not server shutdown chatter.
  serverOutput.mute();
  await cleanUp();
  log(message);
  // The plain `N passed, N failed` line CI reads as the run's closing count.
  if (summary) console.log(summary);
  process.exit(exitCode);
}

function plainSummary(result: { passes: number; failures: number; pending: number }): string {
  return `${suiteFromEnvironment(process.env) === 'restricted' ? 'restricted' : 'integration'}: ${result.passes} passed, ${result.failures} failed${result.pending ? `, ${result.pending} skipped` : ''}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  checkPrerequisites();

  const installDir = await ensureCodeServer();

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-integration-'));
  cleanups.push(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const reportDir = path.join(scratch, 'report');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(reportDir);
  // Tests may edit files; they get a fresh copy each run.
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });

  const suite = suiteFromEnvironment(process.env);
  const server = await startServer({
    installDir,
    // Trust is off (everything trusted) except for the Restricted Mode suite.
    workspaceTrust: suite === 'restricted',
    // Inherited by the extension host, where test/integration/index.ts reads them.
    env: { [REPORT_DIR_ENV]: reportDir, [SUITE_ENV]: suite },
    onOutputLine: (line) => serverOutput.handle(line),
  });
  cleanups.push(() => server.stop());
  log(`VS Code server listening on ${server.origin} (pid ${server.pid})`);

  const relay = new OutputFileRelay(path.join(reportDir, OUTPUT_FILE));
  cleanups.push(() => relay.stop());

  const testExitCode = await runWorkbench(server, workspace);
  relay.stop(); // final read, so every line is printed before the verdict

  const result = readResult(path.join(reportDir, RESULT_FILE));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!result) {
    const cause = serverOutput.extensionHostExit
      ? `the extension host exited (${serverOutput.extensionHostExit}) before run() settled`
      : `the test index did not run, or did not see ${REPORT_DIR_ENV}`;
    const recentServerOutput = server.recentOutput().split('\n').slice(-40).join('\n');
    await finish(
      1,
      `FAILED: no test result from the extension host (workbench exit code ${testExitCode}): ${cause}.\n` + `--- last server output ---\n${recentServerOutput}`,
    );
    return;
  }
  if (result.error && !relay.printedAnything) log(`test index error: ${result.error}`);
  const ran = result.passes + result.failures;
  if (testExitCode !== 0 || result.failures > 0 || ran === 0) {
    const reason = result.error
      ? 'the test index failed before any test ran (see above)'
      : ran === 0
        ? 'no integration tests ran'
        : `${result.failures} failing, ${result.passes} passing`;
    await finish(1, `FAILED: ${reason} (extension host exit code ${testExitCode}) in ${seconds} s`, plainSummary(result));
    return;
  }
  await finish(0, `integration tests passed: ${result.passes} passing, ${result.pending} pending, in ${seconds} s`, plainSummary(result));
}

function checkPrerequisites(): void {
  const problems: string[] = [];
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main?: string };
  if (manifest.main && !fs.existsSync(path.join(REPO_ROOT, manifest.main))) {
    problems.push(`${manifest.main} is missing: run npm run build`);
  }
  if (!fs.existsSync(`${TEST_INDEX}.js`)) problems.push(`${TEST_INDEX}.js is missing: run npx tsc -p .`);
  if (!fs.existsSync(FIXTURE_WORKSPACE)) problems.push(`${FIXTURE_WORKSPACE} is missing`);
  const browserProblem = chromiumProblem();
  if (browserProblem) problems.push(browserProblem);
  if (problems.length > 0) throw new Error(`cannot run integration tests:\n  ${problems.join('\n  ')}`);
}

/** Opens the workbench with the development payload and resolves with the test run's exit code. */
async function runWorkbench(server: RunningServer, workspace: string): Promise<number> {
  const browser: Browser = await launchChromium();
  cleanups.push(() => closeBrowser(browser));
  const page = await browser.newPage();

  const testsFinished = new Promise<number>((resolve, reject) => {
    // The workbench calls window.codeAutomationExit(code) when run() settles
    // (0 when it resolved, 1 when it rejected), because the smoke-test driver is enabled.
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    browser.on('disconnected', () => reject(new Error('the browser closed or crashed before the tests finished')));
    void server.exited.then(({ code, signal }) => reject(new Error(`the VS Code server exited (${signal ?? `code ${code}`}) before the tests finished`)));
  });
  // The workbench's log, which includes the extension host's console.* output.
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const text = (Array.isArray(args) ? args : [args]).map(formatLogArg).join(' ');
    const important =
      (type === 'error' || type === 'warn') &&
      !isOfflineNoise(text) &&
      // run()'s rejection: test/integration/index.ts already put it in the relayed output.
      !text.includes(`${TEST_INDEX}.js`);
    if (verbose || important) log(`workbench ${type}: ${text}`);
  });
  page.on('pageerror', (error) => log(`workbench page error: ${error.message}`));

  const url = workbenchUrl(server, workspace, [
    ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
    ['extensionTestsPath', remoteUri(server, TEST_INDEX)],
    ['skipWelcome', 'true'],
  ]);
  if (verbose) log(`opening ${url}`);
  await page.goto(url);
  return testsFinished;
}

async function closeBrowser(browser: Browser): Promise<void> {
  // close() can hang if the browser is wedged; the process is killed with the harness anyway.
  await Promise.race([browser.close(), delay(5000)]);
}

function positiveNumber(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text && Number.isFinite(value) && value > 0 ? value : fallback;
}

function formatLogArg(arg: unknown): string {
  return typeof arg === 'string' ? arg : JSON.stringify(arg);
}

function readResult(file: string): IntegrationRunResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as IntegrationRunResult;
  } catch {
    return undefined;
  }
}

/** Copies what the test index appends to its output file to our stdout, as it is written. */
class OutputFileRelay {
  private offset = 0;
  private readonly timer: NodeJS.Timeout;
  printedAnything = false;

  constructor(private readonly file: string) {
    // Polling, not fs.watch: it sees every append on every filesystem, and 200 ms latency is fine for a log.
    this.timer = setInterval(() => this.pump(), 200);
  }

  pump(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return; // not created yet
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      const read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      if (read > 0) this.printedAnything = true;
      process.stdout.write(buffer.subarray(0, read));
    } finally {
      fs.closeSync(fd);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.pump();
  }
}

const serverOutput = new ServerOutputFilter(verbose);

const timeout = setTimeout(() => {
  void finish(1, `FAILED: timed out after ${overallTimeoutMs / 1000} s (set LYRICS_TEST_TIMEOUT_MS to change); stopped everything`);
}, overallTimeoutMs);
timeout.unref();

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => void finish(130, `interrupted by ${signal}; stopped everything`));
}

main().catch((error: unknown) => finish(1, `FAILED: ${error instanceof Error ? error.message : String(error)}`));
