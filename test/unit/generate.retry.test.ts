/**
 * Retry safety, against the fake provider on loopback: the paid generate
 * POST is repeated only when it provably never arrived (connection refused)
 * or was turned away (429); polls, asset look-ups and downloads recover from
 * 5xx, 429, resets, truncation and timeouts. Scenario polls that keep failing
 * are waited out until the whole generation's deadline: the job runs (and
 * bills) at Scenario whatever happens to our polls.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GenerationErrorKind } from '../../src/core/errors';
import type { ProviderId } from '../../src/core/schema';
import { startFakeProvider, type FakeProvider, type Fault, type Stage } from '../fakeProvider';
import {
  assertNothingSaved,
  assertRecordOnly,
  BYSTANDER,
  closedPort,
  expectFailure,
  FIXED_BASE,
  PROVIDERS,
  startRun,
  Workspace,
  useFakeProvider,
} from './generateHarness';

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
    // A sync POST (Cloudflare, MiniMax) lost after it was sent may have been billed; none of these is an acceptance, so no record.
    const once: ReadonlyArray<[string, Fault, (provider: ProviderId) => { kind: GenerationErrorKind; mayBeBilled?: boolean }]> = [
      ['500', { kind: 'status', status: 500 }, () => ({ kind: 'server' })],
      ['503', { kind: 'status', status: 503 }, () => ({ kind: 'server' })],
      // On Cloudflare's long synchronous call, a 5xx web page is the edge giving up while the song may still be generated.
      ['502 HTML page', { kind: 'html', status: 502 }, (provider) => (provider === 'cloudflare' ? { kind: 'timeout', mayBeBilled: true } : { kind: 'server' })],
      ['connection reset mid-body', { kind: 'resetMidBody' }, (provider) => ({ kind: 'network', ...(provider === 'scenario' ? {} : { mayBeBilled: true }) })],
    ];
    for (const provider of PROVIDERS) {
      for (const [title, fault, expected] of once) {
        const { kind, mayBeBilled } = expected(provider);
        it(`${provider}: ${title} → one request, ${kind}${mayBeBilled ? ' (may be billed)' : ''}, no file`, async () => {
          fake.setFaults({ generate: { ...fault, times: 1 } });
          const error = await expectFailure(startRun(fake, workspace, provider), provider, kind);
          assert.equal(fake.requestsFor('generate', provider).length, 1);
          if (mayBeBilled !== undefined) assert.equal(error.mayBeBilled, mayBeBilled);
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
        const error = await expectFailure(run, provider, 'network', /Could not connect to \w+ while (generating|submitting) the song \(connection refused\)/);
        assert.equal(error.mayBeBilled, false, 'a refused connection never carried the request');
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
        const attempts = run.log.filter((entry) =>
          stage === 'download' ? entry.url.includes('/files/') : entry.url.includes(stage === 'poll' ? '/jobs/' : '/assets/'),
        );
        assert.ok(attempts.length >= 3, `at least 3 ${stage} requests, got ${attempts.length}`);
        assert.deepEqual(
          attempts.slice(0, 3).map((entry) => entry.attempt),
          // Polling waits out a failed poll itself and polls again: each poll is a first attempt of its own.
          stage === 'poll' ? [1, 1, 1] : [1, 2, 3],
        );
        assert.ok(
          attempts.slice(0, 2).every((entry) => entry.error !== undefined || (entry.status ?? 0) >= 429),
          'the first two failed',
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

    it('a poll 429 is waited out as long as Scenario’s remainingSeconds asks, then polling goes on', async () => {
      fake.setFaults({ poll: { kind: 'status', status: 429, remainingSeconds: 0.3, retryAfter: null, times: 1 } });
      await startRun(fake, workspace, 'scenario').result;
      const [first, second] = fake.requestsFor('poll');
      assert.ok(first && second);
      const waited = second.receivedAt.getTime() - first.receivedAt.getTime();
      assert.ok(waited >= 290, `waited ${waited} ms; remainingSeconds asked for 300 (the poll interval and backoff are ≤ 15 ms)`);
      assert.equal(fake.requestsFor('generate').length, 1);
      assertSaved();
    });

    it('does not give up on polls that keep failing: polls until the deadline, then times out with a record to resume', async () => {
      fake.setFaults({ poll: { kind: 'status', status: 503 } });
      const error = await expectFailure(
        startRun(fake, workspace, 'scenario', { timeoutMs: 600 }),
        'scenario',
        'timeout',
        /No song from Scenario after \d+ s: the generation timed out/,
      );
      const polls = fake.requestsFor('poll').length;
      assert.ok(polls > 5, `more than the 5 polls the client used to give up after, got ${polls}`);
      assert.equal(fake.requestsFor('generate').length, 1, 'no second generate request');
      const record = assertRecordOnly(workspace, error, 'resume');
      assert.match(record.jobId ?? '', /^job_/);
    });
  });
});
