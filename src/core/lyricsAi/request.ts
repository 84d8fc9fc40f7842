/**
 * MiniMax's lyrics model (`POST {base}/lyrics_generation`, $0.01 a call, on
 * the user's MiniMax key): `write_full_song` drafts a song from a prompt,
 * `edit` revises or continues the lyrics it is given following the prompt.
 * Wire format in ../shared/providers.md; errors are MiniMax's `base_resp`
 * codes, turned into the same typed GenerationErrors as Generate Song's.
 *
 * What comes back is data from a provider: the lyrics are cleaned line by
 * line like any provider text (no escape sequences, control or bidi
 * characters), the title and style tags too, and nothing is cut: a draft
 * longer than the music model takes is shown with the usual diagnostic.
 */
import { GenerationError, kindForStatus, type GenerationErrorKind } from '../errors';
import { MAX_TIMEOUT_MINUTES } from '../generate/timeout';
import { createSession, headerValue, retryAfterSeconds, sendForText, type RetryPolicy, type Timeouts } from '../net/http';
import { cleanText, providerText, secretForms, type RequestLogger } from '../net/redact';
import { minimaxKind, minimaxRegionHint } from '../providers/minimax';
import { kindFromWords, parseJson, step, stringAt, type Json } from '../providers/responses';
import { LYRICS_LIMIT, PROMPT_LIMIT } from '../schema';
import { countCodePoints } from '../text';

/** What the command asks for: a draft from a prompt, or an edit of lyrics following an instruction (the prompt). */
export type LyricsRequest =
  | { readonly mode: 'write_full_song'; readonly prompt: string; readonly title?: string | undefined }
  | { readonly mode: 'edit'; readonly prompt: string; readonly lyrics: string; readonly title?: string | undefined };

/** What the lyrics model wrote, cleaned. */
export interface LyricsAnswer {
  /** `song_title`; undefined when it sent none. */
  readonly title: string | undefined;
  /** `style_tags`, one entry per tag ("Synthwave", "Female Vocals"). */
  readonly styleTags: readonly string[];
  /** The lyrics, lines joined with `\n`, no leading or trailing blank line; never empty. */
  readonly lyrics: string;
}

/** The request body: no `model` (the endpoint has none), `lyrics` only in edit mode, `title` only when there is one. */
export function lyricsBody(request: LyricsRequest): Record<string, string> {
  return {
    mode: request.mode,
    prompt: request.prompt,
    ...(request.mode === 'edit' ? { lyrics: request.lyrics } : {}),
    ...(request.title?.trim() ? { title: request.title } : {}),
  };
}

/** Why MiniMax would refuse the request, checked before anything is sent (and paid); undefined when it may go. */
export function lyricsRequestProblem(request: LyricsRequest): string | undefined {
  const promptLength = countCodePoints(request.prompt);
  if (promptLength > PROMPT_LIMIT) {
    return `the ${request.mode === 'edit' ? 'instruction' : 'prompt'} is ${promptLength.toLocaleString('en-US')} characters; MiniMax's lyrics model takes at most ${PROMPT_LIMIT.toLocaleString('en-US')}`;
  }
  if (request.mode === 'edit') {
    const lyricsLength = countCodePoints(request.lyrics);
    if (lyricsLength === 0) return 'there are no lyrics to rewrite';
    if (lyricsLength > LYRICS_LIMIT) {
      return `the lyrics are ${lyricsLength.toLocaleString('en-US')} characters as sent; MiniMax's lyrics model edits at most ${LYRICS_LIMIT.toLocaleString('en-US')}`;
    }
  }
  return undefined;
}

/** Where and how the request goes. */
export interface LyricsSessionOptions {
  /** Already checked with checkBaseUrl (https, or http on loopback). */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The whole call's bound; capped at the settings' maximum. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly log?: RequestLogger | undefined;
  /** What a timeout's advice tells the user to raise (the CLI names its environment variable). */
  readonly timeoutSetting?: string | undefined;
  readonly timeouts?: Partial<Timeouts> | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
}

/** A lyrics answer is a few KB; far more than that is not lyrics, and is not read on. */
export const MAX_LYRICS_ANSWER_BYTES = 1024 * 1024;

/** Messages for the codes a lyrics call meets; the kind (and its advice) come from minimaxKind, as for music. */
const MESSAGES: Partial<Record<number, string>> = {
  1002: 'MiniMax is rate limiting this key',
  1004: 'MiniMax rejected the API key',
  1008: 'The MiniMax account has insufficient balance',
  1026: 'MiniMax flagged the prompt or lyrics as sensitive',
  1027: 'MiniMax flagged the lyrics it wrote as sensitive',
  2013: 'MiniMax’s lyrics model rejected a parameter',
  2049: 'The MiniMax API key is invalid',
  2056: 'The MiniMax usage limit is reached',
};

/** Advice where the kind's own (written for songs: "check the song's settings") would mislead. */
function adviceFor(kind: GenerationErrorKind, code: number | undefined, baseUrl: string): string | undefined {
  if (code === 1004 || code === 2049) return minimaxRegionHint(baseUrl);
  if (kind === 'invalid-request') {
    return `Check the prompt (at most ${PROMPT_LIMIT.toLocaleString('en-US')} characters) and the lyrics (at most ${LYRICS_LIMIT.toLocaleString('en-US')}).`;
  }
  if (kind === 'content-policy') return 'Rephrase the prompt, the instruction or the lyrics.';
  return undefined;
}

/**
 * Sends one lyrics request and returns what the model wrote, or throws a
 * GenerationError (provider `minimax`) that says what went wrong and what to
 * do, the key hidden in all of it. Sent once: like a song, a call that
 * reached MiniMax is billed, so only a refused connection or a rate limit is
 * retried.
 */
export async function requestLyrics(request: LyricsRequest, options: LyricsSessionOptions): Promise<LyricsAnswer> {
  const timeoutMs = Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? Math.min(options.timeoutMs, MAX_TIMEOUT_MINUTES * 60_000) : 60_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const session = createSession({ signal, log: options.log ?? (() => undefined), timeouts: options.timeouts, retry: options.retry });
  try {
    const response = await step('minimax', 'writing lyrics', () =>
      sendForText(session, {
        method: 'POST',
        url: `${options.baseUrl}/lyrics_generation`,
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(lyricsBody(request)),
        mode: 'submit',
        headersTimeoutMs: 0, // bounded by the whole call's timeout instead
        maxBytes: MAX_LYRICS_ANSWER_BYTES,
        requestIdOf: (headers) => headerValue(headers, 'trace-id'),
        // MiniMax reports its rate limits as HTTP 200 with a base_resp code: as safe to retry as a 429.
        retryHint: (answer) => (minimaxKind(baseRespOf(safeJson(answer.text))?.code ?? 0) === 'rate-limit' ? true : undefined),
      }),
    );
    return readAnswer(response.status, response.headers, parseJson('minimax', response, headerValue(response.headers, 'trace-id')), options.baseUrl);
  } catch (error) {
    const failure = explain(error, timeout.aborted && !options.signal?.aborted, timeoutMs);
    failure.hideSecrets(secretForms([options.apiKey]));
    if (options.timeoutSetting) failure.timeoutSetting = options.timeoutSetting;
    throw failure;
  } finally {
    await session.dispatcher.close().catch(() => undefined);
  }
}

function readAnswer(status: number, headers: Readonly<Record<string, string | string[] | undefined>>, json: Json, baseUrl: string): LyricsAnswer {
  const requestId = headerValue(headers, 'trace-id');
  const baseResp = baseRespOf(json);
  if (baseResp && baseResp.code !== 0) {
    // 1000 "unknown error" says nothing; an HTTP error status beside it says more (e.g. 404: a wrong base URL).
    const kind = baseResp.code === 1000 && status >= 400 ? kindForStatus(status) : minimaxKind(baseResp.code);
    throw new GenerationError(kind, MESSAGES[baseResp.code] ?? `MiniMax’s lyrics model reported error ${baseResp.code}`, {
      provider: 'minimax',
      status,
      requestId,
      providerMessage: baseResp.message ? `${baseResp.code} ${baseResp.message}` : String(baseResp.code),
      retryAfterSeconds: retryAfterSeconds(headers),
      advice: adviceFor(kind, baseResp.code, baseUrl),
    });
  }
  // The documented answer is flat; a `data` wrapper, as MiniMax's other answers have, is read too [?].
  const source = isRecord(json) && typeof json['lyrics'] !== 'string' && isRecord(json['data']) ? json['data'] : json;
  const lyrics = typeof stringAt(source, 'lyrics') === 'string' ? cleanLyrics(stringAt(source, 'lyrics') ?? '') : '';
  if (status >= 200 && status < 300 && lyrics !== '') {
    const title = stringAt(source, 'song_title');
    return {
      title: title === undefined ? undefined : providerText(title, 200) || undefined,
      styleTags: styleTagsOf(isRecord(source) ? source['style_tags'] : undefined),
      lyrics,
    };
  }
  const providerMessage = stringAt(json, 'message') ?? stringAt(json, 'error');
  const kind = status >= 400 ? kindFromWords(providerMessage, kindForStatus(status)) : 'server';
  throw new GenerationError(kind, status >= 400 ? 'MiniMax refused the lyrics request' : 'MiniMax answered without lyrics', {
    provider: 'minimax',
    status,
    requestId,
    providerMessage,
    retryAfterSeconds: retryAfterSeconds(headers),
    advice: adviceFor(kind, undefined, baseUrl),
  });
}

/** Canceled by the whole call's timeout is a timeout, worded for lyrics (the pipeline's words are about songs). */
function explain(error: unknown, timedOut: boolean, timeoutMs: number): GenerationError {
  if (error instanceof GenerationError && error.kind === 'canceled' && timedOut) {
    const seconds = timeoutMs / 1000;
    const after = seconds >= 120 ? `${Number((seconds / 60).toFixed(1))} min` : seconds >= 1 ? `${Math.round(seconds)} s` : `${timeoutMs} ms`;
    return new GenerationError('timeout', `No lyrics from MiniMax after ${after}: the request timed out`, { provider: 'minimax', cause: error });
  }
  if (error instanceof GenerationError) {
    if (error.kind === 'canceled') return new GenerationError('canceled', 'Lyrics request canceled', { provider: 'minimax', cause: error });
    return error;
  }
  return new GenerationError('network', `MiniMax: ${error instanceof Error ? error.message : String(error)}`, { provider: 'minimax', cause: error });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function baseRespOf(json: Json): { code: number; message: string | undefined } | undefined {
  const baseResp = isRecord(json) ? json['base_resp'] : undefined;
  if (!isRecord(baseResp) || typeof baseResp['status_code'] !== 'number') return undefined;
  const message = baseResp['status_msg'];
  return { code: baseResp['status_code'], message: typeof message === 'string' ? message : undefined };
}

/**
 * The lyrics as text for a document: line breaks normalised to `\n`, each
 * line cleaned like any provider text (escape sequences, control and bidi
 * characters removed, tabs and runs of spaces as one space, trimmed), and no
 * blank line at either end. Blank lines between sections stay: they are pauses.
 */
export function cleanLyrics(raw: string): string {
  const lines = raw
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => cleanText(line));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** At most this many style tags are kept, each cut like any provider text. */
const MAX_STYLE_TAGS = 20;

/** `style_tags` as MiniMax sends it (one comma-separated string), or as a list [?]: one cleaned entry per tag. */
export function styleTagsOf(value: unknown): string[] {
  const parts =
    typeof value === 'string' ? value.split(/[,，;；\n]/) : Array.isArray(value) ? value.filter((part): part is string => typeof part === 'string') : [];
  return parts
    .map((part) => providerText(part, 100))
    .filter((part) => part !== '')
    .slice(0, MAX_STYLE_TAGS);
}
