/**
 * The fault matrix: every injected fault, per provider where it applies,
 * through `runGeneration` against the fake provider on loopback. Each case
 * asserts the error kind, a message that names the provider and says what
 * happened, how many requests of the faulty stage were made, and that the
 * output folder holds nothing new (no take, no sidecar, no `.part`).
 */
import { strict as assert } from 'node:assert';
import type { GenerationErrorKind } from '../../src/core/generate/errors';
import type { ProviderId } from '../../src/core/schema';
import { type FakeProvider, type FaultPlan, type FaultRule, type Stage } from '../fakeProvider';
import { assertNothingSaved, expectFailure, startRun, Workspace, type RunSetup, useFakeProvider } from './generateHarness';

interface FaultCase {
  readonly title: string;
  readonly faults: FaultPlan;
  readonly kind: GenerationErrorKind;
  readonly message: RegExp;
  /** Requests the client must have made at this stage (retries included). */
  readonly requests?: readonly [Stage, number];
  readonly setup?: RunSetup;
  readonly check?: (error: import('../../src/core/generate/errors').GenerationError) => void;
}

/** 429 with a short Retry-After, so the retries stay fast while honouring it. */
const RETRY_AFTER = '0.01';
/**
 * "Never answers" at a stage with its own headers timeout: undici's timers
 * tick every ~0.5 s, so a 100 ms timeout fires within about a second. One
 * attempt only (that a timed-out poll or download is retried is tested in
 * generate.retry.test.ts); the whole-generation bound stays far away.
 */
const NEVER = { timeouts: { pollHeadersMs: 100, idleMs: 100 }, retry: { maxAttempts: 1 }, timeoutMs: 10_000 } as const;

const generateCases: Readonly<Record<ProviderId, readonly FaultCase[]>> = {
  cloudflare: [
    { title: '401', faults: { generate: { kind: 'status', status: 401 } }, kind: 'auth', message: /Cloudflare.*API token/, requests: ['generate', 1] },
    { title: '403', faults: { generate: { kind: 'status', status: 403 } }, kind: 'auth', message: /account ID or API token.*HTTP 403/, requests: ['generate', 1] },
    {
      title: '404 (wrong account id or path)',
      faults: { generate: { kind: 'status', status: 404 } },
      kind: 'invalid-request',
      message: /Could not route.*HTTP 404/,
      requests: ['generate', 1],
    },
    {
      title: '400 in the Workers AI envelope form',
      faults: { generate: { kind: 'status', status: 400, cloudflareErrorForm: 'envelope' } },
      kind: 'invalid-request',
      message: /5006: Input validation error.*HTTP 400/,
    },
    {
      title: '401 in the AI Gateway {"state":"Failed"} form',
      faults: { generate: { kind: 'status', status: 401, cloudflareErrorForm: 'gateway' } },
      kind: 'auth',
      message: /10000: Authentication error.*HTTP 401/,
    },
    {
      title: 'HTTP 200 with {"state":"Failed"} (AI Gateway form)',
      faults: { generate: { kind: 'cloudflareGatewayFailed' } },
      kind: 'server',
      message: /Cloudflare.*2001: Provider returned an error: upstream generation failed/,
      requests: ['generate', 1],
    },
    {
      title: '{"state":"Failed"} whose words are about content policy',
      faults: { generate: { kind: 'cloudflareGatewayFailed', status: 400, message: 'Input was flagged by the safety system' } },
      kind: 'content-policy',
      message: /flagged by the safety system/,
    },
    {
      title: '429 that persists (Retry-After honoured, then given up)',
      faults: { generate: { kind: 'status', status: 429, retryAfter: RETRY_AFTER, message: 'Too many requests' } },
      kind: 'rate-limit',
      message: /Cloudflare.*Too many requests.*HTTP 429/,
      requests: ['generate', 5],
    },
    {
      title: '429 "daily allocation used up" (Workers AI code 3036) is a quota problem, not retried',
      faults: { generate: { kind: 'status', status: 429, retryAfter: RETRY_AFTER } },
      kind: 'quota',
      message: /load credits/,
      requests: ['generate', 1],
    },
    { title: '500 (not retried: it may have been charged)', faults: { generate: { kind: 'status', status: 500 } }, kind: 'server', message: /Cloudflare.*HTTP 500/, requests: ['generate', 1] },
    { title: '503 (not retried)', faults: { generate: { kind: 'status', status: 503 } }, kind: 'server', message: /Cloudflare.*HTTP 503/, requests: ['generate', 1] },
    { title: 'HTML instead of JSON', faults: { generate: { kind: 'html' } }, kind: 'server', message: /Cloudflare answered with a web page.*base URL/, requests: ['generate', 1] },
    { title: 'HTML error page with 502', faults: { generate: { kind: 'html', status: 502 } }, kind: 'server', message: /web page.*HTTP 502/, requests: ['generate', 1] },
    { title: 'malformed JSON', faults: { generate: { kind: 'malformedJson' } }, kind: 'server', message: /Cloudflare sent a response that is not valid JSON/, requests: ['generate', 1] },
    {
      title: 'connection reset mid-body (not retried)',
      faults: { generate: { kind: 'resetMidBody' } },
      kind: 'network',
      message: /connection to Cloudflare broke while generating/,
      requests: ['generate', 1],
    },
    {
      title: 'a server that never answers (bounded by the whole-generation timeout)',
      faults: { generate: { kind: 'neverAnswer' } },
      kind: 'timeout',
      message: /No song from \w+ after 0 s.*timed out/,
      requests: ['generate', 1],
      setup: { timeoutMs: 300 },
    },
  ],
  scenario: [
    { title: '401', faults: { generate: { kind: 'status', status: 401 } }, kind: 'auth', message: /Scenario rejected the API key and secret while submitting/, requests: ['generate', 1] },
    { title: '403', faults: { generate: { kind: 'status', status: 403 } }, kind: 'auth', message: /Scenario rejected the API key.*HTTP 403/ },
    { title: '404', faults: { generate: { kind: 'status', status: 404 } }, kind: 'invalid-request', message: /Scenario refused the request.*Not Found.*HTTP 404/ },
    {
      title: '429 that persists, with remainingSeconds',
      faults: { generate: { kind: 'status', status: 429, retryAfter: RETRY_AFTER, remainingSeconds: 30 } },
      kind: 'rate-limit',
      message: /Scenario is rate limiting requests; try again in 30 s/,
      requests: ['generate', 5],
      check: (error) => assert.equal(error.retryAfterSeconds, 30),
    },
    { title: '500 (not retried)', faults: { generate: { kind: 'status', status: 500 } }, kind: 'server', message: /Scenario.*HTTP 500/, requests: ['generate', 1] },
    { title: '503 (not retried)', faults: { generate: { kind: 'status', status: 503 } }, kind: 'server', message: /Scenario.*HTTP 503/, requests: ['generate', 1] },
    { title: 'HTML instead of JSON', faults: { generate: { kind: 'html' } }, kind: 'server', message: /Scenario answered with a web page/, requests: ['generate', 1] },
    { title: 'malformed JSON', faults: { generate: { kind: 'malformedJson' } }, kind: 'server', message: /Scenario sent a response that is not valid JSON/ },
    {
      title: 'connection reset mid-body (not retried)',
      faults: { generate: { kind: 'resetMidBody' } },
      kind: 'network',
      message: /connection to Scenario broke while submitting/,
      requests: ['generate', 1],
    },
    {
      title: 'a server that never answers the submit',
      faults: { generate: { kind: 'neverAnswer' } },
      kind: 'timeout',
      message: /Scenario did not answer in time while submitting/,
      requests: ['generate', 1],
      setup: NEVER,
    },
  ],
  minimax: [
    { title: '401 (base_resp 1004)', faults: { generate: { kind: 'status', status: 401 } }, kind: 'auth', message: /MiniMax rejected the API key.*HTTP 401/, requests: ['generate', 1] },
    { title: '403 (base_resp 1004)', faults: { generate: { kind: 'status', status: 403 } }, kind: 'auth', message: /MiniMax rejected the API key.*HTTP 403/ },
    { title: '404 (base_resp 1000, unknown)', faults: { generate: { kind: 'status', status: 404 } }, kind: 'invalid-request', message: /MiniMax.*HTTP 404/ },
    {
      title: '429 that persists (base_resp 1002)',
      faults: { generate: { kind: 'status', status: 429, retryAfter: RETRY_AFTER } },
      kind: 'rate-limit',
      message: /MiniMax is rate limiting.*HTTP 429/,
      requests: ['generate', 5],
    },
    { title: '500 (not retried)', faults: { generate: { kind: 'status', status: 500 } }, kind: 'server', message: /MiniMax.*1024.*HTTP 500/, requests: ['generate', 1] },
    { title: '503 (not retried)', faults: { generate: { kind: 'status', status: 503 } }, kind: 'server', message: /MiniMax.*1033.*HTTP 503/, requests: ['generate', 1] },
    { title: 'HTML instead of JSON', faults: { generate: { kind: 'html' } }, kind: 'server', message: /MiniMax answered with a web page/, requests: ['generate', 1] },
    { title: 'malformed JSON', faults: { generate: { kind: 'malformedJson' } }, kind: 'server', message: /MiniMax sent a response that is not valid JSON/ },
    {
      title: 'connection reset mid-body (not retried)',
      faults: { generate: { kind: 'resetMidBody' } },
      kind: 'network',
      message: /connection to MiniMax broke while generating/,
      requests: ['generate', 1],
    },
    {
      title: 'a server that never answers',
      faults: { generate: { kind: 'neverAnswer' } },
      kind: 'timeout',
      message: /No song from \w+ after 0 s/,
      requests: ['generate', 1],
      setup: { timeoutMs: 300 },
    },
    ...(
      [
        [1002, 'rate-limit', /MiniMax is rate limiting this key.*1002 rate limit exceeded/],
        [1004, 'auth', /MiniMax rejected the API key.*1004 login fail/],
        [1008, 'quota', /insufficient balance/],
        [1026, 'content-policy', /MiniMax flagged the prompt or lyrics as sensitive/],
        [1027, 'content-policy', /MiniMax flagged the generated song as sensitive/],
        [2013, 'invalid-request', /MiniMax rejected a parameter.*2013 invalid params/],
        [2049, 'auth', /The MiniMax API key is invalid.*2049/],
        [1000, 'server', /MiniMax reported error 1000.*unknown error/],
      ] as const
    ).map(
      ([code, kind, message]): FaultCase => ({
        // A rate limit charged nothing and is retried like a 429; every other code is final.
        title: `HTTP 200 with base_resp.status_code ${code} (${kind === 'rate-limit' ? 'retried like a 429, then given up' : 'not retried'})`,
        faults: { generate: { kind: 'minimaxBaseResp', statusCode: code } },
        kind,
        message,
        requests: ['generate', kind === 'rate-limit' ? 5 : 1],
        check: (error) => assert.match(error.requestId ?? '', /^[0-9a-f]{32}$/, 'the trace_id is kept'),
      }),
    ),
  ],
};

const scenarioJobCases: readonly FaultCase[] = [
  { title: 'poll 401', faults: { poll: { kind: 'status', status: 401 } }, kind: 'auth', message: /Scenario rejected the API key and secret while checking on the job/ },
  { title: 'poll 404', faults: { poll: { kind: 'status', status: 404 } }, kind: 'invalid-request', message: /Scenario refused the request while checking on the job/ },
  {
    title: 'poll 429 that persists',
    faults: { poll: { kind: 'status', status: 429, retryAfter: RETRY_AFTER } },
    kind: 'rate-limit',
    message: /Scenario is rate limiting/,
    requests: ['poll', 5],
  },
  { title: 'poll 500 that persists (retried 5 times)', faults: { poll: { kind: 'status', status: 500 } }, kind: 'server', message: /Scenario.*HTTP 500/, requests: ['poll', 5] },
  { title: 'poll 503 that persists', faults: { poll: { kind: 'status', status: 503 } }, kind: 'server', message: /Scenario.*HTTP 503/, requests: ['poll', 5] },
  { title: 'poll HTML', faults: { poll: { kind: 'html' } }, kind: 'server', message: /Scenario answered with a web page/ },
  { title: 'poll malformed JSON', faults: { poll: { kind: 'malformedJson' } }, kind: 'server', message: /not valid JSON/ },
  { title: 'poll reset that persists', faults: { poll: { kind: 'resetMidBody' } }, kind: 'network', message: /connection to Scenario broke while checking on the job/, requests: ['poll', 5] },
  { title: 'poll never answers', faults: { poll: { kind: 'neverAnswer' } }, kind: 'timeout', message: /Scenario did not answer in time while checking on the job/, requests: ['poll', 1], setup: NEVER },
  {
    title: 'job failure',
    faults: { poll: { kind: 'jobFailure', after: 1, hint: 'Try a shorter prompt' } },
    kind: 'server',
    message: /Scenario could not generate the song.*the model could not produce audio.*Try a shorter prompt/,
    check: (error) => assert.match(error.requestId ?? '', /^job_/),
  },
  {
    title: 'job failure whose words are about content',
    faults: { poll: { kind: 'jobFailure', error: 'Prompt rejected by the NSFW filter' } },
    kind: 'content-policy',
    message: /Scenario could not generate the song.*NSFW/,
  },
  { title: 'job canceled on Scenario’s side', faults: { poll: { kind: 'jobCanceled', after: 2 } }, kind: 'canceled', message: /The job was canceled on Scenario’s side/ },
  {
    title: 'a job that never finishes (bounded by the whole-generation timeout)',
    faults: { poll: { kind: 'jobNeverFinishes' } },
    kind: 'timeout',
    message: /No song from \w+ after 0 s.*timed out/,
    setup: { timeoutMs: 300 },
  },
  { title: 'asset 404', faults: { asset: { kind: 'status', status: 404 } }, kind: 'invalid-request', message: /Scenario refused the request while fetching the audio’s address/ },
  { title: 'asset 500 that persists', faults: { asset: { kind: 'status', status: 500 } }, kind: 'server', message: /Scenario.*HTTP 500/, requests: ['asset', 5] },
  { title: 'asset HTML', faults: { asset: { kind: 'html' } }, kind: 'server', message: /web page/ },
  { title: 'asset never answers', faults: { asset: { kind: 'neverAnswer' } }, kind: 'timeout', message: /Scenario did not answer in time while fetching the audio’s address/, requests: ['asset', 1], setup: NEVER },
];

function downloadCases(provider: ProviderId): FaultCase[] {
  const cases: FaultCase[] = [
    {
      title: 'expired asset URL (403 "Request has expired")',
      faults: { download: { kind: 'expiredUrl' } },
      kind: 'server',
      message: /download link was refused \(it may have expired\); generate it again.*HTTP 403/,
      requests: ['download', 1],
    },
    { title: '404 on download', faults: { download: { kind: 'status', status: 404 } }, kind: 'server', message: /download link was refused.*HTTP 404/, requests: ['download', 1] },
    { title: '500 on download that persists', faults: { download: { kind: 'status', status: 500 } }, kind: 'server', message: /downloading it failed.*HTTP 500/, requests: ['download', 5] },
    {
      title: 'truncated download that persists (retried, then reported)',
      faults: { download: { kind: 'truncated' } },
      kind: 'network',
      message: /broke while downloading the audio/,
      requests: ['download', 5],
    },
    { title: 'reset mid-download that persists', faults: { download: { kind: 'resetMidBody' } }, kind: 'network', message: /broke while downloading the audio/, requests: ['download', 5] },
    { title: 'HTML served as audio', faults: { download: { kind: 'htmlAsAudio' } }, kind: 'bad-audio', message: /sent something that is not MP3 or WAV audio/, requests: ['download', 1] },
    { title: 'never answers the download', faults: { download: { kind: 'neverAnswer' } }, kind: 'timeout', message: /did not answer in time while downloading/, requests: ['download', 1], setup: NEVER },
  ];
  return cases.map((c) => ({ ...c, faults: { download: { ...(c.faults.download as FaultRule), provider } } }));
}

describe('Generate fault matrix (runGeneration ↔ fake provider on loopback)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  function runCase(provider: ProviderId, c: FaultCase): void {
    it(`${c.title} → ${c.kind}`, async () => {
      fake.setFaults(c.faults);
      const run = startRun(fake, workspace, provider, c.setup);
      const error = await expectFailure(run, provider, c.kind, c.message);
      c.check?.(error);
      if (c.requests) {
        const [stage, count] = c.requests;
        assert.equal(fake.requestsFor(stage, provider).length, count, `${stage} requests`);
      }
      assertNothingSaved(workspace);
    });
  }

  for (const provider of ['cloudflare', 'scenario', 'minimax'] as const) {
    describe(provider, () => {
      describe('generate', () => {
        for (const c of generateCases[provider]) runCase(provider, c);
      });
      if (provider === 'scenario') {
        describe('job and asset', () => {
          for (const c of scenarioJobCases) runCase(provider, c);
        });
      }
      describe('download', () => {
        for (const c of downloadCases(provider)) runCase(provider, c);
      });
    });
  }
});
