/**
 * What the three providers have in common: the parsed request handed to
 * handlers, and validation of MiniMax Music 2.6's inputs (limits from
 * /work/shared/providers.md), applied after each provider maps its own field
 * names onto these.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ParsedRequest } from './types';

export type { ParsedRequest };

/** The common inputs, in Cloudflare's/MiniMax's snake_case. */
export interface MusicInput {
  readonly prompt?: unknown;
  readonly lyrics?: unknown;
  readonly is_instrumental?: unknown;
  readonly lyrics_optimizer?: unknown;
  readonly sample_rate?: unknown;
  readonly bitrate?: unknown;
  readonly format?: unknown;
}

export const SAMPLE_RATES: readonly number[] = [16000, 24000, 32000, 44100];
export const BITRATES: readonly number[] = [32000, 64000, 128000, 256000];
export const FORMATS: readonly string[] = ['mp3', 'wav'];
export const PROMPT_MAX = 2000;
export const LYRICS_MAX = 3500;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Problems with the inputs, as `field: problem` strings; empty when valid.
 * `names` maps each common field to the provider's spelling, so messages quote what the client sent.
 */
export function musicInputProblems(input: MusicInput, names: Partial<Record<keyof MusicInput, string>> = {}): string[] {
  const name = (field: keyof MusicInput): string => names[field] ?? field;
  const problems: string[] = [];
  if (typeof input.prompt !== 'string' || input.prompt.trim() === '') problems.push(`${name('prompt')}: required, a non-empty string`);
  else if (input.prompt.length > PROMPT_MAX) problems.push(`${name('prompt')}: at most ${PROMPT_MAX} characters`);
  if (input.lyrics !== undefined) {
    if (typeof input.lyrics !== 'string') problems.push(`${name('lyrics')}: must be a string`);
    else if (input.lyrics.length > LYRICS_MAX) problems.push(`${name('lyrics')}: at most ${LYRICS_MAX} characters`);
  }
  for (const flag of ['is_instrumental', 'lyrics_optimizer'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') problems.push(`${name(flag)}: must be a boolean`);
  }
  if (input.sample_rate !== undefined && !SAMPLE_RATES.includes(input.sample_rate as number)) {
    problems.push(`${name('sample_rate')}: must be one of ${SAMPLE_RATES.join(', ')}`);
  }
  if (input.bitrate !== undefined && !BITRATES.includes(input.bitrate as number)) {
    problems.push(`${name('bitrate')}: must be one of ${BITRATES.join(', ')}`);
  }
  if (input.format !== undefined && !FORMATS.includes(input.format as string)) problems.push(`${name('format')}: must be one of ${FORMATS.join(', ')}`);
  return problems;
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
}

/** Standard HTTP reason phrases for the statuses faults use, for messages. */
export function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    408: 'Request Timeout',
    413: 'Payload Too Large',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[status] ?? `HTTP ${status}`;
}

/** `Retry-After` for a status fault: default 1 s on 429, none otherwise; null omits. */
export function retryAfterHeader(status: number, retryAfter: number | string | null | undefined): Record<string, string> {
  if (retryAfter === null) return {};
  if (retryAfter === undefined) return status === 429 ? { 'retry-after': '1' } : {};
  return { 'retry-after': String(retryAfter) };
}
