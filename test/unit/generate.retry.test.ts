/**
 * Retry safety, against the fake provider on loopback: the paid generate
 * POST is repeated only when it provably never arrived (connection refused)
 * or was turned away (429); polls, asset look-ups and downloads recover from
 * 5xx, 429, resets, truncation and timeouts.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProviderId } from '../../src/core/schema';
import { startFakeProvider, type FakeProvider, type Fault, type Stage } from '../fakeProvider';
import { assertNothingSaved, BYSTANDER, closedPort, expectFailure, FIXED_BASE, PROVIDERS, startRun, Workspace, useFakeProvider } from './generateHarness';

describe('Generate retries (runGeneration ↔ fake provider on loopback)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  function assertSaved(extension = 'mp3'): void {
    assert.deepEqual(workspace.entries(), [BYSTANDER, `${FIXED_BASE}.json`, `${FIXED_BASE}.${extension}`]);
  }

  describe('the generate POST is never repeated once it may have reached the provider', () => {
    // Each fault hits only the first request: a retry would succeed, so a saved take means a double charge.
    const once: ReadonlyArray<[string, Fault]> = [
      ['500', { kind: 'status', status: 500 }],
      ['503', { kind: 'status', status: 503 }],
      ['502 HTML page', { kind: 'html', status: 502 }],
      ['connection reset mid-body', { kind: 'resetMidBody' }],
    ];
    for (const provider of PROVIDERS) {
      for (const [title, fault] of once) {
        it(`${provider}: ${title} → one request, a failure, no file`, async () => {
          fake.setFaults({ generate: { ...fault, times: 1 } });
          await expectFailure(startRun(fake, workspace, provider), provider, fault.kind === 'resetMidBody' ? 'network' : 'server');
          assert.equal(fake.requestsFor('generate', provider).length, 1);
          assertNothingSaved(workspace);
        });
      }
    }

    it('a generate that outlasts its headers is not repeated either (Scenario’s submit has a headers timeout)', async () => {
      fake.setFaults({ generate: { kind: 'neverAnswer', times: 1 } });
      await expectFailure(startRun(fake, workspace, 'scenario', { timeouts: { pollHeadersMs: 100 } }), 'scenario', 'timeout', /submitting/);
      assert.equal(fake.requestsFor('generate').length, 1);
      assertNothingSaved(workspace);
    });
  });

  describe('the generate POST is repeated on 429, honouring Retry-After', () => {
    for (const provider of PROVIDERS) {
      it(`${provider}: 429 with Retry-After 0.25 s once → waits, then succeeds with a second request`, async () => {
        fake.setFaults({ generate: { kind: 'status', status: 429, retryAfter: '0.25', message: 'Too many requests', times: 1 } });
        const run = startRun(fake, workspace, provider, { retry: { baseDelayMs: 1, maxDelayMs: 1 } });
        await run.result;
        const [first, second, ...rest] = fake.requestsFor('generate', provider);
        assert.ok(first && second);
        assert.equal(rest.length, 0);
        const waited = second.receivedAt.getTime() - first.receivedAt.getTime();
        assert.ok(waited >= 240, `waited ${waited} ms; Retry-After asked for 250 (the backoff alone is ≤ 1 ms)`);
        assert.equal(second.rawBody, first.rawBody, 'the same request again');
        assert.deepEqual(
          run.log.filter((entry) => entry.method === 'POST').map((entry) => [entry.status, entry.attempt]),
          [
            [429, 1],
            [200, 2],
          ],
        );
        assertSaved();
      });
    }

    it('minimax: a rate limit reported as HTTP 200 with base_resp 1002 is retried like a 429', async () => {
      fake.setFaults({ generate: { kind: 'minimaxBaseResp', statusCode: 1002, times: 1 } });
      await startRun(fake, workspace, 'minimax', { retry: { baseDelayMs: 1, maxDelayMs: 1 } }).result;
      assert.equal(fake.requestsFor('generate', 'minimax').length, 2);
      assertSaved();
    });

    it('a Retry-After longer than a minute is passed on at once, not waited out', async () => {
      fake.setFaults({ generate: { kind: 'status', status: 429, retryAfter: 3600, message: 'Too many requests' } });
      const error = await expectFailure(startRun(fake, workspace, 'cloudflare'), 'cloudflare', 'rate-limit', /try again in 60 min/);
      assert.equal(error.retryAfterSeconds, 3600);
      assert.equal(fake.requestsFor('generate').length, 1);
      assertNothingSaved(workspace);
    });

    it('Retry-After as an HTTP date is honoured too', async () => {
      // Whole seconds only in an HTTP date; one in the past means "now".
      fake.setFaults({ generate: { kind: 'status', status: 429, retryAfter: new Date(Date.now() - 5_000).toUTCString(), times: 2 } });
      await startRun(fake, workspace, 'minimax').result;
      assert.equal(fake.requestsFor('generate').length, 3);
      assertSaved();
    });
  });

  describe('connection refused: the request never left, so it is retried', () => {
    for (const provider of PROVIDERS) {
      it(`${provider}: a closed port → network after 5 attempts, each in the log`, async () => {
        const port = await closedPort();
        const baseUrl = fake.baseUrls[provider].replace(`:${fake.port}`, `:${port}`);
        const run = startRun(fake, workspace, provider, { baseUrl });
        await expectFailure(run, provider, 'network', /Could not connect to \w+ while (generating|submitting) the song \(connection refused\)/);
        assert.deepEqual(
          run.log.map((entry) => [entry.method, entry.attempt, entry.error]),
          [1, 2, 3, 4, 5].map((attempt) => ['POST', attempt, 'connection refused']),
        );
        assertNothingSaved(workspace);
      });
    }

    it('a server that starts listening after the first refusal gets the song generated', async () => {
      const port = await closedPort();
      let late: FakeProvider | undefined;
      let starting: Promise<FakeProvider> | undefined;
      try {
        const run = startRun(fake, workspace, 'minimax', {
          baseUrl: `http://127.0.0.1:${port}/minimax/v1`,
          // The backoff (≥ 100 ms) leaves the server time to come up before the next attempt.
          retry: { baseDelayMs: 200, maxDelayMs: 400 },
          onLog: (entry) => {
            if (entry.error === 'connection refused' && !starting) starting = startFakeProvider({ port });
          },
        });
        await run.result;
        late = await starting;
        assert.equal(run.log[0]?.error, 'connection refused');
        assert.equal(late?.requestsFor('generate').length, 1);
        assertSaved();
      } finally {
        await (late ?? (await starting))?.close();
      }
    });
  });

  describe('polls, asset look-ups and downloads are retried', () => {
    const transient: ReadonlyArray<[string, Fault]> = [
      ['500', { kind: 'status', status: 500 }],
      ['503', { kind: 'status', status: 503 }],
      ['429', { kind: 'status', status: 429, retryAfter: '0.01' }],
      ['reset mid-body', { kind: 'resetMidBody' }],
    ];
    const cases: Array<[ProviderId, Stage, string, Fault]> = [];
    for (const [title, fault] of transient) {
      cases.push(['scenario', 'poll', title, fault], ['scenario', 'asset', title, fault]);
      for (const provider of PROVIDERS) cases.push([provider, 'download', title, fault]);
    }
    for (const provider of PROVIDERS) cases.push([provider, 'download', 'truncated body', { kind: 'truncated', fraction: 0.3 }]);

    for (const [provider, stage, title, fault] of cases) {
      it(`${provider} ${stage}: ${title} twice, then recovers`, async () => {
        fake.setFaults({ [stage]: { ...fault, times: 2, provider } });
        const run = startRun(fake, workspace, provider);
        const saved = await run.result;
        const attempts = run.log.filter((entry) => (stage === 'download' ? entry.url.includes('/files/') : entry.url.includes(stage === 'poll' ? '/jobs/' : '/assets/')));
        assert.ok(attempts.length >= 3, `at least 3 ${stage} requests, got ${attempts.length}`);
        assert.deepEqual(
          attempts.slice(0, 3).map((entry) => entry.attempt),
          [1, 2, 3],
        );
        if (stage === 'download') {
          assert.equal(fake.requestsFor('download', provider).length, 3);
          // The retried download starts its temporary file afresh: the take is exactly the served file.
          assert.equal(fs.statSync(saved.audioPath).size, fs.statSync(path.join(__dirname, '../../../test/fixtures/audio/take.mp3')).size);
        }
        assert.equal(fake.requestsFor('generate', provider).length, 1);
        assertSaved();
      });
    }

    it('a poll that times out is retried and the job completes', async () => {
      fake.setFaults({ poll: { kind: 'neverAnswer', times: 1 } });
      const run = startRun(fake, workspace, 'scenario', { timeouts: { pollHeadersMs: 100 } });
      await run.result;
      assert.equal(run.log.find((entry) => entry.url.includes('/jobs/'))?.error, 'no answer in time');
      assertSaved();
    });

    it('a download that gets no answer in time is retried', async () => {
      fake.setFaults({ download: { kind: 'neverAnswer', times: 1 } });
      const run = startRun(fake, workspace, 'cloudflare', { timeouts: { pollHeadersMs: 100 } });
      await run.result;
      assert.equal(fake.requestsFor('download').length, 2);
      assertSaved();
    });

    it('gives up after at most 5 tries of a poll', async () => {
      fake.setFaults({ poll: { kind: 'status', status: 503 } });
      await expectFailure(startRun(fake, workspace, 'scenario'), 'scenario', 'server');
      assert.equal(fake.requestsFor('poll').length, 5);
    });
  });
});
