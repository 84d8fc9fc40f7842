/**
 * Every way a generation can fail, as one typed error. Each carries what the
 * user needs to act (a message naming the provider, what went wrong and what
 * to do) and what support needs (HTTP status, the provider's request id).
 * Messages never contain credentials: they are built from our own words and
 * from provider error texts, never from request headers.
 */
import type { ProviderId } from '../schema';

export const ERROR_KINDS = [
  'auth',
  'quota',
  'rate-limit',
  'invalid-request',
  'content-policy',
  'server',
  'network',
  'timeout',
  'canceled',
  'bad-audio',
] as const;
export type GenerationErrorKind = (typeof ERROR_KINDS)[number];

export interface GenerationErrorDetails {
  readonly provider: ProviderId;
  readonly status?: number | undefined;
  readonly requestId?: string | undefined;
  /** The provider's own words, when it gave any. */
  readonly providerMessage?: string | undefined;
  /** Seconds the provider asked us to wait (Retry-After, remainingSeconds). */
  readonly retryAfterSeconds?: number | undefined;
  readonly cause?: unknown;
}

export class GenerationError extends Error {
  override readonly name = 'GenerationError';
  readonly provider: ProviderId;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly providerMessage: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly kind: GenerationErrorKind,
    message: string,
    details: GenerationErrorDetails,
  ) {
    super(message, { cause: details.cause });
    this.provider = details.provider;
    this.status = details.status;
    this.requestId = details.requestId;
    this.providerMessage = details.providerMessage;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** One line for a notification or stderr: what happened, the provider's words, ids. */
  describe(): string {
    const extras = [
      this.providerMessage && !this.message.includes(this.providerMessage) ? `“${this.providerMessage}”` : undefined,
      this.retryAfterSeconds !== undefined && !/try again in/.test(this.message) ? `try again in ${formatWait(this.retryAfterSeconds)}` : undefined,
      this.status !== undefined ? `HTTP ${this.status}` : undefined,
      this.requestId ? `request id ${this.requestId}` : undefined,
    ].filter((part): part is string => part !== undefined);
    return extras.length ? `${this.message} (${extras.join(', ')})` : this.message;
  }
}

function formatWait(seconds: number): string {
  return seconds < 120 ? `${Math.max(1, Math.ceil(seconds))} s` : `${Math.ceil(seconds / 60)} min`;
}

export const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  cloudflare: 'Cloudflare',
  scenario: 'Scenario',
  minimax: 'MiniMax',
};

/** What to do about each kind, said once so the CLI and the extension agree. */
export const ADVICE: Readonly<Record<GenerationErrorKind, string>> = {
  auth: 'Check the API credentials.',
  quota: 'Add credits or raise the spending limit in the provider’s dashboard.',
  'rate-limit': 'Wait a little and try again.',
  'invalid-request': 'Check the song’s settings.',
  'content-policy': 'Rephrase the prompt or lyrics.',
  server: 'The provider had a problem; try again later.',
  network: 'Check the network connection and the provider’s base URL.',
  timeout: 'Try again, or raise lyrics.requestTimeoutMinutes.',
  canceled: '',
  'bad-audio': 'Try again; the provider’s file was not usable.',
};

/** Maps an HTTP status with no better information to a kind. */
export function kindForStatus(status: number): GenerationErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'quota';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429) return 'rate-limit';
  if (status >= 500) return 'server';
  return 'invalid-request';
}
