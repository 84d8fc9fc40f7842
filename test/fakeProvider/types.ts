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
 * `download` (GET of an audio URL, any provider); `lyrics` is MiniMax's lyrics
 * model (POST /lyrics_generation), which is no stage of a generation but is
 * faulted and delayed the same way.
 */
export type Stage = 'generate' | 'poll' | 'asset' | 'download' | 'lyrics';
export const STAGES: readonly Stage[] = ['generate', 'poll', 'asset', 'download', 'lyrics'];

export type AudioFormat = 'mp3' | 'wav';

export type ScenarioJobStatus = 'pending' | 'queued' | 'warming-up' | 'in-progress' | 'finalizing' | 'success' | 'failure' | 'canceled';
/** The non-terminal statuses, in the order a healthy job walks them. */
export const SCENARIO_WALK: readonly ScenarioJobStatus[] = ['pending', 'queued', 'warming-up', 'in-progress', 'finalizing'];

/**
 * Which error body Cloudflare sends: 'envelope' (classic Workers AI `{success:false, errors:[{code,message}], messages:[], result:null}`),
 * 'gateway' (the model page's `{state:"Failed", error:{code,message}}`), or 'aiGateway' (what REST callers see live from the
 * AI Gateway: `{success:false, result:[], messages:[], error:[{code,message}], name:"AiGatewayError", httpCode, internalCode}`,
 * note the singular key `error` holding an array).
 */
export type CloudflareErrorForm = 'envelope' | 'gateway' | 'aiGateway';

/**
 * Which success body Cloudflare sends. The URL sits at a different depth in each, and a client must accept all of them:
 * - 'rest': what REST callers of `/ai/run` receive live for third-party models:
 *   `{success:true, errors:[], messages:[], result:{state:"Completed", result:{audio}, gatewayMetadata:{keySource:"Unified", …}}}`.
 * - 'gateway': the model page's "raw response", `{gatewayMetadata, result:{audio}, state:"Completed"}` (the binding unwrapped once).
 * - 'binding': what the Worker binding `env.AI.run(…)` returns, a bare `{audio}`.
 * - 'envelope': the classic Workers AI `{result:{audio}, success:true, errors:[], messages:[]}`.
 */
export type CloudflareSuccessForm = 'rest' | 'gateway' | 'binding' | 'envelope';

/** The status codes HTTP allows for a redirect a client should follow. */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

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
  /** generate or lyrics, MiniMax: HTTP 200 (or `status`) with a non-zero `base_resp.status_code`, as MiniMax reports errors. */
  | { readonly kind: 'minimaxBaseResp'; readonly statusCode: number; readonly statusMsg?: string; readonly status?: number }
  /** generate, Cloudflare: the AI Gateway's `{"state":"Failed","error":{…}}`. Default HTTP 200 [?]. */
  | { readonly kind: 'cloudflareGatewayFailed'; readonly code?: number; readonly message?: string; readonly status?: number }
  /**
   * generate, Cloudflare: an error in the AI Gateway's live form (see `CloudflareErrorForm` 'aiGateway'), with `code` as both
   * `error[0].code` and `internalCode`. `Retry-After` only when `retryAfter` is given: the live 2045 spend limit is a 429
   * without one, and a client must not take every 429 for a rate limit. Presets: `CLOUDFLARE_LIVE_ERRORS`.
   */
  | {
      readonly kind: 'cloudflareAiGatewayError';
      readonly status: number;
      readonly code: number;
      readonly message?: string;
      /** Seconds (number) or a raw header value; absent by default. */
      readonly retryAfter?: number | string;
    }
  /**
   * generate, Cloudflare: Unified Billing with the upstream provider refusing Cloudflare's own credentials (changelog, Oct 2026):
   * HTTP 503 (or `status`) and a JSON body with no code at all, `error` a plain string: `{"success":false,"error":"Service Unavailable"}`.
   */
  | { readonly kind: 'cloudflareUnifiedBillingRefused'; readonly status?: number; readonly message?: string }
  /**
   * generate, Cloudflare: HTTP 200 and `success: true`, yet the run failed inside `result`:
   * `{"success":true,"errors":[],"messages":[],"result":{"state":"Failed","error":X}}`, X `{code,message}` ('object', default)
   * or the message alone ('string').
   */
  | { readonly kind: 'cloudflareFailedRun'; readonly errorAs?: 'object' | 'string'; readonly code?: number; readonly message?: string }
  /**
   * generate (any provider, meant for Cloudflare): after `delayMs` (default 50; cancelled if the client goes away) the edge gives up
   * with `status` (default 524 "A timeout occurred", or 504) and Cloudflare's HTML error page naming a Ray ID. Only `cf-ray` comes
   * with it: the edge answered, not the AI Gateway, so there is no `cf-aig-log-id`. The song is still generated and billed upstream.
   */
  | { readonly kind: 'gatewayTimeout'; readonly status?: 524 | 504; readonly delayMs?: number }
  /**
   * download: the file URL redirects (`status`, default 302, on every hop). Without `location`, `hops` (default 1) redirects
   * on the fake itself (`/files/hop/<status>/<left>/<id>.<ext>?<same query>`), then the file. The first Location is
   * path-absolute (`/files/hop/…`); later ones mix absolute URLs and dot-relative references (`../<left>/<id>.<ext>?…`), a
   * 3-hop chain having all three, so a client must resolve each against the URL it just asked for. With `location`, the
   * first hop goes to exactly that string (e.g. `http://example.invalid/x.mp3` or `ftp://…`, to check the client refuses it).
   * `times` counts chains, not hops: hop requests are recorded as download-stage requests, but no fault applies to them and
   * they don't count against any rule.
   */
  | { readonly kind: 'redirect'; readonly hops?: number; readonly status?: RedirectStatus; readonly location?: string }
  /**
   * generate, poll or asset: a JSON answer far larger than any real one, `Content-Type: application/json`, status `status`
   * (default 200). With `bytes`, exactly that many bytes of valid JSON (`{"padding":"xx…x"}`, with Content-Length); without, a
   * chunked body that never ends (`{"padding":"xxx…`) until the client goes away — a client must stop reading on its own.
   */
  | { readonly kind: 'oversizedJson'; readonly bytes?: number; readonly status?: number }
  /**
   * generate: an error answer in the provider's own form (as a `status` fault gives) whose message echoes the request's
   * Authorization header, as some proxies and providers do: `<prefix><header value>`, the value as sent (`encoding` 'raw',
   * the default) or URL-encoded ('url'). Default status 401 (MiniMax: HTTP 200 and base_resp 1004, as it reports auth errors).
   */
  | { readonly kind: 'echoAuthorization'; readonly status?: number; readonly prefix?: string; readonly encoding?: 'raw' | 'url' }
  /** download: the file as usual, but chunked, without a Content-Length (so a client can't know the size in advance). */
  | { readonly kind: 'noContentLength' }
  /** download: 200 `audio/mpeg`, chunked, and the file's bytes repeated for ever, until the client goes away. */
  | { readonly kind: 'endlessAudio' }
  /** download: 200 `audio/mpeg` with a (valid, small) ID3v2 tag followed by an HTML page: the first bytes look like MP3. */
  | { readonly kind: 'id3ThenHtml' }
  /**
   * download: a Content-Length that under-reports: it announces only the first `fraction` (default 0.5) of the file, and
   * exactly that much is sent, cleanly. The transfer looks complete; only the audio's own header (WAV `data` size, the MP3's
   * Info frame count) or the provider's stated duration shows the take is cut short.
   */
  | { readonly kind: 'underReportedLength'; readonly fraction?: number }
  /**
   * download, WAV takes: a complete, well-formed WAV (header and data agree) that lasts only `fraction` (default 0.5) of what
   * the provider said (MiniMax's `extra_info.music_duration`): only that claim shows the song is short. MP3 takes are served
   * as usual.
   */
  | { readonly kind: 'shortAudio'; readonly fraction?: number };

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
  /** Status in the POST response. Default 'queued'. A terminal status here is final: terminal statuses never change (see `reset()`). */
  readonly createdStatus: ScenarioJobStatus;
  /**
   * Name of the job id field [?]: 'jobId' (default), 'id' (one quickstart), 'both', or 'topLevel' (some clients read a
   * top-level id: the POST answers `{jobId, job:{status,…}, creativeUnitsCost}` with no id inside `job`; polls still answer
   * `{job:{jobId,…}}`).
   */
  readonly jobIdField: 'jobId' | 'id' | 'both' | 'topLevel';
  /** Scenario has no format field [?]: the bytes served. Default 'mp3'. */
  readonly audioFormat: AudioFormat;
  /** What the URL extension and Content-Type claim; default = `audioFormat`. Set differently to serve e.g. WAV bytes as ".mp3". */
  readonly labelledAs?: AudioFormat;
  /** Which field carries error messages (official code reads any of them). Default 'message'. */
  readonly errorMessageField: 'reason' | 'message' | 'error' | 'detail';
  /** Default 'traceId'. */
  readonly traceIdField: 'trace_id' | 'traceId';
  /**
   * The words the wire uses for the terminal statuses: 'documented' (default: success, failure, canceled), 'plugin' (the
   * official plugin's other spellings: succeeded, failed, cancelled), or any of the three overridden (e.g. `{success:'completed'}`,
   * `{failure:'error'}`). The fake's own state always uses the documented words.
   */
  readonly statusWords: 'documented' | 'plugin' | ScenarioStatusWords;
}

export interface ScenarioStatusWords {
  readonly success?: string;
  readonly failure?: string;
  readonly canceled?: string;
}

export interface MinimaxSettings {
  /**
   * Where a successful answer puts the audio: 'audio' (default: `data.audio`, a URL when `output_format` is "url"),
   * 'audio_url' (a URL in `data.audio_url` and no `data.audio`, as some clients defensively expect), or 'hex' (hex-encoded
   * bytes in `data.audio` even when a URL was asked for, as seen live on some models). With `output_format` "hex" the
   * audio is hex in `data.audio` whatever this says.
   */
  readonly audioField: 'audio' | 'audio_url' | 'hex';
  /**
   * What the lyrics endpoint answers instead of its defaults (each field alone): `title` for `song_title` (default: the
   * request's title, else "Midnight Drive"), `styleTags` for `style_tags` (default a comma-separated string; an array
   * tests a client that must accept both [?]), `lyrics` (default: a tagged draft, or in edit mode the lyrics sent with a
   * `[Bridge]` appended).
   */
  readonly lyricsAnswer?: { readonly title?: string; readonly styleTags?: string | readonly string[]; readonly lyrics?: string };
}

/**
 * Every answer the Cloudflare API gives (successes, errors, injected Cloudflare faults) carries `cf-ray` and the AI Gateway's
 * `cf-aig-log-id` (26 characters, ULID-like: the id under which the gateway logs lists the request and its cost),
 * `cf-aig-request-id` and `cf-aig-event-id`. Tests read them from the response, or afterwards from `RecordedRequest.logId`
 * / `RecordedRequest.response.headers`. The log id is also `gatewayMetadata.logId` in the 'rest' and 'gateway' success forms.
 */
export interface CloudflareSettings {
  /** Default error body form [?]. Default 'envelope'. */
  readonly errorForm: CloudflareErrorForm;
  /** Success body form; default 'rest', the envelope REST callers observe live. */
  readonly successForm: CloudflareSuccessForm;
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
  readonly minimax?: Partial<MinimaxSettings>;
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

/** What the fake answered, as far as the headers: enough to compare ids the client saw with the ones handed out. */
export interface RecordedResponse {
  readonly status: number;
  /** Lower-case names, as sent (Content-Length excepted). */
  readonly headers: Readonly<Record<string, string | number>>;
}

export interface RecordedRequest extends ParsedRequest {
  /** Undefined for paths no provider serves. */
  readonly provider: ProviderName | undefined;
  readonly stage: Stage | undefined;
  readonly receivedAt: Date;
  /**
   * Filled in when the answer's headers go out (also for answers cut short); stays undefined while the request is held
   * or delayed, and for good when the client went away first or the fault was `neverAnswer`.
   */
  readonly response?: RecordedResponse;
  /**
   * The `cf-aig-log-id` this request was answered with (Cloudflare API requests only; not on a `gatewayTimeout` edge page).
   * Shorthand for `response.headers['cf-aig-log-id']`, so a test can check the client reported the right one.
   */
  readonly logId?: string;
  /** True once the client went away before any answer; the fake then does nothing more for the request (no fault is consumed). */
  readonly abandoned?: boolean;
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
  setMinimax(settings: Partial<MinimaxSettings>): void;
  /** Forgets requests, jobs and files (jobs and files otherwise live as long as the server, so a client can resume later); faults, delays and settings go back to the options given at start. */
  reset(): void;
  /** Stops listening and destroys every open socket, including requests being held open. */
  close(): Promise<void>;
}
