/**
 * Reading provider answers: JSON that may be HTML or garbage, error words
 * that hint at a kind, and transport failures turned into GenerationErrors.
 */
import { cleanId, GenerationError, kindForStatus, PROVIDER_NAMES, type GenerationErrorKind } from '../errors';
import { answerTooLarge, formatBytes, TransportError, type AnswerTooLargeError, type TextResponse } from '../net/http';
import type { ProviderId } from '../schema';

export type Json = unknown;

/** Parses a JSON body, or throws a GenerationError that says what came instead. */
export function parseJson(provider: ProviderId, response: TextResponse, requestId: string | undefined): Json {
  try {
    return JSON.parse(response.text) as Json;
  } catch {
    const name = PROVIDER_NAMES[provider];
    const looksLikeHtml = /^\s*</.test(response.text);
    const kind: GenerationErrorKind = response.status >= 400 ? kindForStatus(response.status) : 'server';
    throw new GenerationError(
      kind,
      looksLikeHtml
        ? `${name} answered with a web page instead of JSON (is the base URL right, or is a proxy in the way?)`
        : `${name} sent a response that is not valid JSON`,
      { provider, status: response.status, requestId },
    );
  }
}

/** Refines a status-based kind with what the provider's words say. */
export function kindFromWords(message: string | undefined, fallback: GenerationErrorKind): GenerationErrorKind {
  if (!message) return fallback;
  if (/sensitive|safety|policy|moderat|nsfw|inappropriate|prohibited/i.test(message)) return 'content-policy';
  if (/credit|billing|balance|insufficient|payment|spend|quota|allocation|usage limit/i.test(message)) return 'quota';
  if (fallback === 'invalid-request' && /unauthori[sz]ed|forbidden|api key|token/i.test(message)) return 'auth';
  return fallback;
}

export interface StepOptions {
  /**
   * The step is the request that starts a generation: once sent, the
   * provider goes on generating (and billing) whether or not we are still
   * listening (a synchronous call runs to its end, a launched Scenario job
   * too), so any failure but a refused connection may have cost a song.
   */
  readonly startsGeneration?: boolean;
  /**
   * A 2xx answer to this step was too large to read (AnswerTooLargeError):
   * called, and awaited, before the failure is thrown, so a generate request
   * whose answer may be a paid song gets its recovery record first.
   */
  readonly onOversizeAnswer?: (tooLarge: AnswerTooLargeError) => Promise<void>;
  /** The request id an over-size answer carries (in its headers, or the start of its body). */
  readonly oversizeRequestId?: (tooLarge: AnswerTooLargeError) => string | undefined;
}

export function transportFailure(provider: ProviderId, error: unknown, what: string, options: StepOptions = {}): GenerationError {
  const failure = transportFailureOf(provider, error, what);
  const tooLarge = answerTooLarge(error);
  if (tooLarge) {
    failure.requestId ??= cleanId(options.oversizeRequestId?.(tooLarge));
    // The answer came: its status says whether the song was accepted (a proxy's web page with 200 says nothing).
    if (options.startsGeneration && (oversizeMayBeSong(tooLarge) || tooLarge.status === 504 || tooLarge.status === 524)) failure.mayBeBilled = true;
  } else if (options.startsGeneration && !(error instanceof GenerationError) && !(error instanceof TransportError && error.reason === 'refused')) {
    failure.mayBeBilled = true;
  }
  return failure;
}

/** An over-size answer that may be the provider's acceptance: a 2xx that is not a (proxy's) web page. */
export function oversizeMayBeSong(tooLarge: AnswerTooLargeError): boolean {
  return tooLarge.status >= 200 && tooLarge.status < 300 && !/^\s*</.test(tooLarge.head);
}

function oversizeFailure(provider: ProviderId, tooLarge: AnswerTooLargeError, what: string): GenerationError {
  const name = PROVIDER_NAMES[provider];
  const size = formatBytes(tooLarge.limit);
  const ok = tooLarge.status >= 200 && tooLarge.status < 300;
  return new GenerationError(
    ok ? 'server' : kindForStatus(tooLarge.status),
    ok
      ? `${name} answered with more than ${size} while ${what}, far more than any real answer, so it was not read to the end`
      : `${name} refused the request while ${what}, with an answer of more than ${size} that was not read to the end`,
    { provider, status: tooLarge.status },
  );
}

function transportFailureOf(provider: ProviderId, error: unknown, what: string): GenerationError {
  const name = PROVIDER_NAMES[provider];
  if (error instanceof GenerationError) return error;
  const tooLarge = answerTooLarge(error);
  if (tooLarge) return oversizeFailure(provider, tooLarge, what);
  if (!(error instanceof TransportError)) {
    return new GenerationError('network', `${name}: ${what} failed: ${error instanceof Error ? error.message : String(error)}`, {
      provider,
      cause: error,
    });
  }
  switch (error.reason) {
    case 'aborted':
      return new GenerationError('canceled', 'Generation canceled', { provider, cause: error });
    case 'timeout':
      return new GenerationError('timeout', `${name} did not answer in time while ${what}`, { provider, cause: error });
    case 'refused':
      return new GenerationError('network', `Could not connect to ${name} while ${what} (connection refused)`, {
        provider,
        cause: error,
      });
    case 'reset':
      return new GenerationError('network', `The connection to ${name} broke while ${what}`, { provider, cause: error });
    default:
      return new GenerationError('network', `${name}: ${what} failed: ${error.message}`, { provider, cause: error });
  }
}

/** A string field from a loosely known object. */
export function stringAt(value: Json, ...path: string[]): string | undefined {
  let current: Json = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, Json>)[key];
  }
  return typeof current === 'string' ? current : typeof current === 'number' ? String(current) : undefined;
}

/** Runs a provider step, turning transport failures into GenerationErrors. */
export async function step<T>(provider: ProviderId, what: string, run: () => Promise<T>, options: StepOptions = {}): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const tooLarge = answerTooLarge(error);
    if (tooLarge && options.onOversizeAnswer && tooLarge.status >= 200 && tooLarge.status < 300) await options.onOversizeAnswer(tooLarge);
    throw transportFailure(provider, error, what, options);
  }
}
