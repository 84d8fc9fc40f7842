/**
 * The answers the three services are observed to give live (see
 * ../shared/providers.md, [live]), not only the documented ones: every
 * success shape ends in a saved take, every observed failure in the right
 * kind and words, and nothing ever sends a second generate request.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { LintBlockedError, prepareSong } from '../../src/core/generate/pipeline';
import { CLOUDFLARE_LIVE_ERRORS, MINIMAX_LIVE_ERRORS, type CloudflareSuccessForm, type FakeProvider, type FaultRule } from '../fakeProvider';
import { assertNothingSaved, assertRecordOnly, BYSTANDER, expectFailure, FIXED_BASE, startRun, useFakeProvider, type Workspace } from './generateHarness';

/** A take and its sidecar, and nothing else new. */
function assertSaved(workspace: Workspace, extension: 'mp3' | 'wav' = 'mp3'): void {
  assert.deepEqual(workspace.entries(), [`${FIXED_BASE}.json`, `${FIXED_BASE}.${extension}`, BYSTANDER].sort());
}

describe('Live answers (runGeneration ↔ fake provider speaking what was observed)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  describe('Cloudflare', () => {
    for (const form of ['rest', 'gateway', 'binding', 'envelope'] as const satisfies readonly CloudflareSuccessForm[]) {
      it(`saves the take from the ${form} success shape`, async () => {
        fake.setCloudflare({ successForm: form });
        const saved = await startRun(fake, workspace, 'cloudflare').result;
        assertSaved(workspace);
        const [generate] = fake.requestsFor('generate', 'cloudflare');
        assert.equal(fake.requestsFor('generate').length, 1);
        // The AI Gateway log id finds the request and its cost in the gateway's logs.
        assert.ok(generate?.logId, 'the fake sent a log id');
        assert.equal(saved.sidecar.requestId, generate.logId);
      });
    }

    it('sends cf-aig-skip-cache: true, so a caching gateway never hands back the last song', async () => {
      await startRun(fake, workspace, 'cloudflare').result;
      assert.equal(fake.requestsFor('generate')[0]?.headers['cf-aig-skip-cache'], 'true');
    });

    for (const status of [524, 504] as const) {
      it(`a gateway timeout (${status}, Cloudflare's HTML page) says the song may be billed and where to look`, async () => {
        fake.setFaults({ generate: { kind: 'gatewayTimeout', status } });
        const error = await expectFailure(startRun(fake, workspace, 'cloudflare'), 'cloudflare', 'timeout', /may still have been generated and billed/);
        assert.equal(error.mayBeBilled, true);
        assert.doesNotMatch(error.describe(), /base URL/);
        const rayId = fake.requestsFor('generate')[0]?.response?.headers['cf-ray'];
        assert.ok(typeof rayId === 'string' && error.nextStep().includes(rayId), error.nextStep());
        assert.match(error.nextStep(), /AI Gateway logs/);
        assert.equal(fake.requestsFor('generate').length, 1, 'never retried');
        assertNothingSaved(workspace);
      });
    }

    it('a run that ends in another state than Completed is a failure with the provider’s words', async () => {
      for (const errorAs of ['object', 'string'] as const) {
        fake.setFaults({ generate: { kind: 'cloudflareFailedRun', errorAs, message: 'upstream generation failed' } });
        const error = await expectFailure(startRun(fake, workspace, 'cloudflare'), 'cloudflare', 'server', /state “Failed”.*upstream generation failed/);
        assert.equal(error.mayBeBilled, false);
        assertNothingSaved(workspace);
      }
    });

    const errorCases: ReadonlyArray<[string, FaultRule, string, RegExp, number]> = [
      ['402 / 2021 credits used up', CLOUDFLARE_LIVE_ERRORS.creditsUsedUp, 'quota', /Unified Billing credits are used up/, 1],
      ['429 / 2045 spend limit (not retried)', CLOUDFLARE_LIVE_ERRORS.spendLimit, 'quota', /spend limit/, 1],
      ['429 / 2003 gateway rate limit (retried)', { ...CLOUDFLARE_LIVE_ERRORS.gatewayRateLimit, retryAfter: '0.01' }, 'rate-limit', /rate limiting/, 5],
      ['401 / 2009 the key stored in the gateway', CLOUDFLARE_LIVE_ERRORS.byokKeyRejected, 'auth', /provider key stored in your AI Gateway was rejected/, 1],
      ['404 / 7003 model not found', CLOUDFLARE_LIVE_ERRORS.modelNotFound, 'invalid-request', /could not find minimax\/music-2\.6.*Model not found/, 1],
      ['400 / 7003 input rejected, in the model’s words', CLOUDFLARE_LIVE_ERRORS.inputRejected, 'invalid-request', /rejected the input.*Invalid value at/, 1],
      ['503 without a code after Unified Billing', { kind: 'cloudflareUnifiedBillingRefused' }, 'server', /refused Cloudflare’s own credentials/, 1],
    ];
    for (const [title, fault, kind, message, requests] of errorCases) {
      it(`${title} → ${kind}`, async () => {
        fake.setFaults({ generate: fault });
        const error = await expectFailure(startRun(fake, workspace, 'cloudflare'), 'cloudflare', kind as never, message);
        assert.equal(fake.requestsFor('generate').length, requests);
        if (kind === 'auth') assert.doesNotMatch(error.describe(), /API token is wrong/, 'not blamed on the user’s token');
        assertNothingSaved(workspace);
      });
    }
  });

  describe('MiniMax', () => {
    it('reads the URL from data.audio_url', async () => {
      fake.setMinimax({ audioField: 'audio_url' });
      await startRun(fake, workspace, 'minimax').result;
      assertSaved(workspace);
      assert.equal(fake.requestsFor('download').length, 1);
    });

    it('decodes hex audio sent despite output_format "url" straight into the take', async () => {
      fake.setMinimax({ audioField: 'hex' });
      const saved = await startRun(fake, workspace, 'minimax').result;
      assertSaved(workspace);
      assert.equal((fake.requestsFor('generate')[0]?.body as { output_format?: string }).output_format, 'url');
      assert.equal(fake.requestsFor('download').length, 0, 'nothing to download');
      const bytes = fs.readFileSync(saved.audioPath);
      assert.equal(bytes.subarray(0, 3).toString('latin1'), 'ID3');
    });

    for (const [fault, code] of [
      [MINIMAX_LIVE_ERRORS.regionMismatchInvalidKey, 2049],
      [MINIMAX_LIVE_ERRORS.regionMismatchLoginFail, 1004],
    ] as const) {
      it(`${code} gives the region hint: the key and the host must be of one region`, async () => {
        fake.setFaults({ generate: fault });
        const error = await expectFailure(startRun(fake, workspace, 'minimax'), 'minimax', 'auth');
        assert.match(error.nextStep(), /api\.minimax\.io.*api\.minimaxi\.com.*lyrics\.providers\.minimax\.baseUrl/);
        assert.match(error.nextStep(), /now 127\.0\.0\.1:\d+/, 'names the host in use');
        assert.equal(fake.requestsFor('generate').length, 1);
        assertNothingSaved(workspace);
      });
    }

    it('1001 is MiniMax’s own timeout: try again later, not “raise your timeout”', async () => {
      fake.setFaults({ generate: MINIMAX_LIVE_ERRORS.serverTimeout });
      const error = await expectFailure(startRun(fake, workspace, 'minimax'), 'minimax', 'server', /MiniMax’s own server timed out/);
      assert.match(error.nextStep(), /try again later/);
      assert.equal(fake.requestsFor('generate').length, 1);
    });

    it('2038 asks for real-name verification and is not retried; 1013 is a server error', async () => {
      fake.setFaults({ generate: MINIMAX_LIVE_ERRORS.realNameVerificationRequired });
      const verification = await expectFailure(startRun(fake, workspace, 'minimax'), 'minimax', 'auth', /real-name verification/);
      assert.match(verification.nextStep(), /real-name verification/);
      assert.equal(fake.requestsFor('generate').length, 1);
      fake.setFaults({ generate: MINIMAX_LIVE_ERRORS.internalServiceError });
      await expectFailure(startRun(fake, workspace, 'minimax'), 'minimax', 'server', /internal service error/);
      assert.equal(fake.requestsFor('generate').length, 2);
    });

    it('a model the chosen provider lacks is refused before anything is sent, even when --provider overrides the front matter', () => {
      const text = fs.readFileSync(workspace.songPath, 'utf8').replace('---\n[Verse]', 'provider: minimax\nmodel: music-3.0\n---\n[Verse]');
      assert.equal(prepareSong(text, 'cloudflare').input.model, 'music-3.0');
      assert.throws(
        () => prepareSong(text, 'minimax', 'cloudflare'),
        (error: unknown) => error instanceof LintBlockedError && error.errors.some((d) => d.code === 'model-not-offered'),
      );
    });

    it('sends the song’s model: music-3.0', async () => {
      const text = fs.readFileSync(workspace.songPath, 'utf8').replace('---\n[Verse]', 'model: music-3.0\n---\n[Verse]');
      const saved = await startRun(fake, workspace, 'minimax', { text }).result;
      assert.equal((fake.requestsFor('generate')[0]?.body as { model?: string }).model, 'music-3.0');
      assert.equal(saved.sidecar.model, 'music-3.0');
    });
  });

  describe('Scenario', () => {
    it('reads a top-level jobId', async () => {
      fake.setScenario({ jobIdField: 'topLevel' });
      await startRun(fake, workspace, 'scenario').result;
      assertSaved(workspace);
    });

    it('understands the plugin’s status words (succeeded) and the other success word (completed)', async () => {
      fake.setScenario({ statusWords: 'plugin' });
      await startRun(fake, workspace, 'scenario').result;
      assertSaved(workspace);
      for (const name of workspace.entries()) if (name !== BYSTANDER) fs.rmSync(`${workspace.out}/${name}`);
      fake.setScenario({ statusWords: { success: 'completed' } });
      await startRun(fake, workspace, 'scenario').result;
      assertSaved(workspace);
    });

    for (const [words, fault, kind] of [
      [{ failure: 'failed' }, { kind: 'jobFailure' }, 'server'],
      [{ failure: 'error' }, { kind: 'jobFailure' }, 'server'],
      [{ canceled: 'cancelled' }, { kind: 'jobCanceled' }, 'canceled'],
    ] as const) {
      it(`“${Object.values(words)[0]}” ends the job (${kind}); Scenario ended it, so no record is kept`, async () => {
        fake.setScenario({ statusWords: words });
        fake.setFaults({ poll: fault });
        const error = await expectFailure(startRun(fake, workspace, 'scenario'), 'scenario', kind);
        assert.equal(error.providerEnded, true);
        assertNothingSaved(workspace);
      });
    }

    it('a rate-limit window on polls longer than the old retry budget is waited out, and the take saved', async () => {
      fake.setScenario({ pollsPerStatus: 1 });
      fake.setFaults({ poll: { kind: 'status', status: 429, times: 8, retryAfter: '0.01', remainingSeconds: 0.01 } });
      await startRun(fake, workspace, 'scenario').result;
      assertSaved(workspace);
      assert.ok(fake.requestsFor('poll').length > 8, `${fake.requestsFor('poll').length} polls`);
      assert.equal(fake.requestsFor('generate').length, 1);
    });

    it('polls that fail with 503 or a dropped connection do not end the generation', async () => {
      fake.setFaults({
        poll: [
          { kind: 'status', status: 503, times: 6 },
          { kind: 'resetMidBody', times: 6 },
        ],
      });
      await startRun(fake, workspace, 'scenario').result;
      assertSaved(workspace);
      assert.equal(fake.requestsFor('generate').length, 1);
    });

    it('music-3.0 goes to model_minimax-music-3-0', async () => {
      const text = fs.readFileSync(workspace.songPath, 'utf8').replace('---\n[Verse]', 'model: music-3.0\n---\n[Verse]');
      const saved = await startRun(fake, workspace, 'scenario', { text }).result;
      assert.match(fake.requestsFor('generate')[0]?.path ?? '', /\/generate\/custom\/model_minimax-music-3-0$/);
      assert.equal(saved.sidecar.model, 'model_minimax-music-3-0');
    });
  });

  describe('downloads', () => {
    it('follow up to 3 redirects', async () => {
      fake.setFaults({ download: { kind: 'redirect', hops: 3 } });
      await startRun(fake, workspace, 'minimax').result;
      assertSaved(workspace);
      assert.equal(fake.requestsFor('download').length, 4);
    });

    it('audio announced larger than any song (600 MB) is refused at once, and the paid song kept in a record', async () => {
      fake.setAudio({ wavTotalBytes: 600 * 1024 * 1024 });
      const text = fs.readFileSync(workspace.songPath, 'utf8').replace('---\n[Verse]', 'format: wav\n---\n[Verse]');
      const error = await expectFailure(startRun(fake, workspace, 'minimax', { text }), 'minimax', 'bad-audio', /more than 512 MB of audio/);
      assertRecordOnly(workspace, error, 'download');
      assert.equal(fake.requestsFor('download').length, 1, 'not retried');
    });

    it('a 4th redirect is refused, and the paid song is kept in a record', async () => {
      fake.setFaults({ download: { kind: 'redirect', hops: 4 } });
      const error = await expectFailure(startRun(fake, workspace, 'minimax'), 'minimax', 'server', /redirected more than 3 times/);
      assertRecordOnly(workspace, error, 'download');
    });

    for (const location of ['http://example.invalid/take.mp3', 'ftp://127.0.0.1/take.mp3']) {
      it(`a redirect to ${location.split(':')[0]}: is not followed (each hop is checked like the first)`, async () => {
        fake.setFaults({ download: { kind: 'redirect', location } });
        const error = await expectFailure(startRun(fake, workspace, 'cloudflare'), 'cloudflare', 'server', /redirected to an address that is not followed/);
        assertRecordOnly(workspace, error, 'download');
        assert.equal(fake.requestsFor('download').length, 1);
      });
    }
  });
});
