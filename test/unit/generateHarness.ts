/**
 * Shared by the Generate pipeline tests: a real temporary song folder, the
 * fake provider on loopback, `runGeneration` with fast timings, and the
 * assertions every failure must pass (typed kind, provider named, one line,
 * nothing left in the output folder).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GenerationError, PROVIDER_NAMES, type GenerationErrorKind } from '../../src/core/errors';
import {
  prepareSong,
  runGeneration,
  type GenerationProgress,
  type PreparedSong,
  type SavedTake,
  type SessionOptions,
  type SongWithCredentials,
} from '../../src/core/generate/pipeline';
import { formatLogEntry, type RequestLogEntry } from '../../src/core/net/redact';
import type { Credentials } from '../../src/core/providers/types';
import type { ProviderId } from '../../src/core/schema';
import { recoveryAction, type RecoveryAction, type RecoveryRecord } from '../../src/core/takes/recoveryRecord';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';

export const PROVIDERS: readonly ProviderId[] = ['cloudflare', 'scenario', 'minimax'];

export const PROMPT = 'Upbeat indie pop, 118 BPM, warm analog synths';
export const LYRICS = '[Verse]\nStreetlights hum a borrowed tune\n\n[Chorus]\nSing it back to me';
export const SONG = `---\ntitle: Borrowed Tune\nprompt: ${PROMPT}\n---\n[Verse]\nStreetlights hum a borrowed tune\n# a comment, never sent\n\n[Chorus]\nSing it back to me\n`;
export const INSTRUMENTAL_SONG = `---\nprompt: ${PROMPT}\nis_instrumental: true\nformat: wav\nsample_rate: 24000\nbitrate: 128000\n---\n`;

/** A file that was in the output folder before the run and must be all that is there after a failure. */
export const BYSTANDER = 'notes.txt';

/** 21 Nov 2026, 10:15:00 local time: names `song-20261121-101500.*`. */
export const FIXED_NOW = new Date(2026, 10, 21, 10, 15, 0);
export const FIXED_BASE = 'song-20261121-101500';

/** Timings that keep every test well under a second while keeping the real code paths. */
export const FAST = {
  retry: { baseDelayMs: 1, maxDelayMs: 10 },
  timeouts: { connectMs: 2_000, idleMs: 2_000, pollHeadersMs: 2_000 },
  pollIntervalMs: { first: 1, max: 5 },
  timeoutMs: 15_000,
} as const;

export class Workspace {
  readonly dir: string;
  readonly songPath: string;
  readonly out: string;

  constructor(text = SONG) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-generate-'));
    this.songPath = path.join(this.dir, 'song.lyrics');
    this.out = path.join(this.dir, 'takes');
    fs.writeFileSync(this.songPath, text);
    fs.mkdirSync(this.out);
    fs.writeFileSync(path.join(this.out, BYSTANDER), 'not a take\n');
  }

  /** The output folder's entries, hidden ones (the `.part` file) included. */
  entries(): string[] {
    return fs.existsSync(this.out) ? fs.readdirSync(this.out).sort() : [];
  }

  /** Every file under the workspace, recursively, with its bytes. */
  allFiles(): Array<{ file: string; bytes: Buffer }> {
    const found: Array<{ file: string; bytes: Buffer }> = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else found.push({ file: full, bytes: fs.readFileSync(full) });
      }
    };
    walk(this.dir);
    return found;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function credentialsFor<P extends ProviderId>(fake: FakeProvider, provider: P): Credentials<P> {
  // The fake's credentials are typed as its own record of the three; each is its provider's.
  return fake.credentials[provider] as Credentials<P>;
}

/** A song with the fake's credentials for its own provider. */
export function withFakeCredentials<P extends ProviderId>(fake: FakeProvider, song: PreparedSong<P>): SongWithCredentials<P> {
  return { song, credentials: credentialsFor(fake, song.provider) };
}

/** Every secret string the fake's credentials contain, plus the Scenario Basic header value. */
export function secretsOf(fake: FakeProvider): string[] {
  const { cloudflare, scenario, minimax } = fake.credentials;
  return [cloudflare.apiToken, scenario.apiKey, scenario.apiSecret, Buffer.from(`${scenario.apiKey}:${scenario.apiSecret}`).toString('base64'), minimax.apiKey];
}

export interface RunSetup {
  readonly text?: string;
  readonly baseUrl?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly timeouts?: Partial<SessionOptions['timeouts'] & object>;
  readonly retry?: Partial<SessionOptions['retry'] & object>;
  readonly pollIntervalMs?: { first: number; max: number };
  readonly now?: () => Date;
  readonly onProgress?: (progress: GenerationProgress) => void;
  readonly onLog?: (entry: RequestLogEntry) => void;
}

export interface Run {
  readonly result: Promise<SavedTake>;
  readonly log: RequestLogEntry[];
  readonly progress: GenerationProgress[];
}

/** Starts `runGeneration` for `provider` against the fake, recording its log and progress. */
export function startRun(fake: FakeProvider, workspace: Workspace, provider: ProviderId, setup: RunSetup = {}): Run {
  const log: RequestLogEntry[] = [];
  const progress: GenerationProgress[] = [];
  const song = prepareSong(setup.text ?? fs.readFileSync(workspace.songPath, 'utf8'), 'cloudflare', provider);
  const result = runGeneration({
    songPath: workspace.songPath,
    ...withFakeCredentials(fake, song),
    baseUrl: setup.baseUrl ?? fake.baseUrls[provider],
    outputFolder: workspace.out,
    timeoutMs: setup.timeoutMs ?? FAST.timeoutMs,
    signal: setup.signal,
    log: (entry) => {
      log.push(entry);
      setup.onLog?.(entry);
    },
    onProgress: (update) => {
      progress.push(update);
      setup.onProgress?.(update);
    },
    now: setup.now ?? (() => FIXED_NOW),
    timeouts: { ...FAST.timeouts, ...setup.timeouts },
    retry: { ...FAST.retry, ...setup.retry },
    pollIntervalMs: setup.pollIntervalMs ?? FAST.pollIntervalMs,
  });
  return { result, log, progress };
}

/** The formatted request log, as the extension's output channel would show it. */
export function logLines(run: Run): string[] {
  return run.log.map(formatLogEntry);
}

/**
 * Awaits a failure and checks what every failure must be: a GenerationError
 * of `kind` for `provider`, whose one-line description names the provider
 * (a user's own cancel excepted: "Generation canceled", matched on by the
 * extension) and, when given, matches `message`.
 */
export async function expectFailure(
  run: Run | Promise<SavedTake>,
  provider: ProviderId,
  kind: GenerationErrorKind,
  message?: RegExp,
): Promise<GenerationError> {
  const promise = 'result' in run ? run.result : run;
  const error: unknown = await promise.then(
    (saved) => assert.fail(`expected a ${kind} failure, but a take was saved: ${saved.audioPath}`),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof GenerationError, `expected a GenerationError, got ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const described = error.describe();
  assert.equal(error.kind, kind, `kind of: ${described}`);
  assert.equal(error.provider, provider);
  assert.doesNotMatch(described, /\n/, 'one line');
  assert.doesNotMatch(described, /undefined|\[object Object\]/, described);
  if (!(kind === 'canceled' && error.message === 'Generation canceled')) {
    assert.ok(described.includes(PROVIDER_NAMES[provider]), `names ${PROVIDER_NAMES[provider]}: ${described}`);
  }
  if (message) assert.match(described, message);
  return error;
}

/** The output folder holds exactly what it held before the run: no take, no sidecar, no `.part`, no record. */
export function assertNothingSaved(workspace: Workspace): void {
  assert.deepEqual(workspace.entries(), [BYSTANDER]);
}

/**
 * The provider accepted (and billed) the song but no take was saved: the
 * folder holds one recovery record and nothing else new (no audio, no
 * sidecar, no `.part`); the error points at it. Returns the record.
 */
export function assertRecordOnly(workspace: Workspace, error: GenerationError | undefined, action: RecoveryAction): RecoveryRecord {
  const entries = workspace.entries();
  const records = entries.filter((name) => name.endsWith('.pending.json'));
  assert.equal(records.length, 1, `one recovery record in ${entries.join(', ')}`);
  const recordName = records[0] ?? '';
  assert.deepEqual(
    entries.filter((name) => name !== recordName && !/^\..*\.pending-audio$/.test(name)),
    [BYSTANDER],
    'nothing but the record (and kept inline audio) is new',
  );
  const recordPath = path.join(workspace.out, recordName);
  const record = JSON.parse(fs.readFileSync(recordPath, 'utf8')) as RecoveryRecord;
  assert.equal(recoveryAction(record), action, `recovery action of ${JSON.stringify(record, null, 1).slice(0, 800)}`);
  assert.ok(record.attempts.length >= 1, 'the reason is recorded');
  if (error) {
    assert.equal(error.recovery?.recordPath, recordPath, 'the error points at the record');
    assert.equal(error.recovery?.action, action);
    assert.equal(error.mayBeBilled, true);
  }
  return record;
}

/** Resolves once `condition` holds (checked every couple of milliseconds; a state, not a fixed sleep). */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
  }
}

/** Resolves on the first progress update that satisfies `match`, aborting `controller` then. */
export function abortOn(controller: AbortController, match: (progress: GenerationProgress) => boolean): (progress: GenerationProgress) => void {
  return (progress) => {
    if (!controller.signal.aborted && match(progress)) controller.abort();
  };
}

/** A port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The common setup of the generate suites: one fake provider per suite (reset
 * before each test) and a fresh temporary workspace per test. Call inside a
 * `describe`; the returned object holds the current ones.
 */
export function useFakeProvider(): { readonly fake: FakeProvider; readonly workspace: Workspace } {
  const current = {} as { fake: FakeProvider; workspace: Workspace };
  before(async () => {
    current.fake = await startFakeProvider();
  });
  after(async () => {
    await current.fake?.close();
  });
  beforeEach(() => {
    current.fake.reset();
    current.workspace = new Workspace();
  });
  afterEach(() => {
    current.workspace.remove();
  });
  return current;
}
