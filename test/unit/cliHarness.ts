/**
 * Running dist/cli.js as a child process against the fake provider: its
 * environment (the fake's base URLs and credentials, nothing of the
 * developer's own), its output, and a way to wait for a stderr line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';

export const repoRoot = path.resolve(__dirname, '../../..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcess;
  readonly finished: Promise<Finished>;
  /** Resolves when stderr has printed a line matching `pattern`. */
  stderrMatches(pattern: RegExp): Promise<void>;
}

/** The environment without any real credentials or base URLs the developer may have set. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CLOUDFLARE_|SCENARIO_|MINIMAX_|LYRICS_)/.test(name)));
}

/** Everything the fake needs: its base URLs and credentials. */
export function fakeEnvironment(fake: FakeProvider): NodeJS.ProcessEnv {
  return {
    ...cleanEnvironment(),
    LYRICS_CLOUDFLARE_BASE_URL: fake.baseUrls.cloudflare,
    LYRICS_SCENARIO_BASE_URL: fake.baseUrls.scenario,
    LYRICS_MINIMAX_BASE_URL: fake.baseUrls.minimax,
    CLOUDFLARE_ACCOUNT_ID: fake.credentials.cloudflare.accountId,
    CLOUDFLARE_API_TOKEN: fake.credentials.cloudflare.apiToken,
    SCENARIO_API_KEY: fake.credentials.scenario.apiKey,
    SCENARIO_API_SECRET: fake.credentials.scenario.apiSecret,
    MINIMAX_API_KEY: fake.credentials.minimax.apiKey,
  };
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/**
 * Starts `lyrics <args>` in `cwd`. Asynchronous on purpose: the fake provider
 * answers from this very process. `children` collects it so a failed test
 * can kill what it left running.
 */
export function spawnLyrics(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, children: Set<ChildProcess>): Running {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) {
      if (lines(stderr).some((line) => waiter.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const finished = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    finished,
    stderrMatches: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (lines(stderr).some((line) => pattern.test(line))) {
          resolve();
          return;
        }
        waiters.push({ pattern, resolve });
        void finished.then((result) => reject(new Error(`exited (${result.code}) before stderr matched ${pattern}: ${result.stderr}`)));
      }),
  };
}

/** Kills whatever a test left running. */
export function killAll(children: Set<ChildProcess>): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

/** What a CLI suite against the fake provider works with; the fields are the current test's. */
export interface CliSuite {
  readonly fake: FakeProvider;
  /** A fresh temporary folder per test, holding `song.lyrics`; the child's working directory. */
  readonly dir: string;
  /** `lyrics <args>` in `dir`, with the fake's environment unless another is given. */
  lyrics(args: readonly string[], env?: NodeJS.ProcessEnv): Running;
  /** Entries of `dir/takes` (or `folder`), hidden ones included; none when it does not exist. */
  takes(folder?: string): string[];
}

/**
 * The common setup of the CLI suites: one fake provider per suite (reset
 * before each test), a temporary folder with `song.lyrics` per test, and
 * every child killed after it. Call inside a `describe`.
 */
export function useCliSuite(prefix: string, song: string): CliSuite {
  const children = new Set<ChildProcess>();
  const current = {} as { fake: FakeProvider; dir: string };
  before(async () => {
    if (!fs.existsSync(cliPath)) throw new Error('run `npm run build` first');
    current.fake = await startFakeProvider();
  });
  after(async () => {
    await current.fake?.close();
  });
  beforeEach(() => {
    current.fake.reset();
    current.dir = fs.mkdtempSync(path.join(os.tmpdir(), `lyrics-cli-${prefix}-`));
    fs.writeFileSync(path.join(current.dir, 'song.lyrics'), song);
  });
  afterEach(() => {
    killAll(children);
    fs.rmSync(current.dir, { recursive: true, force: true });
  });
  return {
    get fake() {
      return current.fake;
    },
    get dir() {
      return current.dir;
    },
    lyrics: (args, env) => spawnLyrics(current.dir, args, env ?? fakeEnvironment(current.fake), children),
    takes: (folder = path.join(current.dir, 'takes')) => (fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []),
  };
}
