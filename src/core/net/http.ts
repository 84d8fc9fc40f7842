/**
 * HTTP for the provider clients, on undici.
 *
 * Retries are a small loop here rather than undici's RetryAgent, because the
 * rules are about money and files: the generate POST may only be repeated
 * when it provably never reached the provider (connection refused) or was
 * turned away with 429, every attempt must appear in the request log, waits
 * need jitter and must end at once on cancel, and a download that fails half
 * way must restart its temporary file under the pipeline's control.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { redactUrl, type RequestLogger } from './redact';

export interface Timeouts {
  /** Establishing a TCP/TLS connection. */
  readonly connectMs: number;
  /** No bytes for this long while a body (JSON or audio) is arriving aborts it. */
  readonly idleMs: number;
  /** Waiting for the response headers of a poll or asset request. */
  readonly pollHeadersMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, idleMs: 30_000, pollHeadersMs: 30_000 };

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Longer Retry-After waits are reported to the user rather than waited out. */
export const MAX_RETRY_AFTER_SECONDS = 60;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * `submit`: the request that starts a (paid) generation — retried only when
 * it cannot have been received. `idempotent`: polls, asset look-ups and
 * downloads — retried on 429, 5xx and connection failures.
 */
export type RetryMode = 'submit' | 'idempotent';

export interface HttpSession {
  readonly dispatcher: Dispatcher;
  readonly signal: AbortSignal;
  readonly log: RequestLogger;
  readonly timeouts: Timeouts;
  readonly retry: RetryPolicy;
  /** Injected for tests of the backoff; defaults to Math.random. */
  readonly random: () => number;
}

export function createSession(options: { signal: AbortSignal; log: RequestLogger; timeouts?: Partial<Timeouts>; retry?: Partial<RetryPolicy> }): HttpSession {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  return {
    dispatcher: new Agent({ connect: { timeout: timeouts.connectMs } }),
    signal: options.signal,
    log: options.log,
    timeouts,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    random: Math.random,
  };
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Dispatcher.ResponseData['body'];
}

export interface TextResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly mode: RetryMode;
  /** Headers timeout: a synchronous generate call may take minutes, a poll may not. */
  readonly headersTimeoutMs: number;
  /** Reads the provider's request id from a response, for the log. */
  readonly requestIdOf?: (headers: TextResponse['headers'], text?: string) => string | undefined;
  /**
   * What the body says about retrying, where the status alone misleads: true
   * for a rejection that charged nothing but is not a 429 (MiniMax's rate
   * limit arrives as HTTP 200), false for a 429 that waiting cannot fix (an
   * exhausted allocation). Undefined leaves it to the status.
   */
  readonly retryHint?: (response: TextResponse) => boolean | undefined;
  /** Overrides the session's attempts (1: the caller handles failures itself, as Scenario's polling does). */
  readonly maxAttempts?: number;
  /**
   * The most bytes of body read as text (default MAX_ANSWER_BYTES). The body
   * is counted as it arrives and the read stops there, so an answer that
   * never ends costs this much memory and no more.
   */
  readonly maxBytes?: number;
}

/**
 * A provider's JSON answer is a few KB; this is far above any real one. An
 * answer past it is not read on (see AnswerTooLargeError). MiniMax's generate
 * answer, which may hold the whole song as hex, has its own bound.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * Thrown by a `consume` callback for a failure that is not the network's
 * (our disk is full, the body is far too large): passed through untouched,
 * never retried, never classified as a transport failure.
 */
export class ConsumerError extends Error {
  override readonly name = 'ConsumerError';
  constructor(readonly inner: Error) {
    super(inner.message, { cause: inner });
  }
}

/**
 * An answer longer than the request allowed (RequestSpec.maxBytes): reading
 * stopped there. Carries what is known — the status, the headers and the
 * first part of the body — because a 2xx answer to a generate request may
 * still be a paid song that the recovery record must keep.
 */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';
  constructor(
    readonly status: number,
    readonly headers: TextResponse['headers'],
    /** The start of the body (at most HEAD_KEPT_BYTES of it), as text. */
    readonly head: string,
    readonly limit: number,
  ) {
    super(`the answer is larger than ${formatBytes(limit)}`);
  }
}

/** How much of an over-size answer is kept: as much as a recovery record keeps of any answer. */
const HEAD_KEPT_BYTES = 64 * 1024;

/** "8 MB", "400 MB", "512 KB": for messages about bounds. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The AnswerTooLargeError behind an error, if that is what it is. */
export function answerTooLarge(error: unknown): AnswerTooLargeError | undefined {
  if (error instanceof AnswerTooLargeError) return error;
  if (error instanceof ConsumerError && error.inner instanceof AnswerTooLargeError) return error.inner;
  return undefined;
}

/**
 * Reads a body as UTF-8 text, counting bytes as they arrive and stopping at
 * `limit`: what undici's own `.text()` would grow without bound.
 */
async function readTextBounded(response: HttpResponse, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) {
      const head = Buffer.concat(chunks).subarray(0, HEAD_KEPT_BYTES).toString('utf8');
      throw new ConsumerError(new AnswerTooLargeError(response.status, response.headers, head, limit));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, received).toString('utf8');
}

/** A failure below HTTP: the connection, a timeout, or the caller's abort. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly reason: 'refused' | 'reset' | 'timeout' | 'aborted' | 'other',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function classifyTransportError(error: unknown, signal: AbortSignal): TransportError {
  if (error instanceof TransportError) return error;
  if (signal.aborted) return new TransportError('aborted', 'aborted', { cause: error });
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ECONNREFUSED') return new TransportError('refused', 'connection refused', { cause: error });
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'ETIMEDOUT'
  ) {
    return new TransportError('timeout', 'no answer in time', { cause: error });
  }
  if (error instanceof undiciErrors.SocketError || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return new TransportError('reset', 'connection reset', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError('other', message, { cause: error });
}

function isRetryableStatus(status: number, mode: RetryMode): boolean {
  return status === 429 || (mode === 'idempotent' && (status === 500 || status === 502 || status === 503 || status === 504));
}

function isRetryableTransport(error: TransportError, mode: RetryMode): boolean {
  if (error.reason === 'aborted') return false;
  // A refused connection never carried the request; anything later might have.
  if (mode === 'submit') return error.reason === 'refused';
  return error.reason === 'refused' || error.reason === 'reset' || error.reason === 'timeout';
}

/** Seconds from a Retry-After header (seconds or an HTTP date). */
export function retryAfterSeconds(headers: TextResponse['headers'], now = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** Exponential backoff with full jitter, never shorter than what the server asked for. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number, serverAskedSeconds?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(jittered, (serverAskedSeconds ?? 0) * 1000);
}

/** Waits `ms`; a cancel ends the wait at once with the TransportError a canceled request gets, so callers handle one kind of abort. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch((error: unknown) => {
    throw classifyTransportError(error, signal);
  });
}

/**
 * Sends a request with retries and returns the final response with its
 * body read as text. Statuses are returned, not thrown: the provider decides
 * what a 4xx means. Transport failures that outlast the retries throw.
 */
export async function sendForText(session: HttpSession, spec: RequestSpec): Promise<TextResponse> {
  return withRetries(session, spec, async (response) => ({
    status: response.status,
    headers: response.headers,
    text: await readTextBounded(response, spec.maxBytes ?? MAX_ANSWER_BYTES),
  }));
}

/**
 * Sends a request with retries; `consume` reads the body. A failure while
 * consuming (a reset mid-body) counts as a failed attempt, like a failure
 * before the headers, so downloads and JSON bodies are retried alike.
 */
export async function withRetries<T extends { status: number; headers: TextResponse['headers'] }>(
  session: HttpSession,
  spec: RequestSpec,
  consume: (response: HttpResponse, attempt: number) => Promise<T>,
): Promise<T> {
  const safeUrl = redactUrl(spec.url);
  const maxAttempts = spec.maxAttempts ?? session.retry.maxAttempts;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let result: T;
    try {
      const response = await request(spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        signal: session.signal,
        dispatcher: session.dispatcher,
        headersTimeout: spec.headersTimeoutMs,
        bodyTimeout: session.timeouts.idleMs,
      });
      try {
        result = await consume({ status: response.statusCode, headers: response.headers, body: response.body }, attempt);
      } catch (error) {
        // Make sure the socket is released before deciding what to do. The abort this causes
        // surfaces as an 'error' on the body; with no listener it would crash the process.
        response.body.on('error', () => undefined);
        response.body.destroy();
        throw error;
      }
    } catch (error) {
      if (error instanceof ConsumerError) {
        // Not retried, but still a request the user may want to find in the log.
        const tooLarge = answerTooLarge(error);
        session.log({
          method: spec.method,
          url: safeUrl,
          status: tooLarge?.status,
          durationMs: performance.now() - started,
          requestId: tooLarge ? spec.requestIdOf?.(tooLarge.headers) : undefined,
          attempt,
          error: error.message,
        });
        throw error;
      }
      const transport = classifyTransportError(error, session.signal);
      session.log({
        method: spec.method,
        url: safeUrl,
        durationMs: performance.now() - started,
        attempt,
        error: transport.message,
      });
      if (!isRetryableTransport(transport, spec.mode) || attempt >= maxAttempts) throw transport;
      await delay(backoffMs(attempt, session.retry, session.random), session.signal);
      continue;
    }

    const text = 'text' in result && typeof result.text === 'string' ? result.text : undefined;
    session.log({
      method: spec.method,
      url: safeUrl,
      status: result.status,
      durationMs: performance.now() - started,
      requestId: spec.requestIdOf?.(result.headers, text),
      attempt,
    });
    const hint = text !== undefined ? spec.retryHint?.({ status: result.status, headers: result.headers, text }) : undefined;
    if (!(hint ?? isRetryableStatus(result.status, spec.mode)) || attempt >= maxAttempts) return result;
    const askedSeconds = retryAfterSeconds(result.headers);
    // A server that asks for a long pause gets its answer passed on ("try again in …") instead of a frozen progress bar.
    if (askedSeconds !== undefined && askedSeconds > MAX_RETRY_AFTER_SECONDS) return result;
    await delay(backoffMs(attempt, session.retry, session.random, askedSeconds), session.signal);
  }
}

export function headerValue(headers: TextResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
