/**
 * Cancel (an AbortController, as the progress notification's Cancel button
 * and the CLI's Ctrl-C use) at every stage: the HTTP request is aborted at
 * once, the error is `canceled`, and no take, sidecar or `.part` file is
 * left — in particular not the `.part` file a download was streaming into.
 *
 * A cancel before the provider accepted the song leaves nothing at all. A
 * cancel after it (Scenario's job id known, or the audio URL) cannot undo the
 * charge: the recovery record stays, so the paid song can still be fetched.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { GenerationError } from '../../src/core/errors';
import type { ProviderId } from '../../src/core/schema';
import type { RecoveryAction } from '../../src/core/takes/recoveryRecord';
import { type FakeProvider, type Stage } from '../fakeProvider';
import { abortOn, assertNothingSaved, assertRecordOnly, expectFailure, PROVIDERS, SONG, startRun, until, Workspace, useFakeProvider } from './generateHarness';

/** Long enough that only the abort can end the wait. */
const HELD_MS = 60_000;
/** A WAV big enough that its download is still under way when the test aborts it. */
const BIG_WAV_BYTES = 64 * 1024 * 1024;

describe('Generate cancel at each stage (runGeneration ↔ fake provider on loopback)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  /**
   * Holds `stage`'s request, cancels once it arrived, and checks what is left:
   * nothing (before acceptance), or the record with its recovery action.
   */
  async function cancelWhileHeld(provider: ProviderId, stage: Stage, leaves: 'nothing' | RecoveryAction): Promise<GenerationError> {
    fake.setDelays({ [stage]: HELD_MS });
    const controller = new AbortController();
    const run = startRun(fake, workspace, provider, { signal: controller.signal });
    await until(() => fake.requestsFor(stage, provider).length === 1, `the ${stage} request to arrive`);
    controller.abort();
    const error = await expectFailure(run, provider, 'canceled', /^Generation canceled$/);
    // A held request (a minute) outlasts mocha's timeout: resolving at all shows the abort ended it at once.
    assert.equal(fake.requestsFor('generate', provider).length, 1, 'the generate request was sent once, never again after the cancel');
    if (leaves === 'nothing') {
      assertNothingSaved(workspace);
      assert.equal(error.recovery, undefined);
    } else {
      assertRecordOnly(workspace, error, leaves);
    }
    return error;
  }

  for (const provider of PROVIDERS) {
    it(`${provider}: during the submit (request in flight) → nothing saved`, async () => {
      const error = await cancelWhileHeld(provider, 'generate', 'nothing');
      // Cloudflare and MiniMax generate synchronously: the POST was sent, so the song may be generated (and billed)
      // anyway, but there is no URL to keep. Scenario accepts a song by returning a job id, which never arrived here.
      if (provider !== 'scenario') assert.equal(error.mayBeBilled, true, 'mayBeBilled');
    });
  }

  it('scenario: while waiting between polls → the record keeps the job id (resume)', async () => {
    const controller = new AbortController();
    // The first poll waits a minute; the cancel comes as soon as the submit has been answered.
    const run = startRun(fake, workspace, 'scenario', {
      signal: controller.signal,
      pollIntervalMs: { first: HELD_MS, max: HELD_MS },
      onLog: (entry) => {
        if (entry.method === 'POST' && entry.status === 200) controller.abort();
      },
    });
    const error = await expectFailure(run, 'scenario', 'canceled', /^Generation canceled$/);
    assert.equal(fake.requestsFor('poll').length, 0);
    const record = assertRecordOnly(workspace, error, 'resume');
    assert.match(record.jobId ?? '', /^job_/);
  });

  it('scenario: while a poll request is in flight → record (resume)', async () => {
    fake.setScenario({ pollsPerStatus: 1000 });
    await cancelWhileHeld('scenario', 'poll', 'resume');
  });

  it('scenario: while the job reports progress → record (resume)', async () => {
    fake.setScenario({ pollsPerStatus: { 'in-progress': 1000 } });
    const controller = new AbortController();
    const run = startRun(fake, workspace, 'scenario', {
      signal: controller.signal,
      onProgress: abortOn(controller, (p) => p.stage === 'generating' && 'providerStatus' in p && p.providerStatus === 'in-progress'),
    });
    const error = await expectFailure(run, 'scenario', 'canceled', /^Generation canceled$/);
    assert.equal(fake.requestsFor('asset').length, 0);
    assertRecordOnly(workspace, error, 'resume');
  });

  it('scenario: while fetching the asset → record (resume)', async () => {
    await cancelWhileHeld('scenario', 'asset', 'resume');
  });

  for (const provider of PROVIDERS) {
    it(`${provider}: before the download's headers arrive → record (download)`, async () => {
      await cancelWhileHeld(provider, 'download', 'download');
    });

    it(`${provider}: mid-download, with the .part file on disk → the .part is removed, the record stays (download)`, async () => {
      fake.setAudio({ wavTotalBytes: BIG_WAV_BYTES });
      fake.setScenario({ audioFormat: 'wav' });
      const controller = new AbortController();
      let partSeen: string | undefined;
      let receivedAtAbort = 0;
      const run = startRun(fake, workspace, provider, {
        text: SONG.replace('---\n[Verse]', 'format: wav\n---\n[Verse]'),
        signal: controller.signal,
        onProgress: (p) => {
          if (controller.signal.aborted || p.stage !== 'downloading' || !('receivedBytes' in p) || p.receivedBytes < 1024 * 1024) return;
          partSeen = fs.readdirSync(workspace.out).find((name) => name.endsWith('.part'));
          receivedAtAbort = p.receivedBytes;
          controller.abort();
        },
      });
      const error = await expectFailure(run, provider, 'canceled', /^Generation canceled$/);
      assert.ok(partSeen, 'a .part file existed while downloading');
      assert.match(partSeen, /^\.song-20261121-101500\.[0-9a-f]{8}\.part$/);
      assert.ok(receivedAtAbort < BIG_WAV_BYTES, 'aborted before the end');
      assert.equal(fake.requestsFor('download', provider).length, 1, 'a canceled download is not retried');
      assert.equal(fake.requestsFor('generate', provider).length, 1);
      // assertRecordOnly also checks that the .part is gone: only the record is new.
      const record = assertRecordOnly(workspace, error, 'download');
      assert.equal(record.expectedFormat, provider === 'scenario' ? null : 'wav');
    });
  }

  it('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectFailure(startRun(fake, workspace, 'cloudflare', { signal: controller.signal }), 'cloudflare', 'canceled');
    assert.equal(fake.requests.length, 0);
    assertNothingSaved(workspace);
  });
});
