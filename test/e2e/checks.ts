/**
 * The harness every e2e script shares: named checks that record PASS/FAIL
 * with a detail, and one ending (on completion, a fatal error, the overall
 * timeout or a signal) that cleans up, lists every check (unrun ones as
 * failed) and prints the closing `e2e: N passed, N failed` line.
 *
 * Environment: LYRICS_TEST_TIMEOUT_MS (default 300000).
 */
import { log } from '../host/codeServer';

interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface E2eRun<C extends string> {
  /** Runs one named check; a thrown error fails it (first lines of its message as the detail) and the run goes on. */
  readonly check: (name: C, body: () => Promise<string>) => Promise<boolean>;
  /** Runs `main`, then `cleanup`, prints the results and exits (1 when anything failed or was not run). */
  readonly start: (main: () => Promise<void>, cleanup: () => Promise<void>) => void;
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function e2eRun<C extends string>(label: string, checks: readonly C[], onFailure?: (name: C) => Promise<unknown>): E2eRun<C> {
  const results: CheckResult[] = [];
  let finishing = false;

  const finish = async (started: number, cleanup: () => Promise<void>, fatal?: string): Promise<never> => {
    if (finishing) return new Promise<never>(() => undefined);
    finishing = true;
    await cleanup().catch((error: unknown) => log(`cleanup failed: ${String(error)}`));
    if (fatal) log(`FAILED: ${fatal}`);
    for (const name of checks) {
      if (!results.some((r) => r.name === name)) results.push({ name, ok: false, detail: 'not run' });
    }
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    process.stdout.write(`\n${results.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.name}: ${r.detail}`).join('\n')}\n`);
    log(`${label} e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
    process.exit(fatal || failed > 0 ? 1 : 0);
  };

  return {
    check: async (name, body) => {
      try {
        const detail = await body();
        results.push({ name, ok: true, detail });
        log(`PASS ${name}: ${detail}`);
        return true;
      } catch (error) {
        const detail = error instanceof Error ? error.message.split('\n').slice(0, 6).join(' | ') : String(error);
        results.push({ name, ok: false, detail });
        log(`FAIL ${name}: ${detail}`);
        await onFailure?.(name).catch(() => undefined);
        return false;
      }
    },
    start: (main, cleanup) => {
      const started = Date.now();
      const timeoutMs = Number(process.env['LYRICS_TEST_TIMEOUT_MS']) > 0 ? Number(process.env['LYRICS_TEST_TIMEOUT_MS']) : 5 * 60_000;
      setTimeout(() => void finish(started, cleanup, `timed out after ${timeoutMs / 1000} s`), timeoutMs).unref();
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void finish(started, cleanup, `interrupted by ${signal}`));
      main().then(
        () => finish(started, cleanup),
        (error: unknown) => finish(started, cleanup, error instanceof Error ? error.message : String(error)),
      );
    },
  };
}
