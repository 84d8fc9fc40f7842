// Contract between the test harness (test/host/runInCodeServer.ts) and the test
// index running in the extension host (test/integration/index.ts). The harness
// sets REPORT_DIR_ENV on the VS Code server; the extension host inherits it.

export const REPORT_DIR_ENV = 'LYRICS_TEST_REPORT_DIR';
/** mocha's spec reporter output, appended while tests run. */
export const OUTPUT_FILE = 'mocha-output.log';
/** JSON IntegrationRunResult, written once when the run ends. */
export const RESULT_FILE = 'result.json';

export interface IntegrationRunResult {
  tests: number;
  passes: number;
  failures: number;
  pending: number;
  /** Set when the run failed before or outside of mocha's own accounting. */
  error?: string;
}

/**
 * Which integration suite runs: `trusted` (default: the workspace is trusted,
 * every test except those under restricted/) or `restricted` (the folder opens
 * in Restricted Mode and only the tests under restricted/ run).
 */
export const SUITE_ENV = 'LYRICS_TEST_SUITE';
export type IntegrationSuite = 'trusted' | 'restricted';

export function suiteFromEnvironment(env: NodeJS.ProcessEnv): IntegrationSuite {
  return env[SUITE_ENV] === 'restricted' ? 'restricted' : 'trusted';
}
