/**
 * Cancel (an AbortController, as the progress notification's Cancel button
 * and the CLI's Ctrl-C use) at every stage: the HTTP request is aborted at
 * once, the error is `canceled`, and no file is left — in particular not the
 * `.part` file a download was streaming into.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { ProviderId } from '../../src/core/schema';
import { type FakeProvider, type Stage } from '../fakeProvider';
import { abortOn, assertNothingSaved, expectFailure, PROVIDERS, SONG, startRun, until, Workspace, useFakeProvider } from './generateHarness';

/** Long enough that only the abort can end the wait. */
const HELD_MS = 60_000;
/** A WAV big enough that its download is still under way when the test aborts it. */
const BIG_WAV_BYTES = 64 * 1024 * 1024;

describe('Generate cancel at each stage (runGeneration ↔ fake provider on loopback)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  async function cancelWhileHeld(provider: ProviderId, stage: Stage): Promise<void> {
    fake.setDelays({ [stage]: HELD_MS });
    const controller = new AbortController();
    const started = Date.now();
    const run = startRun(fake, workspace, provider, { signal: controller.signal });
    await until(() => fake.requestsFor(stage, provider).length === 1, `the ${stage} request to arrive`);
    controller.abort();
    await expectFailure(run, provider, 'canceled', /^Generation canceled$/);
    assert.ok(Date.now() - started < HELD_MS / 4, 'the held request was abandoned at once');
    assertNothingSaved(workspace);
  }

  for (const provider of PROVIDERS) {
    it(`${provider}: during the submit (request in flight)`, async () => {
      await cancelWhileHeld(provider, 'generate');
      assert.equal(fake.requestsFor('generate', provider).length, 1, 'not retried after the cancel');
    });
  }

  it('scenario: while waiting between polls', async () => {
    const controller = new AbortController();
    // The first poll waits a minute; the cancel comes as soon as the submit has been answered.
    const run = startRun(fake, workspace, 'scenario', {
      signal: controller.signal,
      pollIntervalMs: { first: HELD_MS, max: HELD_MS },
      onLog: (entry) => {
        if (entry.method === 'POST' && entry.status === 200) controller.abort();
      },
    });
    await expectFailure(run, 'scenario', 'canceled', /^Generation canceled$/);
    assert.equal(fake.requestsFor('poll').length, 0);
    assertNothingSaved(workspace);
  });

  it('scenario: while a poll request is in flight', async () => {
    fake.setScenario({ pollsPerStatus: 1000 });
    await cancelWhileHeld('scenario', 'poll');
  });

  it('scenario: while the job reports progress', async () => {
    fake.setScenario({ pollsPerStatus: { 'in-progress': 1000 } });
    const controller = new AbortController();
    const run = startRun(fake, workspace, 'scenario', {
      signal: controller.signal,
      onProgress: abortOn(controller, (p) => p.stage === 'generating' && 'providerStatus' in p && p.providerStatus === 'in-progress'),
    });
    await expectFailure(run, 'scenario', 'canceled', /^Generation canceled$/);
    assert.equal(fake.requestsFor('asset').length, 0);
    assertNothingSaved(workspace);
  });

  it('scenario: while fetching the asset', async () => {
    await cancelWhileHeld('scenario', 'asset');
  });

  for (const provider of PROVIDERS) {
    it(`${provider}: before the download's headers arrive`, async () => {
      await cancelWhileHeld(provider, 'download');
    });

    it(`${provider}: mid-download, with the .part file on disk`, async () => {
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
      await expectFailure(run, provider, 'canceled', /^Generation canceled$/);
      assert.ok(partSeen, 'a .part file existed while downloading');
      assert.match(partSeen, /^\.song-20261121-101500\.[0-9a-f]{8}\.part$/);
      assert.ok(receivedAtAbort < BIG_WAV_BYTES, 'aborted before the end');
      assert.equal(fake.requestsFor('download', provider).length, 1, 'a canceled download is not retried');
      assertNothingSaved(workspace);
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
