/**
 * Every way a generation can fail, as one typed error. Each carries what the
 * user needs to act (a message naming the provider, what went wrong and what
 * to do) and what support needs (HTTP status, the provider's request id).
 * Messages never contain credentials: they are built from our own words and
 * from provider error texts, never from request headers; and since a provider
 * may echo a header back, the pipeline hides the user's credentials in them
 * too (`hideSecrets`). Provider text is cleaned and cut here, once, whichever
 * way it goes on (stderr, a notification, the log, a recovery record).
 */
import { cleanText, cutText, hideSecrets, providerText, PROVIDER_ID_MAX, PROVIDER_TEXT_LOG_MAX, PROVIDER_TEXT_MAX } from './net/redact';
import type { ProviderId } from './schema';

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

/** Our own message may quote a provider (a Cloudflare run's state): bounded like any provider text, if more generously. */
export const MESSAGE_MAX = 600;

/** The setting whose advice a timeout gives; `lyrics generate` names its environment variable instead. */
export const TIMEOUT_SETTING = 'lyrics.requestTimeoutMinutes';

export class GenerationError extends Error {
  override readonly name = 'GenerationError';
  readonly provider: ProviderId;
  readonly status: number | undefined;
  /** The provider's id for the request, cleaned like its other text (it comes from its headers or body). */
  requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
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
  /** What a timeout's advice tells the user to raise (the CLI sets its environment variable's name). */
  timeoutSetting: string = TIMEOUT_SETTING;
  /**
   * The texts in full (cleaned, not yet cut): whatever is shown is cut from
   * these only after the user's credentials were hidden in them, so a cut
   * can never leave half a token behind.
   */
  private fullMessage: string;
  private fullProviderMessage: string | undefined;
  private fullAdvice: string | undefined;

  constructor(
    readonly kind: GenerationErrorKind,
    message: string,
    details: GenerationErrorDetails,
  ) {
    // Every provider word reaches the user through here (the message, the provider's message, ids): cleaned once, at the source.
    const fullMessage = cleanText(message);
    super(cutText(fullMessage, MESSAGE_MAX), { cause: details.cause });
    this.fullMessage = fullMessage;
    this.fullProviderMessage = details.providerMessage === undefined ? undefined : cleanText(details.providerMessage) || undefined;
    this.fullAdvice = details.advice === undefined ? undefined : cleanText(details.advice) || undefined;
    this.provider = details.provider;
    this.status = details.status;
    this.requestId = cleanId(details.requestId);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.mayBeBilled = details.mayBeBilled ?? false;
    this.recovery = undefined;
    this.providerEnded = details.providerEnded ?? false;
  }

  /** The provider's own words, when it gave any: cleaned and cut to a few hundred characters. */
  get providerMessage(): string | undefined {
    return this.fullProviderMessage === undefined ? undefined : cutText(this.fullProviderMessage, PROVIDER_TEXT_MAX);
  }

  /** The provider's words for the log: the whole text (cleaned, bounded) when the message shows only its start; else undefined. */
  get providerMessageForLog(): string | undefined {
    const full = this.fullProviderMessage;
    return full !== undefined && full.length > PROVIDER_TEXT_MAX ? cutText(full, PROVIDER_TEXT_LOG_MAX) : undefined;
  }

  /** Advice that fits this error better than its kind's (e.g. MiniMax's region hint). */
  get advice(): string | undefined {
    return this.fullAdvice === undefined ? undefined : cutText(this.fullAdvice, MESSAGE_MAX);
  }

  /**
   * Replaces the user's credentials (every form `secretForms` lists) with
   * `***` wherever this error could show them: a provider that echoes the
   * Authorization header must not put the user's token on a screen or in a
   * log. The pipeline calls it on every failure before anyone sees it.
   */
  hideSecrets(forms: readonly string[]): this {
    if (forms.length === 0) return this;
    this.fullMessage = hideSecrets(this.fullMessage, forms);
    this.message = cutText(this.fullMessage, MESSAGE_MAX);
    if (this.fullProviderMessage !== undefined) this.fullProviderMessage = hideSecrets(this.fullProviderMessage, forms);
    if (this.fullAdvice !== undefined) this.fullAdvice = hideSecrets(this.fullAdvice, forms);
    if (this.requestId !== undefined) this.requestId = hideSecrets(this.requestId, forms);
    return this;
  }

  /** What to do next, in one sentence (empty for a plain cancel). */
  nextStep(): string {
    if (this.advice !== undefined) return this.advice;
    return this.kind === 'timeout' ? `Try again, or raise ${this.timeoutSetting}.` : ADVICE[this.kind];
  }

  /** One line for a notification or stderr: what happened, the provider's words, ids. */
  describe(): string {
    const providerMessage = this.providerMessage;
    const extras = [
      providerMessage && !this.message.includes(providerMessage) ? `“${providerMessage}”` : undefined,
      this.retryAfterSeconds !== undefined && !/try again in/.test(this.message) ? `try again in ${formatWait(this.retryAfterSeconds)}` : undefined,
      this.status !== undefined ? `HTTP ${this.status}` : undefined,
      this.requestId ? `request id ${this.requestId}` : undefined,
    ].filter((part): part is string => part !== undefined);
    return extras.length ? `${this.message} (${extras.join(', ')})` : this.message;
  }
}

/** A request or job id as shown: cleaned and short. */
export function cleanId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  return providerText(id, PROVIDER_ID_MAX) || undefined;
}

function formatWait(seconds: number): string {
  return seconds < 120 ? `${Math.max(1, Math.ceil(seconds))} s` : `${Math.ceil(seconds / 60)} min`;
}

// Re-exported from their home in schema.ts, for the modules that already read them here.
export { PROVIDER_NAMES } from './schema';

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
