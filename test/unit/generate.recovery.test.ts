/**
 * "A paid answer is never thrown away": what is checked before anything is
 * sent, the recovery record written the moment a provider accepts a song,
 * and recovery from it without a new generate request — through
 * `runGeneration` and `recoverTake` against the fake provider on loopback,
 * with real files on disk.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audioHostPolicy, downloadAudio, writeInlineAudio } from '../../src/core/generate/download';
import { GenerationError } from '../../src/core/errors';
import { createSession } from '../../src/core/net/http';
import { OutputFolderError, prepareSong, runGeneration, type SongWithCredentials } from '../../src/core/generate/pipeline';
import { IN_PROGRESS_REASON } from '../../src/core/generate/paidSongKeeper';
import { RecordUnusableError, recoverTake } from '../../src/core/generate/recover';
import type { ProviderId } from '../../src/core/schema';
import { MAX_STEM_BYTES } from '../../src/core/takes/naming';
import { createRecord, listRecords, readRecord, redactAnswer, RECORD_KIND, type RecoveryRecord } from '../../src/core/takes/recoveryRecord';
import type { FakeProvider } from '../fakeProvider';
import { recoveryRecord } from './playerFixtures';
import {
  abortOn,
  assertRecordOnly,
  BYSTANDER,
  credentialsFor,
  expectFailure,
  FAST,
  FIXED_BASE,
  FIXED_NOW,
  PROVIDERS,
  secretsOf,
  SONG,
  startRun,
  until,
  useFakeProvider,
  withFakeCredentials,
  type Workspace,
} from './generateHarness';

/** Recovery with the same fast timings as the runs. */
function recover(fake: FakeProvider, recordPath: string, options: { credentials?: boolean; signal?: AbortSignal } = {}) {
  return recoverTake({
    recordPath,
    timeoutMs: FAST.timeoutMs,
    signal: options.signal,
    credentials: async (provider: ProviderId) => (options.credentials === false ? undefined : credentialsFor(fake, provider)),
    baseUrl: (provider: ProviderId) => fake.baseUrls[provider],
    timeouts: FAST.timeouts,
    retry: FAST.retry,
    pollIntervalMs: FAST.pollIntervalMs,
  });
}

function recordIn(workspace: Workspace): string {
  const name = workspace.entries().find((entry) => entry.endsWith('.pending.json'));
  assert.ok(name, `a record in ${workspace.entries().join(', ')}`);
  return path.join(workspace.out, name);
}

/** After a successful recovery: one take and its sidecar under the generation's base name, and no record. */
function assertRecovered(workspace: Workspace, saved: { audioPath: string; sidecarPath: string }, extension: 'mp3' | 'wav' = 'mp3'): void {
  assert.equal(path.basename(saved.audioPath), `${FIXED_BASE}.${extension}`);
  assert.deepEqual(workspace.entries(), [`${FIXED_BASE}.json`, `${FIXED_BASE}.${extension}`, BYSTANDER].sort());
  assert.ok(fs.statSync(saved.audioPath).size > 1000);
}

describe('Never lose a paid song (runGeneration / recoverTake ↔ fake provider)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  describe('checked before anything is sent', () => {
    async function expectRefused(outputFolder: string, reason: RegExp): Promise<void> {
      const error: unknown = await runGeneration({
        songPath: workspace.songPath,
        ...withFakeCredentials(fake, prepareSong(SONG, 'cloudflare')),
        baseUrl: fake.baseUrls.cloudflare,
        outputFolder,
        timeoutMs: FAST.timeoutMs,
      }).then(
        () => assert.fail('expected the output folder to be refused'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof OutputFolderError, String(error));
      assert.match(error.message, new RegExp(`^Can’t save the take in ${outputFolder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      assert.match(error.reason, reason);
      assert.match(error.message, /Nothing was sent\.$/);
      assert.equal(fake.requests.length, 0, 'no request reached the provider');
    }

    it('credentials of another provider (the types refuse the pair; a caller that casts past them is refused at run time)', async () => {
      const mismatched = { song: prepareSong(SONG, 'cloudflare'), credentials: credentialsFor(fake, 'scenario') } as unknown as SongWithCredentials;
      const error: unknown = await runGeneration({
        songPath: workspace.songPath,
        ...mismatched,
        baseUrl: fake.baseUrls.cloudflare,
        outputFolder: workspace.out,
        timeoutMs: FAST.timeoutMs,
      }).then(
        () => assert.fail('expected a refusal'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof GenerationError && error.kind === 'auth', String(error));
      assert.match(error.message, /Cloudflare credentials are incomplete; nothing was sent/);
      assert.equal(fake.requests.length, 0);
    });

    it('an output folder that is a file', async () => {
      const file = path.join(workspace.dir, 'takes-file');
      fs.writeFileSync(file, 'not a folder');
      await expectRefused(file, /it is a file, not a folder/);
    });

    it('a dangling `takes` symlink', async () => {
      const link = path.join(workspace.dir, 'dangling');
      fs.symlinkSync(path.join(workspace.dir, 'gone'), link);
      await expectRefused(link, /symbolic link to .*gone, which does not exist/);
    });

    it('a folder under a file', async () => {
      fs.writeFileSync(path.join(workspace.dir, 'plain'), 'x');
      await expectRefused(path.join(workspace.dir, 'plain', 'takes'), /a part of its path is a file/);
    });

    it('a folder that cannot be written (even by root: sysfs refuses new files)', async () => {
      await expectRefused('/sys/kernel/lyrics-takes', /not writable|read-only|can’t be written/);
    });

    it('a 240-character song name: the take is saved under a capped name', async () => {
      const longName = `${'ä'.repeat(120)}.lyrics`; // 240 bytes of UTF-8 before the suffixes
      const songPath = path.join(workspace.dir, longName);
      fs.writeFileSync(songPath, SONG);
      const saved = await runGeneration({
        songPath,
        ...withFakeCredentials(fake, prepareSong(SONG, 'cloudflare')),
        baseUrl: fake.baseUrls.cloudflare,
        outputFolder: workspace.out,
        timeoutMs: FAST.timeoutMs,
        now: () => FIXED_NOW,
      });
      const name = path.basename(saved.audioPath);
      assert.ok(Buffer.byteLength(name) < 200, `${Buffer.byteLength(name)} bytes`);
      assert.equal(name, `${'ä'.repeat(MAX_STEM_BYTES / 2)}-20261121-101500.mp3`);
      assert.equal(fake.requestsFor('generate').length, 1);
    });
  });

  describe('the recovery record', () => {
    it('is on disk from the moment Cloudflare answers, before the download, and gone once the take is saved', async () => {
      fake.setDelays({ download: 400 });
      const run = startRun(fake, workspace, 'cloudflare');
      await until(() => fake.requestsFor('download').length === 1, 'the download to start');
      const recordPath = recordIn(workspace);
      const read = await readRecord(recordPath);
      assert.ok(read.ok, read.ok ? '' : read.reason);
      const record = read.record;
      assert.equal(path.basename(recordPath), `${FIXED_BASE}.pending.json`);
      assert.equal(record.kind, RECORD_KIND);
      assert.equal(record.provider, 'cloudflare');
      assert.equal(record.model, 'minimax/music-2.6');
      assert.equal(record.reason, IN_PROGRESS_REASON, 'what a crash would leave');
      assert.equal(record.audioUrls.length, 1);
      assert.match(record.audioUrls[0] ?? '', /^http:\/\/127\.0\.0\.1:\d+\/files\//);
      assert.equal(record.prompt, 'Upbeat indie pop, 118 BPM, warm analog synths');
      assert.equal(record.song, '../song.lyrics');
      assert.ok(record.requestId, 'the request id is kept');
      assert.ok(record.answer?.includes(record.audioUrls[0] ?? '?'), 'the raw answer is kept');
      await run.result;
      assert.deepEqual(workspace.entries(), [`${FIXED_BASE}.json`, `${FIXED_BASE}.mp3`, BYSTANDER].sort());
    });

    it('never holds a secret, and is cut at 64 KB', () => {
      const secrets = secretsOf(fake);
      const { text } = redactAnswer(`{"echo":"${secrets.join('","')}","pad":"${'x'.repeat(70_000)}"}`, secrets);
      for (const secret of secrets) assert.ok(!text.includes(secret), `no ${secret.slice(0, 6)}…`);
      assert.ok(text.length < 66_000);
      assert.match(text, /\[cut at 65536 characters\]$/);
    });

    it('never overwrites another record of the same second', async () => {
      const record = (await recordFixture(workspace)).record;
      const second = await createRecord(workspace.out, workspace.songPath, FIXED_NOW, record);
      assert.equal(path.basename(second), `${FIXED_BASE}-2.pending.json`);
      const listed = await listRecords(workspace.out, workspace.songPath);
      assert.deepEqual(listed.map((entry) => entry.id).sort(), [`${FIXED_BASE}-2.pending.json`, `${FIXED_BASE}.pending.json`]);
    });
  });

  describe('our own disk failing is a file-system error, never “network”', () => {
    // /dev/full answers every write with ENOSPC, as a full disk does, even for root.
    it('a download into a full disk', async () => {
      // A real take's signed URL, from a first generation.
      await startRun(fake, workspace, 'minimax').result;
      const download = fake.requestsFor('download')[0];
      assert.ok(download);
      const session = createSession({ signal: new AbortController().signal, log: () => undefined, timeouts: FAST.timeouts, retry: FAST.retry });
      const error = await downloadAudio({
        provider: 'minimax',
        session,
        url: `${fake.origin}${download.path}?${new URLSearchParams(download.query).toString()}`,
        tempPath: '/dev/full',
        expectedFormat: 'mp3',
        requestId: undefined,
        hosts: audioHostPolicy(fake.baseUrls.minimax),
        onProgress: () => undefined,
      }).then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
      await session.dispatcher.close();
      assert.ok(error instanceof GenerationError);
      assert.equal(error.kind, 'file-system');
      assert.match(error.message, /Couldn’t write the take from MiniMax while downloading the audio: the disk is full/);
      assert.equal(fake.requestsFor('download').length, 2, 'not retried: the network was fine');
    });

    it('inline (hex) audio into a full disk', async () => {
      const error = await writeInlineAudio({
        provider: 'minimax',
        hex: fs.readFileSync(path.join(__dirname, '../../../test/fixtures/audio/take.mp3')).toString('hex'),
        tempPath: '/dev/full',
        expectedFormat: 'mp3',
        requestId: undefined,
        onProgress: () => undefined,
      }).then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof GenerationError);
      assert.equal(error.kind, 'file-system');
      assert.match(error.message, /the disk is full/);
    });
  });

  describe('recovery without paying again', () => {
    for (const provider of PROVIDERS) {
      it(`${provider}: a download whose link was refused once is recovered from the record`, async () => {
        fake.setFaults({ download: { kind: 'expiredUrl', times: 1 } });
        const error = await expectFailure(startRun(fake, workspace, provider), provider, 'server', /download link was refused/);
        const record = assertRecordOnly(workspace, error, 'download');
        assert.equal(record.attempts.length, 1);
        const saved = await recover(fake, recordIn(workspace), { credentials: false });
        assertRecovered(workspace, saved);
        assert.equal(fake.requestsFor('generate').length, 1, 'no second generate request');
        assert.equal(fake.requestsFor('download').length, 2);
        assert.equal(saved.sidecar.provider, provider);
        assert.equal(saved.sidecar.prompt, record.prompt);
        assert.equal(saved.sidecar.requestId, record.requestId);
      });
    }

    it('scenario: a job interrupted while waiting is resumed (polling again), not submitted again', async () => {
      fake.setScenario({ pollsPerStatus: 1000 });
      const controller = new AbortController();
      const run = startRun(fake, workspace, 'scenario', { signal: controller.signal, onProgress: abortOn(controller, (p) => p.stage === 'queued') });
      const error = await expectFailure(run, 'scenario', 'canceled');
      const record = assertRecordOnly(workspace, error, 'resume');
      assert.match(record.jobId ?? '', /^job_/);
      assert.equal(record.requestId, record.jobId);
      const polls = fake.requestsFor('poll').length;
      fake.setScenario({ pollsPerStatus: 0 });
      const saved = await recover(fake, recordIn(workspace));
      assertRecovered(workspace, saved);
      assert.equal(fake.requestsFor('generate').length, 1, 'no second generate request');
      assert.ok(fake.requestsFor('poll').length > polls, 'the same job was polled again');
      assert.equal(saved.sidecar.requestId, record.jobId);
    });

    it('scenario: resuming without credentials keeps the record, with the new reason added', async () => {
      fake.setScenario({ pollsPerStatus: 1000 });
      const controller = new AbortController();
      await expectFailure(
        startRun(fake, workspace, 'scenario', { signal: controller.signal, onProgress: abortOn(controller, (p) => p.stage === 'queued') }),
        'scenario',
        'canceled',
      );
      const recordPath = recordIn(workspace);
      const error = await recover(fake, recordPath, { credentials: false }).then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof GenerationError);
      assert.equal(error.kind, 'auth');
      const read = await readRecord(recordPath);
      assert.ok(read.ok);
      assert.equal(read.record.attempts.length, 2);
      assert.match(read.record.reason, /needs the Scenario credentials/);
      assert.equal(fake.requestsFor('generate').length, 1);
    });

    it('a link that stays refused: the record stays, each attempt’s reason added, and the error says the song may be gone', async () => {
      fake.setFaults({ download: { kind: 'expiredUrl' } });
      await expectFailure(startRun(fake, workspace, 'minimax'), 'minimax', 'server');
      const recordPath = recordIn(workspace);
      const error = await recover(fake, recordPath).then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof GenerationError);
      assert.match(error.nextStep(), /can’t be downloaded any more/);
      const read = await readRecord(recordPath);
      assert.ok(read.ok);
      assert.equal(read.record.attempts.length, 2);
      assert.deepEqual(
        workspace.entries().filter((name) => !name.endsWith('.pending.json')),
        [BYSTANDER],
        'no partial audio',
      );
      assert.equal(fake.requestsFor('generate').length, 1);
    });

    it('a record whose answer held no audio: nothing to download, the record stays', async () => {
      const { recordPath } = await recordFixture(workspace, { audioUrls: [], answer: '{"weird":true}' });
      const error = await recover(fake, recordPath).then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof GenerationError);
      assert.match(error.message, /nothing to download; the answer is kept in/);
      assert.ok(fs.existsSync(recordPath));
      assert.equal(fake.requests.length, 0);
    });

    it('audio saved without its sidecar: recovery writes just the sidecar', async () => {
      const audio = `${FIXED_BASE}.mp3`;
      fs.copyFileSync(path.join(__dirname, '../../../test/fixtures/audio/take.mp3'), path.join(workspace.out, audio));
      const { recordPath } = await recordFixture(workspace, { savedAudio: audio, audioUrls: [] });
      const saved = await recover(fake, recordPath);
      assert.equal(saved.audioPath, path.join(workspace.out, audio));
      const sidecar = JSON.parse(fs.readFileSync(saved.sidecarPath, 'utf8')) as Record<string, unknown>;
      assert.equal(sidecar.audio, audio);
      assert.ok(!fs.existsSync(recordPath));
      assert.equal(fake.requests.length, 0);
    });

    it('a file that is not a record is refused, and nothing is sent', async () => {
      const bogus = path.join(workspace.out, `${FIXED_BASE}.pending.json`);
      fs.writeFileSync(bogus, '{"kind":"something else"}');
      await assert.rejects(recover(fake, bogus), (error: unknown) => error instanceof RecordUnusableError && /not a recovery record/.test(error.message));
      const traversal = await recordFixture(workspace, { inlineAudio: '../../etc/passwd' }, 'other');
      await assert.rejects(
        recover(fake, traversal.recordPath),
        (error: unknown) => error instanceof RecordUnusableError && /not a file in its folder/.test(error.message),
      );
      assert.equal(fake.requests.length, 0);
    });
  });
});

/** A record written directly (as a failed run would have left it), for recovery cases a fault can't easily produce. */
async function recordFixture(
  workspace: Workspace,
  overrides: Partial<RecoveryRecord> = {},
  stem = 'song',
): Promise<{ recordPath: string; record: RecoveryRecord }> {
  const record = recoveryRecord({
    prompt: 'Upbeat indie pop',
    lyrics: '[Verse]\nla',
    song: `../${stem}.lyrics`,
    submittedAt: FIXED_NOW.toISOString(),
    requestId: 'trace-1',
    audioUrls: ['https://example.invalid/x.mp3'],
    reason: 'test',
    attempts: [{ at: FIXED_NOW.toISOString(), reason: 'test' }],
    ...overrides,
  });
  const recordPath = await createRecord(workspace.out, path.join(workspace.dir, `${stem}.lyrics`), FIXED_NOW, record);
  return { recordPath, record };
}
