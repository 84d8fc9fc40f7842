/**
 * Public types of the fake provider: providers, stages, faults, options and
 * the recorded-request shape tests assert on.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Tone } from './audio';

export type ProviderName = 'cloudflare' | 'scenario' | 'minimax';

/**
 * Where a request sits in a generation: `generate` (the POST of every provider),
 * `poll` (Scenario's GET /jobs/:id), `asset` (Scenario's GET /assets/:id) and
 * `download` (GET of an audio URL, any provider).
 */
export type Stage = 'generate' | 'poll' | 'asset' | 'download';
export const STAGES: readonly Stage[] = ['generate', 'poll', 'asset', 'download'];

export type AudioFormat = 'mp3' | 'wav';

export type ScenarioJobStatus = 'pending' | 'queued' | 'warming-up' | 'in-progress' | 'finalizing' | 'success' | 'failure' | 'canceled';
/** The non-terminal statuses, in the order a healthy job walks them. */
export const SCENARIO_WALK: readonly ScenarioJobStatus[] = ['pending', 'queued', 'warming-up', 'in-progress', 'finalizing'];

/** Cloudflare's documentation leaves open which error body comes back [?]; the fake can send either. */
export type CloudflareErrorForm = 'envelope' | 'gateway';

/** What goes wrong. Which kinds make sense depends on the stage; `setFaults` rejects the others. */
export type Fault =
  /**
   * The given HTTP status with the provider's own error body (S3-style XML on `download`).
   * For MiniMax the body carries a matching non-zero `base_resp` code.
   */
  | {
      readonly kind: 'status';
      readonly status: number;
      /** `Retry-After`: seconds (number) or a raw header value (e.g. an HTTP date). Default 1 on 429, absent otherwise; null omits it. */
      readonly retryAfter?: number | string | null;
      /** Scenario 429 bodies may carry this. */
      readonly remainingSeconds?: number;
      readonly message?: string;
      /** Cloudflare only; default from `cloudflare.errorForm`. */
      readonly cloudflareErrorForm?: CloudflareErrorForm;
    }
  /** An HTML page (a proxy's error page, a captive portal) where JSON was expected. Default status 200, the case a status check alone misses. */
  | { readonly kind: 'html'; readonly status?: number }
  /** `Content-Type: application/json` but the body doesn't parse. Default status 200. */
  | { readonly kind: 'malformedJson'; readonly status?: number }
  /** Headers and part of the body are sent, then the socket is destroyed. */
  | { readonly kind: 'resetMidBody' }
  /** The request is held open until the client gives up or the server closes. */
  | { readonly kind: 'neverAnswer' }
  /** poll: the job ends in `failure` (sticky for that job). */
  | { readonly kind: 'jobFailure'; readonly error?: string; readonly hint?: string }
  /** poll: the job ends in `canceled` (sticky for that job). */
  | { readonly kind: 'jobCanceled' }
  /** poll: the job stays `in-progress` forever, progress creeping towards but never reaching 1 (sticky). */
  | { readonly kind: 'jobNeverFinishes' }
  /** download: 403 with S3's "Request has expired" XML. */
  | { readonly kind: 'expiredUrl' }
  /** download: Content-Length announces the whole file, about `fraction` (default 0.5) is sent, then the socket ends. */
  | { readonly kind: 'truncated'; readonly fraction?: number }
  /** download: 200 with an HTML body (e.g. a CDN's login page) instead of audio. */
  | { readonly kind: 'htmlAsAudio' }
  /** generate, MiniMax: HTTP 200 (or `status`) with a non-zero `base_resp.status_code`, as MiniMax reports errors. */
  | { readonly kind: 'minimaxBaseResp'; readonly statusCode: number; readonly statusMsg?: string; readonly status?: number }
  /** generate, Cloudflare: the AI Gateway's `{"state":"Failed","error":{…}}`. Default HTTP 200 [?]. */
  | { readonly kind: 'cloudflareGatewayFailed'; readonly code?: number; readonly message?: string; readonly status?: number };

export type FaultKind = Fault['kind'];

/** When a fault applies. Counts are of requests of that stage (and provider, if given) since the rule was set. */
export interface FaultScope {
  /** Apply to this many matching requests, then stop (so retries can recover). Default: all. */
  readonly times?: number;
  /** Let this many matching requests through untouched first. Default 0. */
  readonly after?: number;
  /** Only requests for this provider. Default: any provider. */
  readonly provider?: ProviderName;
}

export type FaultRule = Fault & FaultScope;

/**
 * Faults per stage. A list is tried in order for each request: the first rule
 * still in its window applies, e.g. `[{kind:'status',status:429,times:1},{kind:'resetMidBody',times:1}]`
 * gives a 429, then a reset, then normal service.
 */
export type FaultPlan = Partial<Record<Stage, FaultRule | readonly FaultRule[]>>;

/** Milliseconds to wait before answering, per stage; a number for every provider or one per provider. */
export type DelayPlan = Partial<Record<Stage, number | Partial<Record<ProviderName, number>>>>;

export interface FakeCredentials {
  readonly cloudflare: { readonly accountId: string; readonly apiToken: string };
  readonly scenario: { readonly apiKey: string; readonly apiSecret: string };
  readonly minimax: { readonly apiKey: string };
}

export interface AudioSettings {
  /** Length of generated WAV takes. Default 3 s. */
  readonly wavSeconds: number;
  /** Default 2. */
  readonly wavChannels: number;
  /** When set, WAV takes are exactly this many bytes whatever `wavSeconds` says (for large-download tests). */
  readonly wavTotalBytes?: number;
  readonly tone: Tone;
  /** Default: test/fixtures/audio/take.mp3. */
  readonly mp3Path?: string;
}

export interface ScenarioSettings {
  /** Polls spent in each non-terminal status before moving on; a number for all, or per status. Default 1. */
  readonly pollsPerStatus: number | Partial<Record<ScenarioJobStatus, number>>;
  /** Status in the POST response. Default 'queued'. */
  readonly createdStatus: ScenarioJobStatus;
  /** Name of the job id field [?]: 'jobId' (default), 'id' (one quickstart), or both. */
  readonly jobIdField: 'jobId' | 'id' | 'both';
  /** Scenario has no format field [?]: the bytes served. Default 'mp3'. */
  readonly audioFormat: AudioFormat;
  /** What the URL extension and Content-Type claim; default = `audioFormat`. Set differently to serve e.g. WAV bytes as ".mp3". */
  readonly labelledAs?: AudioFormat;
  /** Which field carries error messages (official code reads any of them). Default 'message'. */
  readonly errorMessageField: 'reason' | 'message' | 'error' | 'detail';
  /** Default 'traceId'. */
  readonly traceIdField: 'trace_id' | 'traceId';
}

export interface CloudflareSettings {
  /** Default error body form [?]. Default 'envelope'. */
  readonly errorForm: CloudflareErrorForm;
  /**
   * Success body: 'gateway' (the model page's `{gatewayMetadata, result:{audio}, state:"Completed"}`, default)
   * or 'envelope' (the classic Workers AI `{result:{audio}, success:true, errors:[], messages:[]}`).
   */
  readonly successForm: 'gateway' | 'envelope';
}

export interface FakeProviderOptions {
  /** Default 0: any free port. Always bound to 127.0.0.1. */
  readonly port?: number;
  readonly credentials?: Partial<FakeCredentials>;
  readonly faults?: FaultPlan;
  readonly delaysMs?: DelayPlan;
  readonly audio?: Partial<AudioSettings>;
  readonly scenario?: Partial<ScenarioSettings>;
  readonly cloudflare?: Partial<CloudflareSettings>;
}

/** A request as the provider handlers see it. */
export interface ParsedRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/scenario/v1/jobs/job_abc`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Node lower-cases header names. */
  readonly headers: IncomingHttpHeaders;
  /** The body as text ('' when none). */
  readonly rawBody: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  readonly body: unknown;
}

export interface RecordedRequest extends ParsedRequest {
  /** Undefined for paths no provider serves. */
  readonly provider: ProviderName | undefined;
  readonly stage: Stage | undefined;
  readonly receivedAt: Date;
}

export interface FakeProvider {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** What a client uses in place of each provider's real base URL. */
  readonly baseUrls: Readonly<Record<ProviderName, string>>;
  readonly credentials: FakeCredentials;
  /** Every request received, oldest first (live: grows as requests arrive). */
  readonly requests: readonly RecordedRequest[];
  /** Requests of one stage (and provider, if given). */
  requestsFor(stage: Stage, provider?: ProviderName): RecordedRequest[];
  /** Replaces all faults; counts for `times`/`after` restart. */
  setFaults(plan: FaultPlan): void;
  setDelays(plan: DelayPlan): void;
  setAudio(settings: Partial<AudioSettings>): void;
  setScenario(settings: Partial<ScenarioSettings>): void;
  setCloudflare(settings: Partial<CloudflareSettings>): void;
  /** Forgets requests, jobs and files; faults, delays and settings go back to the options given at start. */
  reset(): void;
  /** Stops listening and destroys every open socket, including requests being held open. */
  close(): Promise<void>;
}
