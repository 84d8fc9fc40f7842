import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { until } from './generateHarness';
import {
  CLOUDFLARE_LIVE_ERRORS,
  MINIMAX_LIVE_ERRORS,
  renderWav,
  sniffAudio,
  startFakeProvider,
  wavByteLength,
  type FakeProvider,
  type FakeProviderOptions,
} from '../fakeProvider';

/** Tests exercise the fake over real loopback HTTP with Node's global fetch, as clients will. */
type Json = Record<string, unknown>;

function basic(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

async function postJson(url: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
}

async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}

function field(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = (current as Json | undefined)?.[key];
  return current;
}

async function download(url: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await fetch(url);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function assertWav(bytes: Buffer): void {
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WAVE');
}

/** The audio URL of a Cloudflare success in any of its forms: REST `result.result.audio`, gateway/envelope `result.audio`, binding `audio`. */
function cloudflareAudio(body: unknown): string {
  const url = field(body, 'result', 'result', 'audio') ?? field(body, 'result', 'audio') ?? field(body, 'audio');
  assert.equal(typeof url, 'string', `no audio URL in ${JSON.stringify(body)}`);
  return url as string;
}

/** A ULID: 26 characters of Crockford base32. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Follows redirects by hand, returning every status and Location on the way and the final response. */
async function followByHand(url: string, limit = 10): Promise<{ hops: { status: number; location: string }[]; final: Response }> {
  const hops: { status: number; location: string }[] = [];
  let current = url;
  for (let i = 0; i <= limit; i++) {
    const response = await fetch(current, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return { hops, final: response };
    await response.arrayBuffer();
    hops.push({ status: response.status, location });
    current = new URL(location, current).toString();
  }
  throw new Error(`more than ${limit} redirects`);
}

function assertMp3(bytes: Buffer): void {
  const idOrSync = bytes.subarray(0, 3).toString('latin1') === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0);
  assert.ok(idOrSync, `expected ID3 or an MPEG frame sync, got ${bytes.subarray(0, 4).toString('hex')}`);
}

describe('fake provider', function () {
  let fake: FakeProvider;

  async function restart(options: FakeProviderOptions = {}): Promise<void> {
    await fake?.close();
    fake = await startFakeProvider(options);
  }

  beforeEach(async () => {
    fake = await startFakeProvider();
  });

  afterEach(async () => {
    await fake.close();
  });

  const cloudflareUrl = (): string => `${fake.baseUrls.cloudflare}/accounts/${fake.credentials.cloudflare.accountId}/ai/run`;
  const cloudflareAuth = (): Record<string, string> => ({ authorization: `Bearer ${fake.credentials.cloudflare.apiToken}` });
  const scenarioAuth = (): Record<string, string> => ({ authorization: basic(fake.credentials.scenario.apiKey, fake.credentials.scenario.apiSecret) });
  const minimaxAuth = (): Record<string, string> => ({ authorization: `Bearer ${fake.credentials.minimax.apiKey}` });
  const cloudflareBody = (input: Json = {}): Json => ({
    model: 'minimax/music-2.6',
    input: { prompt: 'Dreamy synth-pop, 100 BPM', lyrics: '[Verse]\nla la la', is_instrumental: false, lyrics_optimizer: false, ...input },
  });
  const minimaxBody = (audioSetting: Json = { sample_rate: 44100, bitrate: 256000, format: 'mp3' }): Json => ({
    model: 'music-2.6',
    prompt: 'Dreamy synth-pop',
    lyrics: '[Verse]\nla la la',
    is_instrumental: false,
    lyrics_optimizer: false,
    output_format: 'url',
    audio_setting: audioSetting,
  });

  describe('base URLs', () => {
    it('are loopback URLs shaped like the real APIs', () => {
      assert.match(fake.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(fake.baseUrls.cloudflare, `${fake.origin}/cloudflare/client/v4`);
      assert.equal(fake.baseUrls.scenario, `${fake.origin}/scenario/v1`);
      assert.equal(fake.baseUrls.minimax, `${fake.origin}/minimax/v1`);
    });
  });

  describe('cloudflare', () => {
    it('generates a WAV take at the requested sample rate and serves it', async () => {
      const response = await postJson(cloudflareUrl(), cloudflareBody({ format: 'wav', sample_rate: 24000 }), cloudflareAuth());
      assert.equal(response.status, 200);
      assert.match(response.headers.get('cf-ray') ?? '', /^[0-9a-f]{16}-[A-Z]{3}$/);
      const body = await json(response);
      assert.equal(body.success, true);
      assert.equal(field(body, 'result', 'state'), 'Completed');
      assert.equal(field(body, 'result', 'gatewayMetadata', 'keySource'), 'Unified');
      const audio = field(body, 'result', 'result', 'audio') as string;
      assert.match(audio, new RegExp(`^${fake.origin}/files/\\w+\\.wav\\?.*X-Amz-Signature=[0-9a-f]+`));

      const { response: file, bytes } = await download(audio);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'audio/wav');
      assert.equal(Number(file.headers.get('content-length')), bytes.length);
      assertWav(bytes);
      assert.equal(bytes.readUInt32LE(24), 24000);
    });

    it('serves MP3 when no format is asked for', async () => {
      const body = await json(await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth()));
      const { response, bytes } = await download(cloudflareAudio(body));
      assert.equal(response.headers.get('content-type'), 'audio/mpeg');
      assert.ok(bytes.length > 1000 && bytes.length < 100_000);
      assertMp3(bytes);
    });

    it('rejects input fields the schema does not have (additionalProperties: false)', async () => {
      const response = await postJson(cloudflareUrl(), cloudflareBody({ isInstrumental: true }), cloudflareAuth());
      assert.equal(response.status, 400);
      const body = await json(response);
      assert.equal(body.success, false);
      assert.match(String(field(body, 'errors', '0', 'message')), /isInstrumental/);
    });

    it('answers bad credentials with 401 in the Workers AI envelope, or the gateway form when configured', async () => {
      const wrongToken = await postJson(cloudflareUrl(), cloudflareBody(), { authorization: 'Bearer nope' });
      assert.equal(wrongToken.status, 401);
      assert.deepEqual(await json(wrongToken), { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null });

      fake.setCloudflare({ errorForm: 'gateway' });
      const wrongAccount = await postJson(`${fake.baseUrls.cloudflare}/accounts/0000/ai/run`, cloudflareBody(), cloudflareAuth());
      assert.equal(wrongAccount.status, 401);
      assert.deepEqual(await json(wrongAccount), { state: 'Failed', error: { code: 10000, message: 'Authentication error' } });
    });

    it('can answer with the AI Gateway {"state":"Failed"} form', async () => {
      fake.setFaults({ generate: { kind: 'cloudflareGatewayFailed', code: 2005, message: 'upstream failed' } });
      const response = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(response.status, 200);
      assert.deepEqual(await json(response), { state: 'Failed', error: { code: 2005, message: 'upstream failed' } });
    });

    it('records what was sent', async () => {
      await postJson(cloudflareUrl(), cloudflareBody(), { ...cloudflareAuth(), 'cf-aig-gateway-id': 'my-gateway' });
      const [request] = fake.requestsFor('generate', 'cloudflare');
      assert.ok(request);
      assert.equal(request.method, 'POST');
      assert.equal(request.path, `/cloudflare/client/v4/accounts/${fake.credentials.cloudflare.accountId}/ai/run`);
      assert.equal(request.headers['cf-aig-gateway-id'], 'my-gateway');
      const input = field(request.body, 'input') as Json;
      assert.equal(typeof input.is_instrumental, 'boolean');
      assert.equal(typeof input.lyrics_optimizer, 'boolean');
    });

    it('records whether the client asked to skip the gateway cache', async () => {
      await postJson(cloudflareUrl(), cloudflareBody(), { ...cloudflareAuth(), 'cf-aig-skip-cache': 'true' });
      await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      const [skipping, caching] = fake.requestsFor('generate', 'cloudflare');
      assert.equal(skipping?.headers['cf-aig-skip-cache'], 'true');
      assert.equal(caching?.headers['cf-aig-skip-cache'], undefined);
    });

    it('answers in each success form, the REST envelope by default', async () => {
      const seen: Record<string, Json> = {};
      for (const form of ['rest', 'gateway', 'binding', 'envelope'] as const) {
        if (form !== 'rest') fake.setCloudflare({ successForm: form });
        const response = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
        assert.equal(response.status, 200);
        seen[form] = await json(response);
      }
      const rest = seen.rest as Json;
      assert.deepEqual(Object.keys(rest).sort(), ['errors', 'messages', 'result', 'success']);
      assert.deepEqual([rest.success, rest.errors, rest.messages], [true, [], []]);
      assert.equal(field(rest, 'result', 'state'), 'Completed');
      assert.equal(field(rest, 'result', 'gatewayMetadata', 'keySource'), 'Unified');
      assert.match(String(field(rest, 'result', 'result', 'audio')), /\/files\/take_\w+\.mp3\?/);

      const gateway = seen.gateway as Json;
      assert.deepEqual(Object.keys(gateway).sort(), ['gatewayMetadata', 'result', 'state']);
      assert.equal(gateway.state, 'Completed');
      assert.deepEqual(Object.keys(gateway.result as Json), ['audio']);

      const binding = seen.binding as Json;
      assert.deepEqual(Object.keys(binding), ['audio']);

      const envelope = seen.envelope as Json;
      assert.deepEqual(Object.keys(envelope).sort(), ['errors', 'messages', 'result', 'success']);
      assert.deepEqual(Object.keys(envelope.result as Json), ['audio']);

      for (const body of Object.values(seen)) assert.equal((await download(cloudflareAudio(body))).response.status, 200);
    });

    it('sends the AI Gateway ids on successes and errors, and records the log id handed out', async () => {
      const ok = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      const failed = await postJson(cloudflareUrl(), cloudflareBody(), { authorization: 'Bearer nope' });
      for (const response of [ok, failed]) {
        assert.match(response.headers.get('cf-ray') ?? '', /^[0-9a-f]{16}-[A-Z]{3}$/);
        assert.match(response.headers.get('cf-aig-log-id') ?? '', ULID);
        assert.ok(response.headers.get('cf-aig-request-id'));
        assert.ok(response.headers.get('cf-aig-event-id'));
      }
      const okLogId = ok.headers.get('cf-aig-log-id');
      assert.notEqual(okLogId, failed.headers.get('cf-aig-log-id'));
      assert.equal(field(await json(ok), 'result', 'gatewayMetadata', 'logId'), okLogId, 'the body names the same log entry');
      await failed.arrayBuffer();

      const [first, second] = fake.requestsFor('generate', 'cloudflare');
      assert.equal(first?.logId, okLogId);
      assert.equal(first?.response?.status, 200);
      assert.equal(first?.response?.headers['cf-aig-log-id'], okLogId);
      assert.equal(second?.logId, failed.headers.get('cf-aig-log-id'));
      assert.equal(second?.response?.status, 401);
    });

    it('can send errors in the live AI Gateway form (singular `error`, an array)', async () => {
      fake.setCloudflare({ errorForm: 'aiGateway' });
      const response = await postJson(cloudflareUrl(), cloudflareBody(), { authorization: 'Bearer nope' });
      assert.equal(response.status, 401);
      assert.deepEqual(await json(response), {
        success: false,
        result: [],
        messages: [],
        error: [{ code: 10000, message: 'Authentication error' }],
        name: 'AiGatewayError',
        httpCode: 401,
        internalCode: 10000,
      });
    });

    it('injects each live AI Gateway error, with Retry-After only on the gateway rate limit', async () => {
      for (const [name, preset] of Object.entries(CLOUDFLARE_LIVE_ERRORS)) {
        fake.setFaults({ generate: { ...preset, times: 1 } });
        const response = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
        assert.equal(response.status, preset.status, name);
        assert.equal(response.headers.get('retry-after'), name === 'gatewayRateLimit' ? '1' : null, name);
        assert.match(response.headers.get('cf-aig-log-id') ?? '', ULID, name);
        assert.deepEqual(
          await json(response),
          {
            success: false,
            result: [],
            messages: [],
            error: [{ code: preset.code, message: preset.message }],
            name: 'AiGatewayError',
            httpCode: preset.status,
            internalCode: preset.code,
          },
          name,
        );
        const after = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
        assert.equal(after.status, 200, `${name}: times 1`);
        await after.arrayBuffer();
      }
      assert.equal(CLOUDFLARE_LIVE_ERRORS.spendLimit.status, 429);
      assert.equal(CLOUDFLARE_LIVE_ERRORS.spendLimit.code, 2045);
      assert.equal(CLOUDFLARE_LIVE_ERRORS.creditsUsedUp.code, 2021);
    });

    it('can refuse with 503 and a body that has no code (Unified Billing, provider rejected Cloudflare)', async () => {
      fake.setFaults({ generate: { kind: 'cloudflareUnifiedBillingRefused' } });
      const response = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(response.status, 503);
      assert.match(response.headers.get('cf-aig-log-id') ?? '', ULID);
      assert.deepEqual(await json(response), { success: false, error: 'Service Unavailable' });
    });

    it('can report a failed run inside an HTTP 200 success:true envelope, the error an object or a string', async () => {
      fake.setFaults({
        generate: [
          { kind: 'cloudflareFailedRun', code: 3030, message: 'upstream failed', times: 1 },
          { kind: 'cloudflareFailedRun', errorAs: 'string', message: 'upstream failed', times: 1 },
        ],
      });
      const asObject = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(asObject.status, 200);
      assert.deepEqual(await json(asObject), {
        success: true,
        errors: [],
        messages: [],
        result: { state: 'Failed', error: { code: 3030, message: 'upstream failed' } },
      });
      const asString = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(asString.status, 200);
      assert.deepEqual(await json(asString), { success: true, errors: [], messages: [], result: { state: 'Failed', error: 'upstream failed' } });
    });

    it('can time out at the edge with a 524 HTML page naming the Ray ID, or a 504', async () => {
      fake.setFaults({
        generate: [
          { kind: 'gatewayTimeout', delayMs: 120, times: 1 },
          { kind: 'gatewayTimeout', status: 504, times: 1 },
        ],
      });
      const pending = postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      // Without the delay the answer is recorded in the same turn as the request; with it, the request waits unanswered.
      await until(() => fake.requestsFor('generate', 'cloudflare').length === 1);
      assert.equal(fake.requestsFor('generate', 'cloudflare')[0]?.response, undefined, 'held until the edge gives up');
      const timedOut = await pending;
      assert.equal(timedOut.status, 524);
      assert.match(timedOut.headers.get('content-type') ?? '', /^text\/html/);
      const ray = /^([0-9a-f]{16})-[A-Z]{3}$/.exec(timedOut.headers.get('cf-ray') ?? '')?.[1];
      assert.ok(ray, 'a cf-ray header');
      assert.equal(timedOut.headers.get('cf-aig-log-id'), null, 'the edge answered, not the gateway');
      const page = await timedOut.text();
      assert.match(page, /Error 524/);
      assert.match(page, /A timeout occurred/);
      assert.ok(page.includes(`Ray ID: <strong>${ray}</strong>`));
      assert.equal(fake.requestsFor('generate', 'cloudflare')[0]?.logId, undefined);

      const gatewayTimeout = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(gatewayTimeout.status, 504);
      assert.match(await gatewayTimeout.text(), /Error 504/);
    });

    it('drops an edge timeout whose client went away', async () => {
      fake.setFaults({ generate: { kind: 'gatewayTimeout', delayMs: 60_000 } });
      await assert.rejects(postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth(), AbortSignal.timeout(100)), { name: 'TimeoutError' });
      await until(() => fake.requestsFor('generate', 'cloudflare')[0]?.abandoned === true);
      assert.equal(fake.requestsFor('generate', 'cloudflare')[0]?.response, undefined, 'nothing was answered');
      await fake.close();
    });
  });

  describe('scenario', () => {
    const generateUrl = (): string => `${fake.baseUrls.scenario}/generate/custom/model_minimax-music-2-6`;
    const scenarioBody = {
      prompt: 'Lo-fi hip hop',
      lyrics: '[Verse]\nhello',
      isInstrumental: false,
      lyricsOptimizer: false,
      sampleRate: 44100,
      bitrate: 256000,
    };

    async function pollUntilTerminal(jobId: string, maxPolls = 30): Promise<Json[]> {
      const seen: Json[] = [];
      for (let i = 0; i < maxPolls; i++) {
        const job = field(await json(await fetch(`${fake.baseUrls.scenario}/jobs/${jobId}`, { headers: scenarioAuth() })), 'job') as Json;
        seen.push(job);
        if (['success', 'failure', 'canceled'].includes(job.status as string)) break;
      }
      return seen;
    }

    it('walks a job through its statuses, then serves the asset and its MP3', async () => {
      await restart({ scenario: { pollsPerStatus: { 'in-progress': 3 } } });
      const created = await postJson(generateUrl(), scenarioBody, scenarioAuth());
      assert.equal(created.status, 200);
      const job = field(await json(created), 'job') as Json;
      assert.equal(job.status, 'queued');
      assert.match(String(job.jobId), /^job_\w+$/);

      const polls = await pollUntilTerminal(job.jobId as string);
      assert.deepEqual(
        polls.map((p) => p.status),
        ['pending', 'queued', 'warming-up', 'in-progress', 'in-progress', 'in-progress', 'finalizing', 'success'],
      );
      const progress = polls.map((p) => p.progress as number);
      assert.deepEqual(
        [...progress].sort((a, b) => a - b),
        progress,
        'progress never goes back',
      );
      assert.equal(progress.at(-1), 1);
      const assetIds = field(polls.at(-1), 'metadata', 'assetIds') as string[];
      assert.equal(assetIds.length, 1);

      const asset = field(await json(await fetch(`${fake.baseUrls.scenario}/assets/${assetIds[0]}`, { headers: scenarioAuth() })), 'asset') as Json;
      assert.equal(asset.id, assetIds[0]);
      assert.match(String(asset.url), /\?.*X-Amz-Expires=\d+.*&X-Amz-Signature=[0-9a-f]+$/);
      const { response, bytes } = await download(asset.url as string);
      assert.equal(response.status, 200);
      assertMp3(bytes);
      assert.equal(fake.requestsFor('download', 'scenario')[0]?.headers.authorization, undefined, 'the client sent no credentials to the CDN');
    });

    it('can name the job id `id` instead of `jobId`', async () => {
      fake.setScenario({ jobIdField: 'id' });
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      assert.equal(job.jobId, undefined);
      assert.match(String(job.id), /^job_/);
    });

    it('answers bad credentials with 401, a message and a trace id', async () => {
      const response = await postJson(generateUrl(), scenarioBody, { authorization: basic('key', 'wrong') });
      assert.equal(response.status, 401);
      const body = await json(response);
      assert.equal(typeof body.message, 'string');
      assert.match(String(body.traceId), /^[0-9a-f]+$/);
    });

    it('can fail a job after some progress, with error and hint', async () => {
      fake.setFaults({ poll: { kind: 'jobFailure', after: 2, error: 'Content policy', hint: 'Rephrase the prompt' } });
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      const polls = await pollUntilTerminal(job.jobId as string);
      assert.deepEqual(
        polls.map((p) => p.status),
        ['pending', 'queued', 'failure'],
      );
      assert.equal(field(polls.at(-1), 'metadata', 'error'), 'Content policy');
      assert.equal(field(polls.at(-1), 'metadata', 'hint'), 'Rephrase the prompt');
    });

    it('can keep a job running forever', async () => {
      fake.setFaults({ poll: { kind: 'jobNeverFinishes' } });
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      const polls = await pollUntilTerminal(job.jobId as string, 20);
      assert.equal(polls.length, 20);
      assert.ok(polls.every((p) => p.status === 'in-progress' && (p.progress as number) < 1));
    });

    it('can cancel a job', async () => {
      fake.setFaults({ poll: { kind: 'jobCanceled', after: 1 } });
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      const polls = await pollUntilTerminal(job.jobId as string);
      assert.deepEqual(
        polls.map((p) => p.status),
        ['pending', 'canceled'],
      );
    });

    it('can put the job id at the top level of the POST answer only', async () => {
      fake.setScenario({ jobIdField: 'topLevel' });
      const created = await json(await postJson(generateUrl(), scenarioBody, scenarioAuth()));
      assert.match(String(created.jobId), /^job_\w+$/);
      assert.equal(created.creativeUnitsCost, 5);
      const job = created.job as Json;
      assert.equal(job.status, 'queued');
      assert.equal(job.jobId, undefined);
      assert.equal(job.id, undefined);
      const polled = field(await json(await fetch(`${fake.baseUrls.scenario}/jobs/${String(created.jobId)}`, { headers: scenarioAuth() })), 'job') as Json;
      assert.equal(polled.jobId, created.jobId);
    });

    it('can spell the terminal statuses as the plugin does, or any way a test asks', async () => {
      async function finalStatus(faults: Parameters<FakeProvider['setFaults']>[0]): Promise<unknown> {
        fake.setFaults(faults);
        const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
        for (let i = 0; i < 30; i++) {
          const polled = field(await json(await fetch(`${fake.baseUrls.scenario}/jobs/${String(job.jobId)}`, { headers: scenarioAuth() })), 'job') as Json;
          if (!['pending', 'queued', 'warming-up', 'in-progress', 'finalizing'].includes(polled.status as string)) return polled.status;
        }
        return 'still running';
      }
      const failing = { poll: { kind: 'jobFailure', after: 1 } } as const;
      const canceling = { poll: { kind: 'jobCanceled', after: 1 } } as const;

      assert.deepEqual([await finalStatus({}), await finalStatus(failing), await finalStatus(canceling)], ['success', 'failure', 'canceled']);
      fake.setScenario({ statusWords: 'plugin' });
      assert.deepEqual([await finalStatus({}), await finalStatus(failing), await finalStatus(canceling)], ['succeeded', 'failed', 'cancelled']);
      fake.setScenario({ statusWords: { success: 'completed', failure: 'error' } });
      assert.deepEqual([await finalStatus({}), await finalStatus(failing), await finalStatus(canceling)], ['completed', 'error', 'canceled']);
    });

    it('serves the asset of a job reported with plugin words', async () => {
      fake.setScenario({ statusWords: 'plugin' });
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      const polls = await (async () => {
        const seen: Json[] = [];
        for (let i = 0; i < 10 && seen.at(-1)?.status !== 'succeeded'; i++) {
          seen.push(field(await json(await fetch(`${fake.baseUrls.scenario}/jobs/${String(job.jobId)}`, { headers: scenarioAuth() })), 'job') as Json);
        }
        return seen;
      })();
      const assetId = (field(polls.at(-1), 'metadata', 'assetIds') as string[])[0];
      const asset = await fetch(`${fake.baseUrls.scenario}/assets/${String(assetId)}`, { headers: scenarioAuth() });
      assert.equal(asset.status, 200);
      await asset.arrayBuffer();
    });

    it('accepts model_minimax-music-3-0, whose prompt must be 10–2,000 characters', async () => {
      const v3Url = `${fake.baseUrls.scenario}/generate/custom/model_minimax-music-3-0`;
      const short = await postJson(v3Url, { ...scenarioBody, prompt: 'Lo-fi hop' }, scenarioAuth()); // 9 characters
      assert.equal(short.status, 400);
      assert.match(String((await json(short)).message), /prompt: at least 10 characters/);
      const long = await postJson(v3Url, { ...scenarioBody, prompt: 'x'.repeat(2001) }, scenarioAuth());
      assert.equal(long.status, 400);
      await long.arrayBuffer();

      const created = await postJson(v3Url, { ...scenarioBody, prompt: 'Lo-fi beat' }, scenarioAuth()); // 10 characters
      assert.equal(created.status, 200);
      const job = field(await json(created), 'job') as Json;
      assert.equal(job.modelId, 'model_minimax-music-3-0');
      const polls = await pollUntilTerminal(job.jobId as string);
      assert.equal(polls.at(-1)?.status, 'success');
      assert.equal(polls.at(-1)?.modelId, 'model_minimax-music-3-0');

      const shortOn26 = await postJson(generateUrl(), { ...scenarioBody, prompt: 'Lo-fi' }, scenarioAuth());
      assert.equal(shortOn26.status, 200, '2.6 has no minimum beyond non-empty');
      await shortOn26.arrayBuffer();
      const unknown = await postJson(`${fake.baseUrls.scenario}/generate/custom/model_minimax-music-2-5`, scenarioBody, scenarioAuth());
      assert.equal(unknown.status, 404);
      await unknown.arrayBuffer();
    });

    it('rate-limits 8 polls in a row (longer than a 5-attempt budget) without touching the job', async () => {
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      fake.setFaults({ poll: { kind: 'status', status: 429, times: 8, remainingSeconds: 3 } });
      for (let i = 0; i < 8; i++) {
        const limited = await fetch(`${fake.baseUrls.scenario}/jobs/${String(job.jobId)}`, { headers: scenarioAuth() });
        assert.equal(limited.status, 429, `poll ${i + 1}`);
        assert.equal(limited.headers.get('retry-after'), '1');
        assert.equal((await json(limited)).remainingSeconds, 3);
      }
      const polls = await pollUntilTerminal(job.jobId as string);
      assert.deepEqual(
        polls.map((p) => p.status),
        ['pending', 'queued', 'warming-up', 'in-progress', 'finalizing', 'success'],
        'the walk starts where it was: the 429s did not advance it',
      );
    });

    it('keeps jobs until reset(), so a client can resume one it gave up on', async () => {
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      const jobUrl = `${fake.baseUrls.scenario}/jobs/${String(job.jobId)}`;
      for (let i = 0; i < 2; i++) await (await fetch(jobUrl, { headers: scenarioAuth() })).arrayBuffer();
      // The client gives up; other work happens in between; it comes back later with the id it saved.
      fake.setFaults({ poll: { kind: 'status', status: 503, times: 3 } });
      for (let i = 0; i < 3; i++) assert.equal((await fetch(jobUrl, { headers: scenarioAuth() })).status, 503);
      await (await postJson(generateUrl(), scenarioBody, scenarioAuth())).arrayBuffer();
      fake.setScenario({ errorMessageField: 'detail' });

      const polls = await pollUntilTerminal(job.jobId as string);
      assert.deepEqual(
        polls.map((p) => p.status),
        ['warming-up', 'in-progress', 'finalizing', 'success'],
      );

      fake.reset();
      const gone = await fetch(jobUrl, { headers: scenarioAuth() });
      assert.equal(gone.status, 404);
      await gone.arrayBuffer();
    });

    it('keeps a finished job finished across many polls and setting changes', async () => {
      const job = field(await json(await postJson(generateUrl(), scenarioBody, scenarioAuth())), 'job') as Json;
      const done = (await pollUntilTerminal(job.jobId as string)).at(-1);
      assert.equal(done?.status, 'success');
      fake.setScenario({ pollsPerStatus: 10 });
      fake.setFaults({ poll: { kind: 'jobFailure' } });
      for (let i = 0; i < 40; i++) {
        const again = field(await json(await fetch(`${fake.baseUrls.scenario}/jobs/${String(job.jobId)}`, { headers: scenarioAuth() })), 'job') as Json;
        assert.equal(again.status, 'success');
        assert.equal(again.progress, 1);
        assert.deepEqual(field(again, 'metadata', 'assetIds'), field(done, 'metadata', 'assetIds'));
      }
    });

    it('sends remainingSeconds with an injected 429', async () => {
      fake.setFaults({ generate: { kind: 'status', status: 429, remainingSeconds: 7, retryAfter: 7, times: 1 } });
      const response = await postJson(generateUrl(), scenarioBody, scenarioAuth());
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '7');
      assert.equal((await json(response)).remainingSeconds, 7);
    });
  });

  describe('minimax', () => {
    const generateUrl = (): string => `${fake.baseUrls.minimax}/music_generation`;

    it('generates, reports extra_info, and serves the MP3', async () => {
      const response = await postJson(generateUrl(), minimaxBody(), minimaxAuth());
      assert.equal(response.status, 200);
      const body = await json(response);
      assert.deepEqual(body.base_resp, { status_code: 0, status_msg: 'success' });
      assert.equal(field(body, 'data', 'status'), 2);
      assert.equal(typeof body.trace_id, 'string');
      const { bytes } = await download(field(body, 'data', 'audio') as string);
      assertMp3(bytes);
      assert.equal(field(body, 'extra_info', 'music_size'), bytes.length);
      assert.ok((field(body, 'extra_info', 'music_duration') as number) > 1000, 'duration is in milliseconds');
    });

    it('serves WAV when asked', async () => {
      const body = await json(await postJson(generateUrl(), minimaxBody({ sample_rate: 32000, bitrate: 128000, format: 'wav' }), minimaxAuth()));
      const { bytes } = await download(field(body, 'data', 'audio') as string);
      assertWav(bytes);
      assert.equal(bytes.readUInt32LE(24), 32000);
    });

    it('returns hex audio when output_format is left at its default', async () => {
      const { output_format: _omitted, ...rest } = minimaxBody();
      const body = await json(await postJson(generateUrl(), rest, minimaxAuth()));
      assertMp3(Buffer.from(field(body, 'data', 'audio') as string, 'hex'));
    });

    it('answers bad credentials with HTTP 200 and base_resp 1004', async () => {
      const response = await postJson(generateUrl(), minimaxBody(), { authorization: 'Bearer wrong' });
      assert.equal(response.status, 200);
      assert.equal(field(await json(response), 'base_resp', 'status_code'), 1004);
    });

    it('can inject a non-zero base_resp with HTTP 200', async () => {
      fake.setFaults({ generate: { kind: 'minimaxBaseResp', statusCode: 1008 } });
      const response = await postJson(generateUrl(), minimaxBody(), minimaxAuth());
      assert.equal(response.status, 200);
      assert.deepEqual(field(await json(response), 'base_resp'), { status_code: 1008, status_msg: 'insufficient balance' });
    });

    it('can put the URL in data.audio_url, or hex in data.audio though a URL was asked for; reset restores data.audio', async () => {
      fake.setMinimax({ audioField: 'audio_url' });
      const inUrlField = field(await json(await postJson(generateUrl(), minimaxBody(), minimaxAuth())), 'data') as Json;
      assert.equal(inUrlField.audio, undefined);
      assertMp3((await download(inUrlField.audio_url as string)).bytes);

      fake.setMinimax({ audioField: 'hex' });
      const request = minimaxBody();
      assert.equal(request.output_format, 'url');
      const asHex = field(await json(await postJson(generateUrl(), request, minimaxAuth())), 'data') as Json;
      assert.match(String(asHex.audio), /^[0-9a-f]+$/);
      assertMp3(Buffer.from(asHex.audio as string, 'hex'));

      fake.reset();
      const normal = field(await json(await postJson(generateUrl(), minimaxBody(), minimaxAuth())), 'data') as Json;
      assert.match(String(normal.audio), /^http:\/\/127\.0\.0\.1:\d+\/files\//);
      assert.equal(normal.audio_url, undefined);
    });

    it('accepts music-2.6, music-2.6-free and music-3.0, and refuses other models with 2013', async () => {
      for (const model of ['music-2.6', 'music-2.6-free', 'music-3.0']) {
        const body = await json(await postJson(generateUrl(), { ...minimaxBody(), model }, minimaxAuth()));
        assert.equal(field(body, 'base_resp', 'status_code'), 0, model);
      }
      const refused = await json(await postJson(generateUrl(), { ...minimaxBody(), model: 'music-2.5' }, minimaxAuth()));
      assert.equal(field(refused, 'base_resp', 'status_code'), 2013);
    });

    it('can fail as a key on the wrong region’s host does: 2049 or 1004, with HTTP 200', async () => {
      fake.setFaults({
        generate: [
          { ...MINIMAX_LIVE_ERRORS.regionMismatchInvalidKey, times: 1 },
          { kind: 'minimaxBaseResp', statusCode: 1004, times: 1 },
        ],
      });
      const invalidKey = await postJson(generateUrl(), minimaxBody(), minimaxAuth());
      assert.equal(invalidKey.status, 200);
      assert.deepEqual(field(await json(invalidKey), 'base_resp'), { status_code: 2049, status_msg: 'invalid api key' });
      const loginFail = await postJson(generateUrl(), minimaxBody(), minimaxAuth());
      assert.equal(loginFail.status, 200);
      assert.equal(field(await json(loginFail), 'base_resp', 'status_code'), 1004);
    });

    it('knows the codes seen live besides the documented ones: 1013 and 2038', async () => {
      fake.setFaults({
        generate: [
          { ...MINIMAX_LIVE_ERRORS.internalServiceError, times: 1 },
          { ...MINIMAX_LIVE_ERRORS.realNameVerificationRequired, times: 1 },
        ],
      });
      const internal = await json(await postJson(generateUrl(), minimaxBody(), minimaxAuth()));
      assert.deepEqual(internal.base_resp, { status_code: 1013, status_msg: 'internal service error' });
      const realName = await json(await postJson(generateUrl(), minimaxBody(), minimaxAuth()));
      assert.deepEqual(realName.base_resp, { status_code: 2038, status_msg: 'real-name verification required' });
    });
  });

  describe('downloads', () => {
    async function cloudflareTake(): Promise<string> {
      return cloudflareAudio(await json(await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth())));
    }

    it('redirects 3 times through relative and absolute Locations, then serves the file with the same query', async () => {
      const url = await cloudflareTake();
      fake.setFaults({ download: { kind: 'redirect', hops: 3 } });
      const { hops, final } = await followByHand(url);
      assert.deepEqual(
        hops.map((h) => h.status),
        [302, 302, 302],
      );
      const [first, second, third] = hops.map((h) => h.location);
      assert.match(first ?? '', /^\/files\/hop\//, 'path-absolute');
      assert.ok(
        hops.some((h) => h.location.startsWith('http://127.0.0.1:')),
        'one absolute URL',
      );
      assert.ok(
        hops.some((h) => h.location.startsWith('../')),
        'one dot-relative',
      );
      assert.ok(
        [first, second, third].every((location) => location?.endsWith(new URL(url).search)),
        'the signed query travels along',
      );
      assert.equal(final.status, 200);
      assertMp3(Buffer.from(await final.arrayBuffer()));
      const downloads = fake.requestsFor('download', 'cloudflare');
      assert.equal(downloads.length, 4, 'the file URL and three hops, all recorded');
      assert.deepEqual(
        downloads.map((r) => r.response?.status),
        [302, 302, 302, 200],
      );
    });

    it('redirects 4 times when asked (giving up after 3 is the client’s business), and fetch can follow it', async () => {
      const url = await cloudflareTake();
      fake.setFaults({ download: { kind: 'redirect', hops: 4, status: 307, times: 2 } });
      const { hops, final } = await followByHand(url);
      assert.deepEqual(
        hops.map((h) => h.status),
        [307, 307, 307, 307],
      );
      assert.equal(final.status, 200);
      await final.arrayBuffer();
      const followed = await download(url);
      assert.equal(followed.response.status, 200);
      assertMp3(followed.bytes);
      const direct = await fetch(url, { redirect: 'manual' });
      assert.equal(direct.status, 200, 'times counts chains: the third download is not redirected');
      await direct.arrayBuffer();
    });

    it('redirects once to exactly the Location given, e.g. off the loopback or to another scheme', async () => {
      const url = await cloudflareTake();
      fake.setFaults({
        download: [
          { kind: 'redirect', location: 'http://example.invalid/x.mp3', times: 1 },
          { kind: 'redirect', status: 301, location: 'ftp://example.invalid/x.mp3', times: 1 },
        ],
      });
      const offLoopback = await fetch(url, { redirect: 'manual' });
      assert.equal(offLoopback.status, 302);
      assert.equal(offLoopback.headers.get('location'), 'http://example.invalid/x.mp3');
      await offLoopback.arrayBuffer();
      const otherScheme = await fetch(url, { redirect: 'manual' });
      assert.equal(otherScheme.status, 301);
      assert.equal(otherScheme.headers.get('location'), 'ftp://example.invalid/x.mp3');
      await otherScheme.arrayBuffer();
    });

    it('serves the same URL again after an expiredUrl fault has run out', async () => {
      const url = await cloudflareTake();
      fake.setFaults({ download: { kind: 'expiredUrl', times: 1 } });
      const expired = await fetch(url);
      assert.equal(expired.status, 403);
      await expired.arrayBuffer();
      const again = await download(url);
      assert.equal(again.response.status, 200);
      assertMp3(again.bytes);
      assert.equal(Number(again.response.headers.get('content-length')), again.bytes.length);
    });
  });

  describe('faults', () => {
    it('429 with Retry-After for the first request only, then success', async () => {
      fake.setFaults({ generate: { kind: 'status', status: 429, retryAfter: 2, times: 1 } });
      const first = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(first.status, 429);
      assert.equal(first.headers.get('retry-after'), '2');
      assert.equal(field(await json(first), 'errors', '0', 'code'), 3036);
      const second = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(second.status, 200);
      assert.equal(field(await json(second), 'result', 'state'), 'Completed');
    });

    it('applies a list of rules in order', async () => {
      fake.setFaults({
        generate: [
          { kind: 'status', status: 503, times: 1 },
          { kind: 'html', times: 1 },
        ],
      });
      const statuses: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await postJson(`${fake.baseUrls.minimax}/music_generation`, minimaxBody(), minimaxAuth());
        statuses.push(`${response.status} ${response.headers.get('content-type') ?? ''}`);
        await response.arrayBuffer();
      }
      assert.deepEqual(statuses, ['503 application/json; charset=utf-8', '200 text/html; charset=utf-8', '200 application/json; charset=utf-8']);
    });

    it('resets the connection mid-body', async () => {
      fake.setFaults({ generate: { kind: 'resetMidBody' } });
      const response = await postJson(`${fake.baseUrls.minimax}/music_generation`, minimaxBody(), minimaxAuth());
      assert.equal(response.status, 200, 'the headers arrive');
      await assert.rejects(response.text());
    });

    it('serves malformed JSON', async () => {
      fake.setFaults({ poll: { kind: 'malformedJson' } });
      const response = await fetch(`${fake.baseUrls.scenario}/jobs/job_x`, { headers: scenarioAuth() });
      assert.equal(response.status, 200);
      await assert.rejects(response.json(), SyntaxError);
    });

    it('truncates a download below its Content-Length', async () => {
      const body = await json(await postJson(cloudflareUrl(), cloudflareBody({ format: 'wav' }), cloudflareAuth()));
      fake.setFaults({ download: { kind: 'truncated', fraction: 0.25, times: 1 } });
      const url = cloudflareAudio(body);
      const response = await fetch(url);
      const announced = Number(response.headers.get('content-length'));
      let received = 0;
      await assert.rejects(async () => {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) received += chunk.length;
      });
      assert.ok(received < announced, `${received} < ${announced}`);
      const retry = await download(url);
      assert.equal(retry.bytes.length, announced, 'the next download is whole');
    });

    it('expired URLs give 403 with S3 XML; HTML can be served as audio', async () => {
      const body = await json(await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth()));
      const url = cloudflareAudio(body);
      fake.setFaults({
        download: [
          { kind: 'expiredUrl', times: 1 },
          { kind: 'htmlAsAudio', times: 1 },
        ],
      });
      const expired = await fetch(url);
      assert.equal(expired.status, 403);
      assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
      const html = await download(url);
      assert.equal(html.response.status, 200);
      assert.match(html.response.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(sniffAudio(html.bytes), 'unknown');
    });

    it('refuses a download whose signature was altered', async () => {
      const body = await json(await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth()));
      const url = cloudflareAudio(body).replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
      const response = await fetch(url);
      assert.equal(response.status, 403);
      assert.match(await response.text(), /SignatureDoesNotMatch/);
    });

    it('never answers until the client aborts, and close() does not hang on held requests', async () => {
      fake.setFaults({ generate: { kind: 'neverAnswer' } });
      await assert.rejects(postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth(), AbortSignal.timeout(300)), { name: 'TimeoutError' });

      const held = postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth()).then(
        () => 'answered',
        () => 'failed',
      );
      await until(() => fake.requestsFor('generate').length === 2);
      // close() resolving at all (within mocha's timeout) is the point: it destroys the held socket.
      await fake.close();
      assert.equal(await held, 'failed');
    });

    it('cancels an artificial delay when the client disconnects', async () => {
      fake.setDelays({ generate: 300 });
      fake.setFaults({ generate: { kind: 'status', status: 500, times: 1 } });
      await assert.rejects(postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth(), AbortSignal.timeout(100)), { name: 'TimeoutError' });
      // The fake marks the request abandoned when its delay ends early on the disconnect, before any fault is taken.
      await until(() => fake.requestsFor('generate')[0]?.abandoned === true);
      fake.setDelays({});
      const next = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(next.status, 500, 'the abandoned request never went on to consume the fault');

      fake.setDelays({ generate: 60_000 });
      await assert.rejects(postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth(), AbortSignal.timeout(100)), { name: 'TimeoutError' });
      await until(() => fake.requestsFor('generate')[2]?.abandoned === true);
      // Resolving at all (within mocha's timeout) shows no 60 s timer is left holding the server.
      await fake.close();
    });

    it('delays per provider', async () => {
      fake.setDelays({ generate: { minimax: 60_000 } });
      // MiniMax is held (a minute, longer than mocha allows) while Cloudflare answers at once.
      const held = postJson(`${fake.baseUrls.minimax}/music_generation`, minimaxBody(), minimaxAuth(), AbortSignal.timeout(60_000));
      await until(() => fake.requestsFor('generate', 'minimax').length === 1);
      assert.equal((await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth())).status, 200);
      assert.equal(fake.requestsFor('generate', 'minimax')[0]?.response, undefined, 'MiniMax still unanswered');
      await fake.close();
      await assert.rejects(held);
    });

    it('rejects faults that make no sense at their stage', () => {
      assert.throws(() => fake.setFaults({ generate: { kind: 'truncated' } }), TypeError);
      assert.throws(() => fake.setFaults({ poll: { kind: 'jobFailure', provider: 'minimax' } }), TypeError);
      assert.throws(() => fake.setFaults({ download: { kind: 'oversizedJson' } }), TypeError);
      assert.throws(() => fake.setFaults({ poll: { kind: 'echoAuthorization' } }), TypeError);
      assert.throws(() => fake.setFaults({ generate: { kind: 'endlessAudio' } }), TypeError);
    });
  });

  describe('hostile answers', () => {
    /** Reads a body until `enough` bytes arrived, then lets go of it; returns what was read. */
    async function readSome(response: Response, enough: number): Promise<number> {
      let received = 0;
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      while (received < enough) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
      }
      await reader.cancel();
      return received;
    }

    it('oversizedJson with bytes: exactly that much valid JSON, with its Content-Length', async () => {
      fake.setFaults({ generate: { kind: 'oversizedJson', bytes: 3 * 1024 * 1024 } });
      const response = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-length'), String(3 * 1024 * 1024));
      const text = await response.text();
      assert.equal(Buffer.byteLength(text), 3 * 1024 * 1024);
      assert.match(String(field(JSON.parse(text), 'padding')), /^x+$/);
    });

    it('oversizedJson without bytes never ends (no Content-Length) until the client lets go', async () => {
      fake.setFaults({ poll: { kind: 'oversizedJson', status: 500 } });
      const response = await fetch(`${fake.baseUrls.scenario}/jobs/job_x`, { headers: scenarioAuth() });
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('content-length'), null);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.ok((await readSome(response, 24 * 1024 * 1024)) >= 24 * 1024 * 1024, 'far more than any answer, and still going');
      // close() resolving at all (within mocha's timeout) is the point: it ends the endless stream.
      await fake.close();
    });

    it('echoAuthorization repeats the Authorization header in each provider’s error form, raw or URL-encoded', async () => {
      fake.setFaults({ generate: { kind: 'echoAuthorization' } });
      const cloudflare = await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth());
      assert.equal(cloudflare.status, 401);
      assert.equal(
        field(await json(cloudflare), 'errors', '0', 'message'),
        `Invalid credentials in header Authorization: Bearer ${fake.credentials.cloudflare.apiToken}`,
      );

      const scenario = await postJson(`${fake.baseUrls.scenario}/generate/custom/model_minimax-music-2-6`, { prompt: 'x' }, scenarioAuth());
      assert.equal(scenario.status, 401);
      assert.ok(String(field(await json(scenario), 'message')).endsWith(scenarioAuth().authorization ?? '?'));

      fake.setFaults({ generate: { kind: 'echoAuthorization', encoding: 'url', prefix: 'bad key ' } });
      const minimax = await postJson(`${fake.baseUrls.minimax}/music_generation`, minimaxBody(), minimaxAuth());
      assert.equal(minimax.status, 200, 'MiniMax reports auth errors with HTTP 200');
      const body = await json(minimax);
      assert.equal(field(body, 'base_resp', 'status_code'), 1004);
      assert.equal(field(body, 'base_resp', 'status_msg'), `bad key ${encodeURIComponent(`Bearer ${fake.credentials.minimax.apiKey}`)}`);
    });

    it('noContentLength serves the whole file chunked; endlessAudio never stops', async () => {
      const url = cloudflareAudio(await json(await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth())));
      const whole = await download(url);
      fake.setFaults({
        download: [
          { kind: 'noContentLength', times: 1 },
          { kind: 'endlessAudio', times: 1 },
        ],
      });
      const chunked = await download(url);
      assert.equal(chunked.response.headers.get('content-length'), null);
      assert.deepEqual(chunked.bytes, whole.bytes);

      const endless = await fetch(url);
      assert.equal(endless.status, 200);
      assert.equal(endless.headers.get('content-length'), null);
      assert.ok((await readSome(endless, 20 * whole.bytes.length)) >= 20 * whole.bytes.length);
    });

    it('id3ThenHtml: an ID3 tag, then a web page', async () => {
      const url = cloudflareAudio(await json(await postJson(cloudflareUrl(), cloudflareBody(), cloudflareAuth())));
      fake.setFaults({ download: { kind: 'id3ThenHtml' } });
      const { response, bytes } = await download(url);
      assert.equal(response.headers.get('content-type'), 'audio/mpeg');
      assert.equal(sniffAudio(bytes), 'mp3', 'the first bytes pass a sniff');
      const tagSize = ((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0);
      assert.match(bytes.subarray(10 + tagSize).toString('utf8'), /^<!DOCTYPE html>/);
    });

    it('underReportedLength: a clean transfer of the first part of the file, announced as the whole', async () => {
      const url = cloudflareAudio(await json(await postJson(cloudflareUrl(), cloudflareBody({ format: 'wav' }), cloudflareAuth())));
      const whole = await download(url);
      fake.setFaults({ download: { kind: 'underReportedLength', fraction: 0.25 } });
      const short = await download(url);
      assert.equal(Number(short.response.headers.get('content-length')), short.bytes.length);
      assert.equal(short.bytes.length, Math.floor(whole.bytes.length * 0.25));
      assert.deepEqual(short.bytes, whole.bytes.subarray(0, short.bytes.length));
      assert.equal(short.bytes.readUInt32LE(40), whole.bytes.length - 44, 'the header still announces the whole song');
    });

    it('shortAudio: a well-formed WAV lasting a fraction of MiniMax’s music_duration', async () => {
      const body = await json(
        await postJson(`${fake.baseUrls.minimax}/music_generation`, minimaxBody({ sample_rate: 44100, bitrate: 256000, format: 'wav' }), minimaxAuth()),
      );
      fake.setFaults({ download: { kind: 'shortAudio', fraction: 0.5 } });
      const { response, bytes } = await download(field(body, 'data', 'audio') as string);
      assert.equal(Number(response.headers.get('content-length')), bytes.length);
      assertWav(bytes);
      assert.equal(bytes.readUInt32LE(40), bytes.length - 44, 'header and data agree');
      const seconds = (bytes.length - 44) / bytes.readUInt32LE(28);
      assert.ok(Math.abs(seconds * 1000 - (field(body, 'extra_info', 'music_duration') as number) / 2) < 50, `${seconds} s`);
    });
  });

  describe('audio', () => {
    it('writes a valid 16-bit PCM header', () => {
      const wav = renderWav({ sampleRate: 16000, channels: 1, durationSeconds: 0.5 });
      assertWav(wav);
      assert.equal(wav.length, 44 + 16000 * 0.5 * 2);
      assert.equal(wav.readUInt16LE(20), 1, 'PCM');
      assert.equal(wav.readUInt16LE(22), 1, 'mono');
      assert.equal(wav.readUInt32LE(24), 16000);
      assert.equal(wav.readUInt16LE(34), 16);
      assert.equal(wav.readUInt32LE(40), wav.length - 44);
      assert.equal(sniffAudio(wav), 'wav');
    });

    it('streams a 50 MB WAV download', async function () {
      this.timeout(60_000);
      const totalBytes = 50 * 1024 * 1024;
      fake.setAudio({ wavTotalBytes: totalBytes });
      const body = await json(await postJson(cloudflareUrl(), cloudflareBody({ format: 'wav' }), cloudflareAuth()));
      const response = await fetch(cloudflareAudio(body));
      const announced = Number(response.headers.get('content-length'));
      assert.equal(announced, wavByteLength({ totalBytes }));
      assert.ok(announced > totalBytes - 4);
      let received = 0;
      let head: Buffer | undefined;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        head ??= Buffer.from(chunk.subarray(0, 12));
        received += chunk.length;
      }
      assert.equal(received, announced);
      assertWav(head ?? Buffer.alloc(0));
    });
  });

  describe('main.js (demo mode)', () => {
    it('prints its origin, serves, and exits cleanly on SIGINT', async function () {
      this.timeout(10_000);
      const child = spawn(process.execPath, [path.join(__dirname, '..', 'fakeProvider', 'main.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
      const info = JSON.parse(line) as { origin: string; baseUrls: Record<string, string>; credentials: Json };
      assert.equal(info.baseUrls.minimax, `${info.origin}/minimax/v1`);
      assert.equal((await fetch(`${info.origin}/`)).status, 200);
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    });
  });
});
