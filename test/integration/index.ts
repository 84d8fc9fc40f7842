// Entry point VS Code calls inside the extension host (extensionTestsPath).
// Runs every compiled out/test/integration/**/*.test.js with mocha.
//
// Under the code-server harness (test/host/runInCodeServer.ts) the extension
// host's console does not reach the harness's stdout, so the harness passes
// LYRICS_TEST_REPORT_DIR (the extension host inherits the server's environment)
// and we write mocha's spec output and a result summary there for it to relay.
// Under @vscode/test-electron that variable is absent and the output goes to
// the console, which test-electron forwards to its stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import { OUTPUT_FILE, REPORT_DIR_ENV, RESULT_FILE, suiteFromEnvironment, type IntegrationRunResult } from '../host/report';

export async function run(): Promise<void> {
  const reportDir = process.env[REPORT_DIR_ENV];
  const outputPath = reportDir ? path.join(reportDir, OUTPUT_FILE) : undefined;
  const writeResult = (result: IntegrationRunResult): void => {
    if (reportDir) fs.writeFileSync(path.join(reportDir, RESULT_FILE), JSON.stringify(result) + '\n');
  };

  const restoreConsoleLog = outputPath ? redirectReporterOutput(outputPath) : () => undefined;
  try {
    const mocha = new Mocha({
      ui: 'bdd',
      reporter: 'spec',
      timeout: 20_000,
      // Colour codes are noise in a relayed log file; keep them for a terminal.
      color: !outputPath,
      // LYRICS_TEST_GREP=<regexp> runs only the matching tests (the harness passes the environment through).
      ...(process.env['LYRICS_TEST_GREP'] ? { grep: process.env['LYRICS_TEST_GREP'] } : {}),
    });
    const testFiles = findTestFiles(__dirname);
    for (const file of testFiles) mocha.addFile(file);

    const stats = await new Promise<Mocha.Stats | undefined>((resolve, reject) => {
      try {
        const runner = mocha.run(() => resolve(runner.stats));
      } catch (error) {
        // mocha.run throws synchronously when a test file fails to load.
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    const result: IntegrationRunResult = {
      tests: stats?.tests ?? 0,
      passes: stats?.passes ?? 0,
      failures: stats?.failures ?? 0,
      pending: stats?.pending ?? 0,
    };
    writeResult(result);
    if (testFiles.length === 0 || result.passes + result.failures === 0) {
      throw new ReportedError(`no integration tests ran (looked for *.test.js under ${__dirname})`);
    }
    if (result.failures > 0) {
      // mocha's own report above already says which and why.
      throw new Error(`${result.failures} integration test(s) failed`);
    }
  } catch (error) {
    if (reportDir && !fs.existsSync(path.join(reportDir, RESULT_FILE))) {
      // Failed before mocha could count anything, e.g. a test file threw while loading.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      writeResult({ tests: 0, passes: 0, failures: 0, pending: 0, error: message });
      if (outputPath) fs.appendFileSync(outputPath, `\nintegration run failed: ${message}\n`);
    } else if (outputPath && error instanceof ReportedError) {
      fs.appendFileSync(outputPath, `\nintegration run failed: ${error.message}\n`);
    }
    throw error;
  } finally {
    restoreConsoleLog();
  }
}

/** An error whose message belongs in the relayed output (mocha's report does not mention it). */
class ReportedError extends Error {}

/**
 * All *.test.js files below `dir`, sorted so the run order is stable. tsc never
 * deletes outputs, so a compiled test whose .ts source was deleted or renamed
 * would still run; those are skipped when the sources are present to tell.
 */
function findTestFiles(dir: string): string[] {
  // out/test/integration -> test/integration
  const sourceDir = path.resolve(dir, '..', '..', '..', 'test', 'integration');
  const canCheckSources = fs.existsSync(sourceDir);
  return (
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((relative) => relative.endsWith('.test.js'))
      // Restricted Mode tests need a host started with workspace trust on, and only they run there.
      .filter((relative) => relative.startsWith(`restricted${path.sep}`) === (suiteFromEnvironment(process.env) === 'restricted'))
      .filter((relative) => {
        if (!canCheckSources) return true;
        const hasSource = fs.existsSync(path.join(sourceDir, relative.replace(/\.js$/, '.ts')));
        if (!hasSource) console.warn(`skipping ${relative}: its .ts source no longer exists (stale tsc output)`);
        return hasSource;
      })
      .sort()
      .map((relative) => path.join(dir, relative))
  );
}

/**
 * Mocha's built-in reporters print through Base.consoleLog (console.log captured
 * when mocha loads), so replacing it sends the spec reporter's lines to a file,
 * appended synchronously so the harness can relay them while tests still run.
 * Returns a function that restores the original.
 */
function redirectReporterOutput(outputPath: string): () => void {
  fs.writeFileSync(outputPath, '');
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    fs.appendFileSync(outputPath, util.format(...args) + '\n');
  };
  return () => {
    base.consoleLog = original;
  };
}
