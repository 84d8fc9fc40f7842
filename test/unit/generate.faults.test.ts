/**
 * The fault matrix: every injected fault, per provider where it applies,
 * through `runGeneration` against the fake provider on loopback. Each case
 * asserts the error kind, a message that names the provider and says what
 * happened, how many requests of the faulty stage were made (and that the
 * paid generate request was never sent twice), and what the output folder
 * holds afterwards:
 * - a failure before the provider accepted the song (or a Scenario job that
 *   Scenario itself ended) leaves nothing new: no take, no sidecar, no `.part`;
 * - a failure after it accepted (and billed) the song leaves exactly one
 *   recovery record, which the error points at, and nothing else.
 */
import { strict as assert } from 'node:assert';
import type { GenerationError, GenerationErrorKind } from '../../src/core/errors';
import type { ProviderId } from '../../src/core/schema';
import type { RecoveryAction } from '../../src/core/takes/recoveryRecord';
import { CLOUDFLARE_LIVE_ERRORS, CLOUDFLARE_MODEL, type FakeProvider, type FaultPlan, type FaultRule, type Stage } from '../fakeProvider';
import { assertNothingSaved, assertRecordOnly, expectFailure, startRun, Workspace, type RunSetup, useFakeProvider } from './generateHarness';

interface FaultCase {
  readonly title: string;
  readonly faults: FaultPlan;
  readonly kind: GenerationErrorKind;
  readonly message: RegExp;
  /** Requests the client must have made at this stage (retries included). */
  readonly requests?: readonly [Stage, number];
  /** The stage kept failing and the client kept going: strictly more requests than this were made. */
  readonly moreThan?: readonly [Stage, number];
  readonly setup?: RunSetup;
  /**
   * What the output folder holds afterwards: 'nothing' (the default: the provider never accepted the song, or ended the
   * job itself), or one recovery record allowing this action (the song was accepted and billed).
   */
  readonly leaves?: 'nothing' | RecoveryAction;
  /** For a case that leaves nothing: whether the error says the song may still have been billed (a sync POST lost after it was sent). */
  readonly mayBeBilled?: boolean;
  readonly check?: (error: GenerationError, fake: FakeProvider) => void;
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
/**
 * A Scenario poll that keeps failing is waited out until the whole
 * generation's deadline: a short deadline keeps those cases fast while still
 * leaving room for far more than the 5 polls the client used to give up after.
 */
const POLL_DEADLINE = { timeoutMs: 600 } as const;
/** What the whole-generation deadline says when it ends the wait (formatMinutes rounds to whole seconds). */
const DEADLINE = /No song from Scenario after \d+ s: the generation timed out/;

/** Scenario ended the job itself: nothing to recover, and the error says so. */
function providerEnded(error: GenerationError): void {
  assert.equal(error.providerEnded, true);
  assert.match(error.requestId ?? '', /^job_/);
}

/** The request id is what the AI Gateway logs list the request under (the fake's `cf-aig-log-id`). */
function gatewayLogId(error: GenerationError, fake: FakeProvider): void {
  const logId = fake.requestsFor('generate', 'cloudflare')[0]?.logId;
  assert.ok(logId, 'the fake handed out a log id');
  assert.equal(error.requestId, logId);
}

/** The edge answered, not the gateway: only its `cf-ray` identifies the request. */
function edgeRayId(error: GenerationError, fake: FakeProvider): void {
  const ray = fake.requestsFor('generate', 'cloudflare')[0]?.response?.headers['cf-ray'];
  assert.match(String(ray), /^[0-9a-f]{16}-SJC$/);
  assert.equal(error.requestId, ray);
  assert.match(error.nextStep(), /AI Gateway logs.*before generating again/);
}

/** MiniMax keys and hosts are regional: the advice names the host in use and both regions' hosts. */
function regionHint(error: GenerationError, fake: FakeProvider): void {
  const host = new URL(fake.baseUrls.minimax).host;
  assert.ok(error.advice?.includes(`now ${host}`), `advice names the host: ${error.advice ?? ''}`);
  assert.match(error.advice ?? '', /https:\/\/api\.minimax\.io\/v1.*https:\/\/api\.minimaxi\.com\/v1/);
  assert.equal(error.nextStep(), error.advice, 'the region hint replaces the generic “check the credentials”');
  assert.ok(!error.describe().includes(error.advice ?? '∅'), 'describe() leaves the advice to nextStep()');
}

const generateCases: Readonly<Record<ProviderId, readonly FaultCase[]>> = {
  cloudflare: [
    {
      title: '401',
      faults: { generate: { kind: 'status', status: 401 } },
      kind: 'auth',
      message: /Cloudflare.*API token/,
      requests: ['generate', 1],
      check: gatewayLogId,
    },
    {
      title: '403',
      faults: { generate: { kind: 'status', status: 403 } },
      kind: 'auth',
      message: /account ID or API token.*HTTP 403/,
      requests: ['generate', 1],
    },
    {
      title: '404 (wrong account id or path; code 7003)',
      faults: { generate: { kind: 'status', status: 404 } },
      kind: 'invalid-request',
      message: new RegExp(`^Cloudflare could not find ${CLOUDFLARE_MODEL.replace(/[./]/g, '\\$&')} for this account \\(“7003: Could not route.*HTTP 404`),
      requests: ['generate', 1],
    },
    {
      title: '404 “Model not found” in the AI Gateway’s live form (code 7003)',
      faults: { generate: CLOUDFLARE_LIVE_ERRORS.modelNotFound },
      kind: 'invalid-request',
      message: /^Cloudflare could not find minimax\/music-2\.6 for this account \(“7003: Model not found: minimax\/music-2\.6”, HTTP 404/,
      requests: ['generate', 1],
      check: (error) => assert.match(error.nextStep(), /account ID/),
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
      // An explicit failure is not an acceptance: nothing was generated, so no record.
      title: 'HTTP 200 with {"state":"Failed"} (AI Gateway form; not accepted)',
      faults: { generate: { kind: 'cloudflareGatewayFailed' } },
      kind: 'server',
      message: /Cloudflare.*2001: Provider returned an error: upstream generation failed/,
      requests: ['generate', 1],
      mayBeBilled: false,
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
      message: /daily allocation.*load credits/,
      requests: ['generate', 1],
    },
    {
      title: '429 with the AI Gateway’s spend limit (code 2045, no Retry-After) is quota, not retried',
      faults: { generate: CLOUDFLARE_LIVE_ERRORS.spendLimit },
      kind: 'quota',
      message: /Cloudflare refused the request: the AI Gateway’s spend limit is reached.*2045.*HTTP 429/,
      requests: ['generate', 1],
      check: (error) => assert.match(error.nextStep(), /waiting will not help/),
    },
    {
      title: '500 (not retried: it may have been charged)',
      faults: { generate: { kind: 'status', status: 500 } },
      kind: 'server',
      message: /Cloudflare.*HTTP 500/,
      requests: ['generate', 1],
    },
    {
      title: '503 (not retried)',
      faults: { generate: { kind: 'status', status: 503 } },
      kind: 'server',
      message: /Cloudflare.*HTTP 503/,
      requests: ['generate', 1],
    },
    {
      title: 'HTML instead of JSON (200; not accepted)',
      faults: { generate: { kind: 'html' } },
      kind: 'server',
      message: /Cloudflare answered with a web page.*base URL/,
      requests: ['generate', 1],
    },
    {
      // A proxy's or the edge's error page on the long synchronous call: the edge gave up, the generation may have gone on.
      title: 'HTML error page with 502 (the edge gave up; may be billed)',
      faults: { generate: { kind: 'html', status: 502 } },
      kind: 'timeout',
      message: /^Cloudflare’s edge gave up waiting \(HTTP 502\), but the song may still have been generated and billed/,
      requests: ['generate', 1],
      mayBeBilled: true,
    },
    ...([524, 504] as const).map((status): FaultCase => ({
      title: `the edge’s ${status} timeout page (may still be generated and billed)`,
      faults: { generate: { kind: 'gatewayTimeout', status } },
      kind: 'timeout',
      message: new RegExp(`^Cloudflare’s edge gave up waiting \\(HTTP ${status}\\), but the song may still have been generated and billed`),
      requests: ['generate', 1],
      mayBeBilled: true,
      check: edgeRayId,
    })),
    {
      // A 2xx that is not an explicit failure is an accepted, billed song: the raw answer is kept for a person to read.
      title: 'malformed JSON with 200 (accepted: the answer is kept)',
      faults: { generate: { kind: 'malformedJson' } },
      kind: 'server',
      message: /Cloudflare sent a response that is not valid JSON/,
      requests: ['generate', 1],
      leaves: 'none',
    },
    {
      title: 'connection reset mid-body (not retried; may be billed)',
      faults: { generate: { kind: 'resetMidBody' } },
      kind: 'network',
      message: /connection to Cloudflare broke while generating/,
      requests: ['generate', 1],
      mayBeBilled: true,
    },
    {
      title: 'a server that never answers (bounded by the whole-generation timeout; may be billed)',
      faults: { generate: { kind: 'neverAnswer' } },
      kind: 'timeout',
      message: /No song from \w+ after 0 s.*timed out/,
      requests: ['generate', 1],
      setup: { timeoutMs: 300 },
      mayBeBilled: true,
    },
  ],
  scenario: [
    {
      title: '401',
      faults: { generate: { kind: 'status', status: 401 } },
      kind: 'auth',
      message: /Scenario rejected the API key and secret while submitting/,
      requests: ['generate', 1],
      mayBeBilled: false,
    },
    { title: '403', faults: { generate: { kind: 'status', status: 403 } }, kind: 'auth', message: /Scenario rejected the API key.*HTTP 403/ },
    {
      title: '404',
      faults: { generate: { kind: 'status', status: 404 } },
      kind: 'invalid-request',
      message: /Scenario refused the request.*Not Found.*HTTP 404/,
    },
    {
      title: '429 that persists, with remainingSeconds',
      faults: { generate: { kind: 'status', status: 429, retryAfter: RETRY_AFTER, remainingSeconds: 30 } },
      kind: 'rate-limit',
      message: /Scenario is rate limiting requests; try again in 30 s/,
      requests: ['generate', 5],
      check: (error) => assert.equal(error.retryAfterSeconds, 30),
    },
    {
      title: '500 (not retried)',
      faults: { generate: { kind: 'status', status: 500 } },
      kind: 'server',
      message: /Scenario.*HTTP 500/,
      requests: ['generate', 1],
    },
    {
      title: '503 (not retried)',
      faults: { generate: { kind: 'status', status: 503 } },
      kind: 'server',
      message: /Scenario.*HTTP 503/,
      requests: ['generate', 1],
    },
    {
      title: 'HTML instead of JSON',
      faults: { generate: { kind: 'html' } },
      kind: 'server',
      message: /Scenario answered with a web page/,
      requests: ['generate', 1],
    },
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
    {
      title: '401 (base_resp 1004)',
      faults: { generate: { kind: 'status', status: 401 } },
      kind: 'auth',
      message: /MiniMax rejected the API key.*HTTP 401/,
      requests: ['generate', 1],
    },
    { title: '403 (base_resp 1004)', faults: { generate: { kind: 'status', status: 403 } }, kind: 'auth', message: /MiniMax rejected the API key.*HTTP 403/ },
    { title: '404 (base_resp 1000, unknown)', faults: { generate: { kind: 'status', status: 404 } }, kind: 'invalid-request', message: /MiniMax.*HTTP 404/ },
    {
      title: '429 that persists (base_resp 1002)',
      faults: { generate: { kind: 'status', status: 429, retryAfter: RETRY_AFTER } },
      kind: 'rate-limit',
      message: /MiniMax is rate limiting.*HTTP 429/,
      requests: ['generate', 5],
    },
    {
      title: '500 (not retried)',
      faults: { generate: { kind: 'status', status: 500 } },
      kind: 'server',
      message: /MiniMax.*1024.*HTTP 500/,
      requests: ['generate', 1],
    },
    {
      title: '503 (not retried)',
      faults: { generate: { kind: 'status', status: 503 } },
      kind: 'server',
      message: /MiniMax.*1033.*HTTP 503/,
      requests: ['generate', 1],
    },
    {
      title: 'HTML instead of JSON (not accepted)',
      faults: { generate: { kind: 'html' } },
      kind: 'server',
      message: /MiniMax answered with a web page/,
      requests: ['generate', 1],
    },
    {
      // A 2xx that is neither JSON nor a web page may still be the paid song: accepted, the raw answer kept.
      title: 'malformed JSON with 200 (accepted: the answer is kept)',
      faults: { generate: { kind: 'malformedJson' } },
      kind: 'server',
      message: /MiniMax sent a response that is not valid JSON/,
      requests: ['generate', 1],
      leaves: 'none',
    },
    {
      title: 'connection reset mid-body (not retried; may be billed)',
      faults: { generate: { kind: 'resetMidBody' } },
      kind: 'network',
      message: /connection to MiniMax broke while generating/,
      requests: ['generate', 1],
      mayBeBilled: true,
    },
    {
      title: 'a server that never answers (may be billed)',
      faults: { generate: { kind: 'neverAnswer' } },
      kind: 'timeout',
      message: /No song from \w+ after 0 s/,
      requests: ['generate', 1],
      setup: { timeoutMs: 300 },
      mayBeBilled: true,
    },
    ...(
      [
        [1002, 'rate-limit', /MiniMax is rate limiting this key.*1002 rate limit exceeded/, undefined],
        [1004, 'auth', /MiniMax rejected the API key.*1004 login fail/, regionHint],
        [1008, 'quota', /insufficient balance/, undefined],
        [1026, 'content-policy', /MiniMax flagged the prompt or lyrics as sensitive/, undefined],
        [1027, 'content-policy', /MiniMax flagged the generated song as sensitive/, undefined],
        [2013, 'invalid-request', /MiniMax rejected a parameter.*2013 invalid params/, undefined],
        [2049, 'auth', /The MiniMax API key is invalid.*2049/, regionHint],
        [1000, 'server', /MiniMax reported error 1000.*unknown error/, undefined],
        // MiniMax's own server timed out: its problem, not our timeout setting.
        [1001, 'server', /MiniMax’s own server timed out.*1001 request timeout/, (error: GenerationError) => assert.match(error.nextStep(), /will not help/)],
        [1013, 'server', /MiniMax had an internal service error.*1013/, undefined],
        [2038, 'auth', /MiniMax requires real-name verification.*2038/, (error: GenerationError) => assert.match(error.nextStep(), /real-name verification/)],
      ] as const
    ).map(([code, kind, message, extra]): FaultCase => ({
      // A rate limit charged nothing and is retried like a 429; every other code is final. A non-zero base_resp is never an acceptance.
      title: `HTTP 200 with base_resp.status_code ${code} (${kind === 'rate-limit' ? 'retried like a 429, then given up' : 'not retried'})`,
      faults: { generate: { kind: 'minimaxBaseResp', statusCode: code } },
      kind,
      message,
      requests: ['generate', kind === 'rate-limit' ? 5 : 1],
      mayBeBilled: false,
      check: (error, fake) => {
        assert.match(error.requestId ?? '', /^[0-9a-f]{32}$/, 'the trace_id is kept');
        extra?.(error, fake);
      },
    })),
  ],
};

/** Every case here comes after Scenario returned a job id: the job runs (and bills) whatever happens to our polls. */
const scenarioJobCases: readonly FaultCase[] = [
  {
    title: 'poll 401 (fails at once)',
    faults: { poll: { kind: 'status', status: 401 } },
    kind: 'auth',
    message: /Scenario rejected the API key and secret while checking on the job/,
    requests: ['poll', 1],
    leaves: 'resume',
  },
  {
    title: 'poll 404 (fails at once)',
    faults: { poll: { kind: 'status', status: 404 } },
    kind: 'invalid-request',
    message: /Scenario refused the request while checking on the job/,
    requests: ['poll', 1],
    leaves: 'resume',
  },
  {
    title: 'poll 429 that persists (waited out until the deadline)',
    faults: { poll: { kind: 'status', status: 429, retryAfter: RETRY_AFTER } },
    kind: 'timeout',
    message: DEADLINE,
    moreThan: ['poll', 5],
    setup: POLL_DEADLINE,
    leaves: 'resume',
  },
  {
    title: 'poll 500 that persists (waited out until the deadline, not given up after 5)',
    faults: { poll: { kind: 'status', status: 500 } },
    kind: 'timeout',
    message: DEADLINE,
    moreThan: ['poll', 5],
    setup: POLL_DEADLINE,
    leaves: 'resume',
  },
  {
    title: 'poll 503 that persists (waited out until the deadline)',
    faults: { poll: { kind: 'status', status: 503 } },
    kind: 'timeout',
    message: DEADLINE,
    moreThan: ['poll', 5],
    setup: POLL_DEADLINE,
    leaves: 'resume',
  },
  {
    title: 'poll HTML (fails at once)',
    faults: { poll: { kind: 'html' } },
    kind: 'server',
    message: /Scenario answered with a web page/,
    requests: ['poll', 1],
    leaves: 'resume',
  },
  {
    title: 'poll malformed JSON (fails at once)',
    faults: { poll: { kind: 'malformedJson' } },
    kind: 'server',
    message: /not valid JSON/,
    requests: ['poll', 1],
    leaves: 'resume',
  },
  {
    title: 'poll reset that persists (waited out until the deadline)',
    faults: { poll: { kind: 'resetMidBody' } },
    kind: 'timeout',
    message: DEADLINE,
    moreThan: ['poll', 5],
    setup: POLL_DEADLINE,
    leaves: 'resume',
  },
  {
    // Each poll times out on its headers (~0.5–1 s with undici's coarse timers); polling goes on until the deadline.
    title: 'polls that never answer (each timed out, polling goes on until the deadline)',
    faults: { poll: { kind: 'neverAnswer' } },
    kind: 'timeout',
    message: DEADLINE,
    moreThan: ['poll', 1],
    setup: { ...NEVER, timeoutMs: 2_500 },
    leaves: 'resume',
  },
  {
    title: 'job failure (Scenario ended it: nothing to recover)',
    faults: { poll: { kind: 'jobFailure', after: 1, hint: 'Try a shorter prompt' } },
    kind: 'server',
    message: /Scenario could not generate the song.*the model could not produce audio.*Try a shorter prompt/,
    check: providerEnded,
  },
  {
    title: 'job failure whose words are about content',
    faults: { poll: { kind: 'jobFailure', error: 'Prompt rejected by the NSFW filter' } },
    kind: 'content-policy',
    message: /Scenario could not generate the song.*NSFW/,
    check: providerEnded,
  },
  {
    title: 'job canceled on Scenario’s side (nothing to recover)',
    faults: { poll: { kind: 'jobCanceled', after: 2 } },
    kind: 'canceled',
    message: /The job was canceled on Scenario’s side/,
    check: providerEnded,
  },
  {
    title: 'a job that never finishes (bounded by the whole-generation timeout)',
    faults: { poll: { kind: 'jobNeverFinishes' } },
    kind: 'timeout',
    message: /No song from \w+ after 0 s.*timed out/,
    setup: { timeoutMs: 300 },
    leaves: 'resume',
  },
  {
    title: 'asset 404',
    faults: { asset: { kind: 'status', status: 404 } },
    kind: 'invalid-request',
    message: /Scenario refused the request while fetching the audio’s address/,
    leaves: 'resume',
  },
  {
    title: 'asset 500 that persists',
    faults: { asset: { kind: 'status', status: 500 } },
    kind: 'server',
    message: /Scenario.*HTTP 500/,
    requests: ['asset', 5],
    leaves: 'resume',
  },
  { title: 'asset HTML', faults: { asset: { kind: 'html' } }, kind: 'server', message: /web page/, leaves: 'resume' },
  {
    title: 'asset never answers',
    faults: { asset: { kind: 'neverAnswer' } },
    kind: 'timeout',
    message: /Scenario did not answer in time while fetching the audio’s address/,
    requests: ['asset', 1],
    setup: NEVER,
    leaves: 'resume',
  },
];

/** A refused or expired link: the paid song may still be downloadable from it, so the advice is to retry the download, never to generate again. */
function retryDownloadAdvice(error: GenerationError): void {
  assert.match(error.nextStep(), /^Retry the download; if the link has expired .*the paid song can’t be downloaded any more\.$/);
  assert.doesNotMatch(error.describe(), /Retry the download|generate it again/, 'describe() leaves the advice to nextStep()');
}

/** Every download fault comes after the provider gave a URL: the record keeps it, so the download can be retried for free. */
function downloadCases(provider: ProviderId): FaultCase[] {
  const cases: FaultCase[] = [
    {
      title: 'expired asset URL (403 "Request has expired")',
      faults: { download: { kind: 'expiredUrl' } },
      kind: 'server',
      message: /generated the song, but its download link was refused \(it may have expired\) \(HTTP 403/,
      requests: ['download', 1],
      check: retryDownloadAdvice,
    },
    {
      title: '404 on download',
      faults: { download: { kind: 'status', status: 404 } },
      kind: 'server',
      message: /download link was refused \(it may have expired\) \(HTTP 404/,
      requests: ['download', 1],
      check: retryDownloadAdvice,
    },
    {
      title: '500 on download that persists',
      faults: { download: { kind: 'status', status: 500 } },
      kind: 'server',
      message: /generated the song, but downloading it failed.*HTTP 500/,
      requests: ['download', 5],
      check: (error) => assert.match(error.nextStep(), /^Retry the download later; it costs nothing\.$/),
    },
    {
      title: 'truncated download that persists (retried, then reported)',
      faults: { download: { kind: 'truncated' } },
      kind: 'network',
      message: /broke while downloading the audio/,
      requests: ['download', 5],
    },
    {
      title: 'reset mid-download that persists',
      faults: { download: { kind: 'resetMidBody' } },
      kind: 'network',
      message: /broke while downloading the audio/,
      requests: ['download', 5],
    },
    {
      title: 'HTML served as audio',
      faults: { download: { kind: 'htmlAsAudio' } },
      kind: 'bad-audio',
      message: /sent something that is not MP3 or WAV audio/,
      requests: ['download', 1],
    },
    {
      title: 'never answers the download',
      faults: { download: { kind: 'neverAnswer' } },
      kind: 'timeout',
      message: /did not answer in time while downloading/,
      requests: ['download', 1],
      setup: NEVER,
    },
  ];
  return cases.map((c) => ({ ...c, leaves: 'download', faults: { download: { ...(c.faults.download as FaultRule), provider } } }));
}

describe('Generate fault matrix (runGeneration ↔ fake provider on loopback)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  function runCase(provider: ProviderId, c: FaultCase): void {
    const leaves = c.leaves ?? 'nothing';
    it(`${c.title} → ${c.kind}${leaves === 'nothing' ? '' : `, record (${leaves})`}`, async () => {
      fake.setFaults(c.faults);
      const run = startRun(fake, workspace, provider, c.setup);
      const error = await expectFailure(run, provider, c.kind, c.message);
      c.check?.(error, fake);
      if (c.requests) {
        const [stage, count] = c.requests;
        assert.equal(fake.requestsFor(stage, provider).length, count, `${stage} requests`);
      }
      if (c.moreThan) {
        const [stage, count] = c.moreThan;
        const made = fake.requestsFor(stage, provider).length;
        assert.ok(made > count, `more than ${count} ${stage} requests, got ${made}`);
      }
      if (c.requests?.[0] !== 'generate') assert.equal(fake.requestsFor('generate', provider).length, 1, 'the paid generate request was sent once');

      if (leaves === 'nothing') {
        assertNothingSaved(workspace);
        assert.equal(error.recovery, undefined, 'no record to point at');
        if (c.mayBeBilled !== undefined) assert.equal(error.mayBeBilled, c.mayBeBilled, 'mayBeBilled');
        return;
      }
      const record = assertRecordOnly(workspace, error, leaves);
      assert.equal(record.provider, provider);
      assert.equal(record.reason, error.describe(), 'the record says why the take was not saved');
      if (leaves === 'download') {
        const served = fake.requestsFor('download', provider)[0];
        assert.ok(served, 'a download was attempted');
        assert.ok(
          record.audioUrls.some((url) => new URL(url).pathname === served.path),
          `the record keeps the URL that was tried (${served.path}) in ${record.audioUrls.join(', ')}`,
        );
      } else if (leaves === 'resume') {
        assert.match(record.jobId ?? '', /^job_/);
        assert.ok(
          fake.requestsFor('poll', 'scenario').every((poll) => poll.path.endsWith(`/jobs/${record.jobId ?? ''}`)),
          'the record keeps the job that was polled',
        );
        assert.deepEqual(record.audioUrls, []);
      } else {
        assert.ok(record.answer, 'the raw answer is kept for a person to read');
        assert.deepEqual(record.audioUrls, []);
      }
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
