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
  /** Our own disk: the take or its sidecar could not be written (full, permissions). Never "network". */
  'file-system',
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
  /**
   * The request may have reached the provider and been billed even though no
   * take came of it (a dropped synchronous call, a gateway timeout): the
   * user must not be nudged into paying again.
   */
  readonly mayBeBilled?: boolean | undefined;
  /** Advice that fits this error better than its kind's (e.g. MiniMax's region hint). */
  readonly advice?: string | undefined;
  /** See GenerationError.providerEnded. */
  readonly providerEnded?: boolean | undefined;
  readonly cause?: unknown;
}

/** What the user can do about a paid song that was not saved: see takes/recoveryRecord.ts. */
export interface RecoveryPointer {
  /** Absolute path of the `.pending.json` record. */
  readonly recordPath: string;
  /** `download`: retry from the saved URL; `resume`: poll the provider's job again; `none`: only the raw answer is kept. */
  readonly action: 'download' | 'resume' | 'none';
  /** The request or job id the record holds (the error itself may have none, e.g. a cancel). */
  readonly requestId: string | undefined;
}

export class GenerationError extends Error {
  override readonly name = 'GenerationError';
  readonly provider: ProviderId;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly providerMessage: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly advice: string | undefined;
  /** True once the provider accepted the song (it is billed), or when it may have. */
  mayBeBilled: boolean;
  /** Set by the pipeline when a recovery record holds what is needed to get the paid song without paying again. */
  recovery: RecoveryPointer | undefined;
  /**
   * The provider itself ended the generation (a Scenario job that failed or
   * was canceled there; failed jobs are reimbursed): there is no song to
   * recover, so no record is kept.
   */
  readonly providerEnded: boolean;

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
    this.advice = details.advice;
    this.mayBeBilled = details.mayBeBilled ?? false;
    this.recovery = undefined;
    this.providerEnded = details.providerEnded ?? false;
  }

  /** What to do next, in one sentence (empty for a plain cancel). */
  nextStep(): string {
    return this.advice ?? ADVICE[this.kind];
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
  'file-system': 'Free some disk space or fix the output folder’s permissions, then retry the download.',
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
