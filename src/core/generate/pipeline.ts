/**
 * Generate Song, from a document's text to a saved take and its sidecar.
 * Shared by the extension's command and `lyrics generate`; both load it on
 * first use, so nothing here weighs on activation.
 *
 * Once a provider has accepted a song, the user has paid, and nothing here
 * may throw that away: everything that can be checked locally (the lint, the
 * output folder, the file name) is checked before anything is sent, and from
 * the moment of acceptance a recovery record in the output folder holds what
 * is needed to get the song without paying again (recover.ts). It is removed
 * once the take is saved.
 */
import { parseLyricsDocument } from '../document';
import { lintLyrics, type LyricsDiagnostic } from '../lint';
import { createSession, type RetryPolicy, type Timeouts } from '../net/http';
import { secretForms, type RequestLogger } from '../net/redact';
import { lyricsPayload, promptPayload } from '../payload';
import { cloudflareClient } from '../providers/cloudflare';
import { minimaxClient } from '../providers/minimax';
import { scenarioClient } from '../providers/scenario';
import {
  credentialSchemas,
  type Credentials,
  type GenerationInput,
  type ProviderClient,
  type ProviderContext,
  type ProviderResult,
  type StageUpdate,
} from '../providers/types';
import { DEFAULT_MODEL, MODELS_BY_PROVIDER, type ProviderId, type SongModel } from '../schema';
import { DEFAULT_AUDIO, readSongSettings, resolveProvider } from '../songSettings';
import { songStem, timestampForName } from '../takes/naming';
import { RECORD_KIND, RECORD_VERSION } from '../takes/recoveryRecord';
import { SIDECAR_VERSION, type Sidecar } from '../takes/sidecar';
import * as path from 'node:path';
import { audioHostPolicy } from './download';
import { GenerationError, PROVIDER_NAMES, TIMEOUT_SETTING } from '../errors';
import { checkOutputFolder } from './outputFolder';
import { MAX_TIMEOUT_MINUTES } from './timeout';
import { IN_PROGRESS_REASON, PaidSongKeeper } from './paidSongKeeper';
import { fetchAndSaveTake, type SavedTake } from './saveTake';

export type { SavedTake } from './saveTake';
export { OutputFolderError } from './outputFolder';

export const CLIENTS: { readonly [P in ProviderId]: ProviderClient<P> } = {
  cloudflare: cloudflareClient,
  scenario: scenarioClient,
  minimax: minimaxClient,
};

/** The document has error-severity diagnostics: nothing is sent. */
export class LintBlockedError extends Error {
  override readonly name = 'LintBlockedError';
  constructor(readonly errors: readonly LyricsDiagnostic[]) {
    const first = errors[0];
    super(
      first
        ? `The song has ${errors.length === 1 ? 'a problem' : `${errors.length} problems`} to fix first: line ${first.range.start.line + 1}: ${first.message}`
        : 'The song has problems to fix first',
    );
  }
}

/** The song's model is not offered by the provider it is sent to (e.g. `--provider cloudflare` on a music-3.0 song): nothing is sent. */
export class ModelNotOfferedError extends Error {
  override readonly name = 'ModelNotOfferedError';
  constructor(
    readonly provider: ProviderId,
    readonly model: SongModel,
  ) {
    super(
      `${PROVIDER_NAMES[provider]} does not offer the model "${model}" (it offers ${MODELS_BY_PROVIDER[provider].map((m) => `"${m}"`).join(', ')}); nothing was sent`,
    );
  }
}

interface PreparedSongFields {
  readonly input: GenerationInput;
  readonly title: string | undefined;
  /** Settings exactly as the provider is sent them, for the sidecar. */
  readonly sentSettings: Sidecar['settings'];
}

/** A song ready to send, discriminated by the provider it goes to (`PreparedSong<'scenario'>` is one for Scenario). */
export type PreparedSong<P extends ProviderId = ProviderId> = { readonly [K in P]: PreparedSongFields & { readonly provider: K } }[P];

/**
 * A song with its own provider's credentials. The pair is typed as one so
 * that Scenario credentials for a Cloudflare song do not compile: a song of
 * unknown provider gets its credentials through `withCredentials`
 * (orchestrate.ts), which asks for its own provider's.
 */
export type SongWithCredentials<P extends ProviderId = ProviderId> = {
  readonly [K in P]: { readonly song: PreparedSong<K>; readonly credentials: Credentials<K> };
}[P];

/** Lints the document and resolves what will be sent; throws LintBlockedError on any error. */
export function prepareSong(text: string, defaultProvider: ProviderId, providerOverride?: ProviderId): PreparedSong {
  const document = parseLyricsDocument(text);
  const settings = readSongSettings(document);
  const provider = resolveProvider(settings, defaultProvider, providerOverride);
  // Linted for where the song really goes (`--provider` overrides the front matter): a model it lacks is caught here, unpaid.
  const errors = lintLyrics(text, { defaultProvider, providerOverride }).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new LintBlockedError(errors);
  const model = settings.model ?? DEFAULT_MODEL;
  // The lint above already refuses this; kept as the last guard before money is spent.
  if (!MODELS_BY_PROVIDER[provider].includes(model)) throw new ModelNotOfferedError(provider, model);

  const input: GenerationInput = {
    model,
    prompt: promptPayload(document),
    lyrics: lyricsPayload(document).text,
    isInstrumental: settings.is_instrumental ?? false,
    lyricsOptimizer: settings.lyrics_optimizer ?? false,
    sampleRate: settings.sample_rate ?? DEFAULT_AUDIO.sample_rate,
    bitrate: settings.bitrate ?? DEFAULT_AUDIO.bitrate,
    format: settings.format ?? DEFAULT_AUDIO.format,
  };
  return {
    provider,
    input,
    title: settings.title,
    sentSettings: {
      is_instrumental: input.isInstrumental,
      lyrics_optimizer: input.lyricsOptimizer,
      sample_rate: input.sampleRate,
      bitrate: input.bitrate,
      // Scenario has no format field: its take is whatever its bytes are.
      ...(provider === 'scenario' ? {} : { format: input.format }),
    },
  };
}

export type GenerationProgress =
  StageUpdate | { readonly stage: 'downloading'; readonly receivedBytes: number; readonly totalBytes: number | undefined } | { readonly stage: 'saving' };

/** How a generation or a recovery talks to the provider: bounds, cancel, progress, log (and test timings). */
export interface SessionOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: GenerationProgress) => void) | undefined;
  readonly log?: RequestLogger | undefined;
  readonly now?: (() => Date) | undefined;
  readonly timeouts?: Partial<Timeouts> | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  readonly pollIntervalMs?: { first: number; max: number } | undefined;
  /** What a timeout's advice says to raise: the editor setting by default, `LYRICS_REQUEST_TIMEOUT_MINUTES` in the CLI. */
  readonly timeoutSetting?: string | undefined;
}

/** Where a generation goes: everything but the song and its credentials. */
export interface RunTarget extends SessionOptions {
  readonly songPath: string;
  readonly baseUrl: string;
  readonly outputFolder: string;
  readonly demo?: boolean | undefined;
}

export type RunOptions = RunTarget & SongWithCredentials;

/**
 * The longest a generation may run, whatever the caller asks: the settings'
 * own bound. Beyond about 24.8 days Node's timers overflow and fire at once,
 * which turned `1e9` minutes into an instant, mislabelled failure.
 */
export const MAX_TIMEOUT_MS = MAX_TIMEOUT_MINUTES * 60_000;

/** The caller's time-out, bounded to what a timer can hold and the settings allow. */
export function boundedTimeoutMs(timeoutMs: number): number {
  return Number.isFinite(timeoutMs) && timeoutMs > 0 ? Math.min(timeoutMs, MAX_TIMEOUT_MS) : MAX_TIMEOUT_MS;
}

/** The output folder's file name base for a generation started at `createdAt`. */
export function generationBaseName(songPath: string, createdAt: Date): string {
  return `${songStem(songPath)}-${timestampForName(createdAt)}`;
}

/** Every secret string in a set of credentials, and the Basic header Scenario is sent, so none reaches a record. */
export function secretsOf(credentials: Credentials): string[] {
  const values = Object.values(credentials).filter((value): value is string => typeof value === 'string');
  const scenario = credentials as Partial<Credentials<'scenario'>>;
  if (scenario.apiKey && scenario.apiSecret) values.push(Buffer.from(`${scenario.apiKey}:${scenario.apiSecret}`).toString('base64'));
  return values;
}

/** The song's own client, sent the song with its own credentials: the pair's correlation, kept through the call. */
function generateWith<P extends ProviderId>({ song, credentials }: SongWithCredentials<P>, context: ProviderContext): Promise<ProviderResult> {
  const client: ProviderClient<P> = CLIENTS[song.provider];
  return client.generate(song.input, credentials, context);
}

export async function runGeneration(options: RunOptions): Promise<SavedTake> {
  const { song, outputFolder } = options;
  const provider = song.provider;
  const client = CLIENTS[provider];
  const now = options.now ?? (() => new Date());

  // Everything that can fail locally fails now, before the song is paid for.
  // The types keep a song and its provider's credentials together; this holds for a caller that cast past them too.
  if (!credentialSchemas[provider].safeParse(options.credentials).success) {
    throw new GenerationError('auth', `The ${PROVIDER_NAMES[provider]} credentials are incomplete; nothing was sent`, { provider });
  }
  await checkOutputFolder(outputFolder);

  const timeoutMs = boundedTimeoutMs(options.timeoutMs);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const session = createSession({
    signal,
    log: options.log ?? (() => undefined),
    timeouts: options.timeouts,
    retry: options.retry,
  });
  const onProgress = options.onProgress ?? (() => undefined);
  const createdAt = now();
  const modelId = client.modelId(song.input.model);
  const keeper = new PaidSongKeeper({
    folder: outputFolder,
    songPath: options.songPath,
    createdAt,
    secrets: secretsOf(options.credentials),
    now,
    initial: {
      kind: RECORD_KIND,
      version: RECORD_VERSION,
      provider,
      model: modelId,
      settings: song.sentSettings,
      prompt: song.input.prompt,
      lyrics: song.input.lyrics,
      title: song.title ?? null,
      song: path.relative(outputFolder, options.songPath),
      submittedAt: createdAt.toISOString(),
      requestId: null,
      jobId: null,
      audioUrls: [],
      inlineAudio: null,
      savedAudio: null,
      expectedFormat: provider === 'scenario' ? null : song.input.format,
      durationMs: null,
      answer: null,
      reason: IN_PROGRESS_REASON,
      attempts: [],
      ...(options.demo ? { demo: true } : {}),
    },
  });

  try {
    const result = await generateWith(options, {
      session,
      baseUrl: options.baseUrl,
      onStage: onProgress,
      onAccepted: (acceptance) => keeper.accept(acceptance),
      pollIntervalMs: options.pollIntervalMs ?? { first: 1000, max: 3000 },
    });
    const sidecar: Omit<Sidecar, 'audio' | 'format' | 'durationMs'> = {
      version: SIDECAR_VERSION,
      provider,
      model: result.model,
      settings: song.sentSettings,
      prompt: song.input.prompt,
      lyrics: song.input.lyrics,
      title: song.title ?? null,
      song: path.relative(outputFolder, options.songPath),
      createdAt: createdAt.toISOString(),
      requestId: result.requestId ?? null,
      ...(options.demo ? { demo: true } : {}),
    };
    const saved = await fetchAndSaveTake({
      provider,
      session,
      audio: result.audio,
      expectedFormat: result.expectedFormat,
      requestId: result.requestId,
      outputFolder,
      baseName: generationBaseName(options.songPath, createdAt),
      durationMs: result.durationMs,
      hosts: audioHostPolicy(options.baseUrl),
      sidecar,
      onProgress: (progress) => onProgress({ stage: 'downloading', ...progress }),
      onSaving: () => onProgress({ stage: 'saving' }),
      onInlineKept: (name) => keeper.inlineKept(name),
      onAudioSavedWithoutSidecar: (name) => keeper.audioSavedWithoutSidecar(name),
    });
    await keeper.done();
    return saved;
  } catch (error) {
    const failure = explainFailure(error, provider, timeoutMs, timeout.aborted && !options.signal?.aborted);
    // Before anyone sees it (the record's reason included): a provider may echo the credentials it was sent.
    failure.hideSecrets(secretForms(secretsOf(options.credentials)));
    failure.timeoutSetting = options.timeoutSetting ?? TIMEOUT_SETTING;
    if (failure.providerEnded) await keeper.done();
    else if (keeper.accepted) await keeper.fail(failure);
    throw failure;
  } finally {
    await session.dispatcher.close().catch(() => undefined);
  }
}

/** One GenerationError for whatever went wrong; the whole-generation timeout aborts like a cancel, so say which it was. */
export function explainFailure(error: unknown, provider: ProviderId, timeoutMs: number, timedOut: boolean): GenerationError {
  if (error instanceof GenerationError && error.kind === 'canceled' && timedOut) {
    const failure = new GenerationError('timeout', `No song from ${PROVIDER_NAMES[provider]} after ${formatMinutes(timeoutMs)}: the generation timed out`, {
      provider,
      requestId: error.requestId,
      mayBeBilled: error.mayBeBilled,
      cause: error,
    });
    return failure;
  }
  if (error instanceof GenerationError) return error;
  return new GenerationError('network', `${PROVIDER_NAMES[provider]}: ${error instanceof Error ? error.message : String(error)}`, { provider, cause: error });
}

export function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return minutes >= 1 ? `${Number(minutes.toFixed(1))} min` : `${Math.round(ms / 1000)} s`;
}
