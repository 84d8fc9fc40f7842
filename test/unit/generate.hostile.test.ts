/**
 * A hostile or broken provider against `runGeneration` (issue 8): answers
 * that never end or are far too large, words that carry terminal escapes or
 * echo the user's own token, audio that only starts like MP3 or is shorter
 * than it claims, and audio links to this machine or the local network.
 * Each case checks what the user is told and what is left on disk: nothing
 * before the provider accepted the song, one recovery record after.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { audioHostPolicy, downloadAudio, MAX_AUDIO_BYTES } from '../../src/core/generate/download';
import { GenerationError } from '../../src/core/errors';
import { createSession, MAX_ANSWER_BYTES } from '../../src/core/net/http';
import type { LookupFunction } from '../../src/core/net/addresses';
import { formatLogEntry } from '../../src/core/net/redact';
import { MAX_MINIMAX_ANSWER_BYTES } from '../../src/core/providers/minimax';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import {
  assertNothingSaved,
  assertRecordOnly,
  expectFailure,
  FAST,
  INSTRUMENTAL_SONG,
  logLines,
  PROVIDERS,
  secretsOf,
  startRun,
  useFakeProvider,
  Workspace,
} from './generateHarness';

// eslint-disable-next-line no-control-regex -- these are the characters a terminal would act on.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('A hostile provider (runGeneration ↔ fake provider on loopback)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  describe('answers have a size limit', () => {
    it('Cloudflare: a 2xx answer that never ends is read to 8 MB, and the paid song it may be gets a record', async () => {
      fake.setFaults({ generate: { kind: 'oversizedJson' } });
      const run = startRun(fake, workspace, 'cloudflare', { timeoutMs: 5_000 });
      const error = await expectFailure(
        run,
        'cloudflare',
        'server',
        /^Cloudflare answered with more than 8 MB while generating the song, far more than any real answer, so it was not read to the end \(HTTP 200, request id [0-9A-Z]{26}\)$/,
      );
      const record = assertRecordOnly(workspace, error, 'none');
      assert.match(record.answer ?? '', /^\{"padding":"x+/, 'the start of what was read is kept for a person to read');
      assert.ok((record.answer ?? '').length <= 66_000);
      assert.match(record.reason, /more than 8 MB/);
      assert.equal(record.requestId, fake.requestsFor('generate')[0]?.logId);
      assert.equal(fake.requestsFor('generate').length, 1, 'never sent twice');
      assert.ok(
        logLines(run).some((line) => /^POST .*\/ai\/run → 200, failed \(the answer is larger than 8 MB\)/.test(line)),
        logLines(run).join('\n'),
      );
    });

    it('Cloudflare: a 100 MB error answer is not read either, and nothing is billed', async () => {
      fake.setFaults({ generate: { kind: 'oversizedJson', status: 400, bytes: 100 * 1024 * 1024 } });
      const error = await expectFailure(
        startRun(fake, workspace, 'cloudflare'),
        'cloudflare',
        'invalid-request',
        /^Cloudflare refused the request while generating the song, with an answer of more than 8 MB/,
      );
      assert.equal(error.mayBeBilled, false);
      assertNothingSaved(workspace);
    });

    it('MiniMax: its generate answer may hold the song as hex, so it gets more room — but not without end', async function () {
      this.timeout(60_000);
      fake.setFaults({ generate: { kind: 'oversizedJson' } });
      const error = await expectFailure(
        startRun(fake, workspace, 'minimax', { timeoutMs: 50_000 }),
        'minimax',
        'server',
        /^MiniMax answered with more than 408 MB/,
      );
      assert.equal(MAX_MINIMAX_ANSWER_BYTES, 408 * 1024 * 1024);
      assertRecordOnly(workspace, error, 'none');
    });

    it('Scenario: a submit answer of 100 MB: the job it may have launched gets a record', async () => {
      fake.setFaults({ generate: { kind: 'oversizedJson', bytes: 100 * 1024 * 1024 } });
      const error = await expectFailure(
        startRun(fake, workspace, 'scenario'),
        'scenario',
        'server',
        /Scenario answered with more than 8 MB while submitting the song/,
      );
      // The fake's padding holds no job id (a real answer would start with one, and the record would keep it to resume).
      assertRecordOnly(workspace, error, 'none');
    });

    it('Scenario: a job status that never ends stops the polling at once; the record keeps the job to resume', async () => {
      fake.setFaults({ poll: { kind: 'oversizedJson', times: 1 } });
      const error = await expectFailure(
        startRun(fake, workspace, 'scenario'),
        'scenario',
        'server',
        /Scenario answered with more than 8 MB while checking on the job/,
      );
      const record = assertRecordOnly(workspace, error, 'resume');
      assert.match(record.jobId ?? '', /^job_/);
      assert.equal(fake.requestsFor('poll').length, 1, 'not polled again and again');
    });

    it('Scenario: an asset answer of 100 MB: the record keeps the job', async () => {
      fake.setFaults({ asset: { kind: 'oversizedJson', bytes: 100 * 1024 * 1024 } });
      const error = await expectFailure(startRun(fake, workspace, 'scenario'), 'scenario', 'server', /while fetching the audio’s address/);
      assertRecordOnly(workspace, error, 'resume');
      assert.ok(MAX_ANSWER_BYTES < 100 * 1024 * 1024);
    });

    it('audio without a Content-Length is still counted while it streams, and stops at 512 MB', async function () {
      this.timeout(60_000);
      fake.setFaults({ download: { kind: 'endlessAudio' } });
      const run = startRun(fake, workspace, 'cloudflare', { timeoutMs: 50_000 });
      const error = await expectFailure(run, 'cloudflare', 'bad-audio', /^Cloudflare sent more than 512 MB of audio: that is not a song/);
      assertRecordOnly(workspace, error, 'download');
      const received = run.progress.flatMap((update) => ('receivedBytes' in update ? [update.receivedBytes] : []));
      assert.ok(Math.max(...received) <= MAX_AUDIO_BYTES, 'never more than the cap written');
      assert.ok(run.progress.every((update) => !('totalBytes' in update) || update.totalBytes === undefined));
    });
  });

  describe('provider text is data', () => {
    const FORGERY = '\u001b]0;owned\u0007\u001b[2K\rlyrics: Saved takes/ok.mp3\n\u202e';

    for (const provider of PROVIDERS) {
      it(`${provider}: escape sequences and line breaks in the provider’s words never reach the message or the record`, async () => {
        fake.setFaults({ generate: { kind: 'status', status: 400, message: `Bad input${FORGERY}${'!'.repeat(5 * 1024 * 1024)}` } });
        const error = await expectFailure(startRun(fake, workspace, provider), provider, 'invalid-request');
        const described = error.describe();
        assert.doesNotMatch(described, CONTROL);
        assert.ok(described.length < 1000, `a 5 MB message is cut: ${described.length} characters`);
        assert.match(described, /Bad input lyrics: Saved takes\/ok\.mp3 !+… \[[\d,]+ more characters cut\]/);
        assert.ok((error.providerMessageForLog ?? '').length > described.length, 'the log may have more');
        assertNothingSaved(workspace);
      });

      it(`${provider}: an error that echoes the Authorization header shows *** instead of the user’s credentials`, async () => {
        fake.setFaults({ generate: { kind: 'echoAuthorization' } });
        const error = await expectFailure(startRun(fake, workspace, provider), provider, 'auth');
        for (const text of [error.describe(), error.nextStep(), error.providerMessageForLog ?? '', error.message]) {
          for (const secret of secretsOf(fake)) assert.ok(!text.includes(secret), `${secret} in ${text}`);
        }
        assert.match(error.describe(), /Invalid credentials in header Authorization: (Bearer|Basic) \*\*\*/);
      });
    }

    it('URL-encoded credentials are hidden too', async () => {
      const special = await startFakeProvider({
        credentials: { cloudflare: { accountId: 'feedfacefeedfacefeedfacefeedface', apiToken: 'tok/en+with=special&chars' } },
      });
      try {
        special.setFaults({ generate: { kind: 'echoAuthorization', encoding: 'url' } });
        const error = await expectFailure(startRun(special, workspace, 'cloudflare'), 'cloudflare', 'auth');
        assert.match(error.describe(), /Authorization: Bearer%20\*\*\*/);
        assert.ok(!error.describe().includes(encodeURIComponent('tok/en+with=special&chars')));
      } finally {
        await special.close();
      }
    });
  });

  describe('audio is checked beyond its first bytes', () => {
    it('an ID3 tag followed by a web page is not MP3', async () => {
      fake.setFaults({ download: { kind: 'id3ThenHtml' } });
      const error = await expectFailure(
        startRun(fake, workspace, 'cloudflare'),
        'cloudflare',
        'bad-audio',
        /^The MP3 audio from Cloudflare is not a usable take: no MPEG audio frame follows its ID3 tag/,
      );
      assertRecordOnly(workspace, error, 'download');
    });

    it('an MP3 whose Content-Length under-reported: fewer frames than its encoder announced', async () => {
      fake.setFaults({ download: { kind: 'underReportedLength', fraction: 0.5 } });
      const error = await expectFailure(
        startRun(fake, workspace, 'scenario'),
        'scenario',
        'bad-audio',
        /is not a usable take: it is cut short: \d+ of the 155 MPEG frames its encoder announced are there/,
      );
      assertRecordOnly(workspace, error, 'download');
    });

    it('a WAV whose Content-Length under-reported: less sound than its header announces', async () => {
      fake.setFaults({ download: { kind: 'underReportedLength', fraction: 0.6 } });
      const error = await expectFailure(
        startRun(fake, workspace, 'cloudflare', { text: INSTRUMENTAL_SONG }),
        'cloudflare',
        'bad-audio',
        /^The WAV audio from Cloudflare is not a usable take: it is cut short: its WAV header announces [\d,]+ bytes of sound/,
      );
      assertRecordOnly(workspace, error, 'download');
    });

    it('a well-formed WAV half as long as MiniMax said the song lasts', async () => {
      fake.setFaults({ download: { kind: 'shortAudio', fraction: 0.5 } });
      const error = await expectFailure(
        startRun(fake, workspace, 'minimax', { text: INSTRUMENTAL_SONG }),
        'minimax',
        'bad-audio',
        /^The audio from MiniMax is cut short: 1\.5 s of the 3\.0 s MiniMax said the song lasts/,
      );
      const record = assertRecordOnly(workspace, error, 'download');
      assert.equal(record.durationMs, null, 'the record keeps what MiniMax said only once the take is saved');
    });

    it('audio that is whole passes, and its measured duration goes to the sidecar when the provider gives none', async () => {
      const saved = await startRun(fake, workspace, 'cloudflare', { text: INSTRUMENTAL_SONG }).result;
      assert.equal(saved.sidecar.durationMs, 3000);
    });
  });

  describe('audio links go to the internet only', () => {
    it('a redirect to a cloud metadata address is not followed', async () => {
      fake.setFaults({ download: { kind: 'redirect', location: 'https://169.254.169.254/latest/meta-data/' } });
      const error = await expectFailure(
        startRun(fake, workspace, 'minimax'),
        'minimax',
        'server',
        /redirected to an address that is not followed: 169\.254\.169\.254 is a link-local address/,
      );
      assertRecordOnly(workspace, error, 'download');
    });

    it('a redirect to plain http on this machine is not followed either, even with a loopback provider', async () => {
      fake.setFaults({ download: { kind: 'redirect', location: 'http://10.0.0.7/a.mp3' } });
      await expectFailure(startRun(fake, workspace, 'cloudflare'), 'cloudflare', 'server', /10\.0\.0\.7 is a private address/);
    });

    /** A real take's signed URL on the fake (loopback), from a first generation. */
    async function takeUrl(): Promise<string> {
      await startRun(fake, workspace, 'minimax').result;
      const served = fake.requestsFor('download')[0];
      assert.ok(served);
      return `${fake.origin}${served.path}?${new URLSearchParams(served.query).toString()}`;
    }

    async function download(url: string, baseUrl: string, lookup?: LookupFunction): Promise<unknown> {
      const session = createSession({ signal: new AbortController().signal, log: () => undefined, timeouts: FAST.timeouts, retry: FAST.retry });
      try {
        return await downloadAudio({
          provider: 'minimax',
          session,
          url,
          tempPath: `${workspace.out}/.probe.part`,
          expectedFormat: 'mp3',
          requestId: undefined,
          hosts: audioHostPolicy(baseUrl),
          onProgress: () => undefined,
          ...(lookup ? { lookup } : {}),
        }).then(
          () => 'downloaded',
          (caught: unknown) => caught,
        );
      } finally {
        await session.dispatcher.close();
      }
    }

    it('a provider on the internet that hands out a loopback address: refused before connecting', async () => {
      const url = await takeUrl();
      const error = await download(url, 'https://api.minimax.io/v1');
      assert.ok(error instanceof GenerationError, String(error));
      assert.equal(error.kind, 'bad-audio');
      assert.match(
        error.message,
        /^MiniMax gave an audio address that is not downloaded for safety: 127\.0\.0\.1:\d+ is a loopback address, not one on the internet$/,
      );
      assert.equal(fake.requestsFor('download').length, 1, 'nothing more reached this machine’s server');
      assert.equal(fs.existsSync(`${workspace.out}/.probe.part`), false);
    });

    it('a name that resolves to a local address is refused at the DNS look-up', async () => {
      const url = (await takeUrl()).replace(/^http:\/\/127\.0\.0\.1/, 'https://cdn.example.test');
      const rebinding: LookupFunction = (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
      const error = await download(url, 'https://api.minimax.io/v1', rebinding);
      assert.ok(error instanceof GenerationError, String(error));
      assert.match(
        error.message,
        /^MiniMax gave an audio address that is not downloaded for safety: cdn\.example\.test resolves to 127\.0\.0\.1, a loopback address, not one on the internet$/,
      );
      assert.equal(fake.requestsFor('download').length, 1);
    });

    it('the tests’ own loopback provider still gets its audio', async () => {
      assert.equal(await download(await takeUrl(), fake.baseUrls.minimax), 'downloaded');
      assert.equal(fake.requestsFor('download').length, 2);
    });
  });

  it('the request log stays one line per request, cleaned', async () => {
    fake.setFaults({ generate: { kind: 'status', status: 500, message: 'x', retryAfter: null } });
    const run = startRun(fake, workspace, 'minimax', { retry: { maxAttempts: 1 } });
    await expectFailure(run, 'minimax', 'server');
    for (const entry of run.log) assert.doesNotMatch(formatLogEntry(entry), CONTROL);
  });
});
