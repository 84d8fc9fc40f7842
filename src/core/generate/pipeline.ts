/**
 * Generate Song, from a document's text to a saved take and its sidecar.
 * Shared by the extension's command and `lyrics generate`; both load it on
 * first use, so nothing here weighs on activation.
 *
 * Nothing is lost and nothing is left half-done: the audio streams into a
 * temporary file in the output folder, is checked, and only then is linked
 * into a name that did not exist; on any failure or cancel the temporary
 * file is removed.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseLyricsDocument } from '../document';
import { lintLyrics, type LyricsDiagnostic } from '../lint';
import { createSession, type RetryPolicy, type Timeouts } from '../net/http';
import type { RequestLogger } from '../net/redact';
import { lyricsPayload, promptPayload } from '../payload';
import { cloudflareClient } from '../providers/cloudflare';
import { minimaxClient } from '../providers/minimax';
import { scenarioClient } from '../providers/scenario';
import type { Credentials, GenerationInput, ProviderClient, StageUpdate } from '../providers/types';
import type { ProviderId } from '../schema';
import { DEFAULT_AUDIO, readSongSettings, resolveProvider } from '../songSettings';
import { takeBaseName } from '../takes/naming';
import { SIDECAR_VERSION, type Sidecar } from '../takes/sidecar';
import { audioDurationMs } from './audioCheck';
import { downloadAudio } from './download';
import { GenerationError, PROVIDER_NAMES } from './errors';

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

export interface PreparedSong {
  readonly provider: ProviderId;
  readonly input: GenerationInput;
  readonly title: string | undefined;
  /** Settings exactly as the provider is sent them, for the sidecar. */
  readonly sentSettings: Sidecar['settings'];
}

/** Lints the document and resolves what will be sent; throws LintBlockedError on any error. */
export function prepareSong(text: string, defaultProvider: ProviderId, providerOverride?: ProviderId): PreparedSong {
  const errors = lintLyrics(text).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new LintBlockedError(errors);

  const document = parseLyricsDocument(text);
  const settings = readSongSettings(document);
  const provider = resolveProvider(settings, defaultProvider, providerOverride);
  const input: GenerationInput = {
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
  | StageUpdate
  | { readonly stage: 'downloading'; readonly receivedBytes: number; readonly totalBytes: number | undefined }
  | { readonly stage: 'saving' };

export interface RunOptions<P extends ProviderId> {
  readonly songPath: string;
  readonly song: PreparedSong & { readonly provider: P };
  readonly credentials: Credentials<P>;
  readonly baseUrl: string;
  readonly outputFolder: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: GenerationProgress) => void) | undefined;
  readonly log?: RequestLogger | undefined;
  readonly demo?: boolean | undefined;
  readonly now?: (() => Date) | undefined;
  readonly timeouts?: Partial<Timeouts> | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  readonly pollIntervalMs?: { first: number; max: number } | undefined;
}

export interface SavedTake {
  readonly audioPath: string;
  readonly sidecarPath: string;
  readonly sidecar: Sidecar;
}

export async function runGeneration<P extends ProviderId>(options: RunOptions<P>): Promise<SavedTake> {
  const { song, outputFolder } = options;
  const provider = song.provider;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const session = createSession({
    signal,
    log: options.log ?? (() => undefined),
    timeouts: options.timeouts,
    retry: options.retry,
  });
  const onProgress = options.onProgress ?? (() => undefined);
  const client = CLIENTS[provider] as ProviderClient<P>;

  let tempPath: string | undefined;
  try {
    const result = await client.generate(song.input, options.credentials, {
      session,
      baseUrl: options.baseUrl,
      onStage: onProgress,
      pollIntervalMs: options.pollIntervalMs ?? { first: 1000, max: 3000 },
    });

    await fs.mkdir(outputFolder, { recursive: true });
    const createdAt = (options.now ?? (() => new Date()))();
    tempPath = path.join(outputFolder, `.${takeBaseName(options.songPath, createdAt, 1)}.${randomBytes(4).toString('hex')}.part`);
    const audio = await downloadAudio({
      provider,
      session,
      url: result.audioUrl,
      tempPath,
      expectedFormat: result.expectedFormat,
      requestId: result.requestId,
      onProgress: (progress) => onProgress({ stage: 'downloading', ...progress }),
    });

    onProgress({ stage: 'saving' });
    const durationMs = result.durationMs ?? (await audioDurationMs(tempPath)) ?? null;
    const saved = await saveTake({
      tempPath,
      outputFolder,
      songPath: options.songPath,
      createdAt,
      extension: audio.format,
      sidecarFor: (audioName) => ({
        version: SIDECAR_VERSION,
        audio: audioName,
        provider,
        model: result.model,
        settings: song.sentSettings,
        format: audio.format,
        prompt: song.input.prompt,
        lyrics: song.input.lyrics,
        title: song.title ?? null,
        song: path.relative(outputFolder, options.songPath),
        createdAt: createdAt.toISOString(),
        durationMs,
        requestId: result.requestId ?? null,
        ...(options.demo ? { demo: true } : {}),
      }),
    });
    tempPath = undefined;
    return saved;
  } catch (error) {
    // The whole-generation timeout aborts like a cancel; say which it was.
    if (error instanceof GenerationError && error.kind === 'canceled' && timeout.aborted && !options.signal?.aborted) {
      throw new GenerationError('timeout', `No song from ${PROVIDER_NAMES[provider]} after ${formatMinutes(options.timeoutMs)}: the generation timed out`, {
        provider,
        requestId: error.requestId,
        cause: error,
      });
    }
    throw error;
  } finally {
    if (tempPath) await fs.rm(tempPath, { force: true }).catch(() => undefined);
    await session.dispatcher.close().catch(() => undefined);
  }
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return minutes >= 1 ? `${Number(minutes.toFixed(1))} min` : `${Math.round(ms / 1000)} s`;
}

/**
 * Moves the checked temporary file to the first free `<stem>-<time>[-n]`
 * name and writes the sidecar beside it. A hard link fails if the name
 * exists, so a take that appeared meanwhile (another window, the CLI) is
 * never overwritten; the sidecar is created with 'wx' for the same reason.
 */
async function saveTake(options: {
  tempPath: string;
  outputFolder: string;
  songPath: string;
  createdAt: Date;
  extension: string;
  sidecarFor: (audioName: string) => Sidecar;
}): Promise<SavedTake> {
  for (let n = 1; n < 10_000; n++) {
    const base = takeBaseName(options.songPath, options.createdAt, n);
    const audioPath = path.join(options.outputFolder, `${base}.${options.extension}`);
    const sidecarPath = path.join(options.outputFolder, `${base}.json`);
    if (await exists(sidecarPath)) continue;
    if (!(await placeWithoutOverwriting(options.tempPath, audioPath))) continue;
    const sidecar = options.sidecarFor(path.basename(audioPath));
    try {
      await fs.writeFile(sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`, { flag: 'wx' });
    } catch (error) {
      await fs.rm(audioPath, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    await fs.rm(options.tempPath, { force: true });
    return { audioPath, sidecarPath, sidecar };
  }
  throw new Error(`No free file name for the take in ${options.outputFolder}`);
}

/** Links (or, where links are unsupported, copies exclusively) `from` to `to`; false if `to` exists. */
async function placeWithoutOverwriting(from: string, to: string): Promise<boolean> {
  try {
    await fs.link(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
  }
  try {
    await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
