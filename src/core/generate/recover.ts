/**
 * Getting a paid song from its recovery record, without a new generate
 * request: download again from the saved URL, decode the kept inline audio,
 * write the sidecar of audio that was saved without one, or poll the
 * Scenario job again. Shared by `lyrics recover` and the player's Retry
 * download / Resume waiting.
 *
 * A record that still can't be recovered stays, with the new reason added;
 * one that is recovered is removed with its kept audio.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createSession } from '../net/http';
import { secretForms } from '../net/redact';
import type { Credentials, ProviderClient } from '../providers/types';
import type { ProviderId } from '../schema';
import { parseTakeName, timestampForName } from '../takes/naming';
import { readRecord, recordBaseName, recoveryAction, removeRecord, type RecoveryRecord } from '../takes/recoveryRecord';
import { SIDECAR_VERSION, type Sidecar } from '../takes/sidecar';
import { audioHostPolicy, checkAudioFile } from './download';
import { GenerationError, PROVIDER_NAMES, TIMEOUT_SETTING } from '../errors';
import { PaidSongKeeper } from './paidSongKeeper';
import { boundedTimeoutMs, CLIENTS, explainFailure, secretsOf, type SessionOptions } from './pipeline';
import { fetchAndSaveTake, placeTake, writeSidecar, type SavedTake } from './saveTake';

/** The record itself can't be used (missing, not a record): nothing was tried. */
export class RecordUnusableError extends Error {
  override readonly name = 'RecordUnusableError';
  constructor(
    readonly recordPath: string,
    readonly reason: string,
  ) {
    super(`Can’t recover from ${path.basename(recordPath)}: ${reason}`);
  }
}

export interface RecoverOptions extends SessionOptions {
  readonly recordPath: string;
  /** Only resuming a Scenario job needs credentials and a base URL; downloads use the signed URLs. */
  readonly credentials?: ((provider: ProviderId) => Promise<Credentials | undefined>) | undefined;
  readonly baseUrl?: ((provider: ProviderId) => string) | undefined;
}

/** `<stem>-<stamp>` of the record (a `-n` suffix of the record's own name dropped: the take gets its own). */
function baseNameOf(recordPath: string, record: RecoveryRecord): string {
  const base = recordBaseName(recordPath);
  const parsed = parseTakeName(base);
  if (parsed) return `${parsed.stem}-${timestampForName(parsed.date)}`;
  const submitted = new Date(record.submittedAt);
  return `${base}-${timestampForName(Number.isNaN(submitted.getTime()) ? new Date() : submitted)}`;
}

function sidecarDraft(record: RecoveryRecord): Omit<Sidecar, 'audio' | 'format' | 'durationMs'> {
  return {
    version: SIDECAR_VERSION,
    provider: record.provider,
    model: record.model,
    settings: record.settings,
    prompt: record.prompt,
    lyrics: record.lyrics,
    title: record.title,
    song: record.song,
    createdAt: record.submittedAt,
    requestId: record.requestId,
    ...(record.demo ? { demo: true } : {}),
  };
}

export async function recoverTake(options: RecoverOptions): Promise<SavedTake> {
  const read = await readRecord(options.recordPath);
  if (!read.ok) throw new RecordUnusableError(options.recordPath, read.reason);
  const record = read.record;
  const folder = path.dirname(options.recordPath);
  const provider = record.provider;
  const name = PROVIDER_NAMES[provider];
  const now = options.now ?? (() => new Date());
  const action = recoveryAction(record);

  const timeoutMs = boundedTimeoutMs(options.timeoutMs);
  const timeout = AbortSignal.timeout(timeoutMs);
  // Audio may come only from where the provider's base URL allows (see AudioHostPolicy); the default base URL is public.
  const hosts = audioHostPolicy(options.baseUrl?.(provider) ?? CLIENTS[provider].defaultBaseUrl);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const session = createSession({ signal, log: options.log ?? (() => undefined), timeouts: options.timeouts, retry: options.retry });
  const onProgress = options.onProgress ?? (() => undefined);
  const credentials = action === 'resume' ? await options.credentials?.(provider) : undefined;
  const keeper = new PaidSongKeeper({
    folder,
    songPath: record.song ? path.resolve(folder, record.song) : options.recordPath,
    createdAt: new Date(record.submittedAt),
    initial: record,
    secrets: credentials ? secretsOf(credentials) : [],
    now,
    existingPath: options.recordPath,
  });
  const baseName = baseNameOf(options.recordPath, record);

  try {
    let saved: SavedTake;
    if (record.savedAudio) {
      saved = await writeMissingSidecar(folder, record, record.savedAudio);
    } else if (record.inlineAudio) {
      saved = await placeKeptAudio(folder, record, record.inlineAudio, baseName);
    } else if (action === 'download') {
      saved = await fetchAndSaveTake({
        provider,
        session,
        audio: { kind: 'urls', urls: record.audioUrls },
        expectedFormat: record.expectedFormat ?? undefined,
        requestId: record.requestId ?? undefined,
        outputFolder: folder,
        baseName,
        durationMs: record.durationMs ?? undefined,
        hosts,
        sidecar: sidecarDraft(record),
        onProgress: (progress) => onProgress({ stage: 'downloading', ...progress }),
        onSaving: () => onProgress({ stage: 'saving' }),
        onAudioSavedWithoutSidecar: (audioName) => keeper.audioSavedWithoutSidecar(audioName),
      });
    } else if (action === 'resume' && record.jobId) {
      const client = CLIENTS[provider] as ProviderClient;
      if (!client.resume) throw new GenerationError('invalid-request', `${name} jobs can’t be resumed`, { provider });
      if (!credentials) {
        throw new GenerationError('auth', `Resuming the ${name} job ${record.jobId} needs the ${name} credentials`, { provider, requestId: record.jobId });
      }
      const baseUrl = options.baseUrl?.(provider) ?? client.defaultBaseUrl;
      const result = await client.resume(record.jobId, record.expectedFormat ?? undefined, credentials, {
        session,
        baseUrl,
        onStage: onProgress,
        onAccepted: (acceptance) => keeper.accept(acceptance),
        pollIntervalMs: options.pollIntervalMs ?? { first: 1000, max: 3000 },
      });
      saved = await fetchAndSaveTake({
        provider,
        session,
        audio: result.audio,
        expectedFormat: result.expectedFormat,
        requestId: record.requestId ?? record.jobId,
        outputFolder: folder,
        baseName,
        durationMs: result.durationMs,
        hosts,
        sidecar: { ...sidecarDraft(record), requestId: record.requestId ?? record.jobId },
        onProgress: (progress) => onProgress({ stage: 'downloading', ...progress }),
        onSaving: () => onProgress({ stage: 'saving' }),
        onAudioSavedWithoutSidecar: (audioName) => keeper.audioSavedWithoutSidecar(audioName),
      });
    } else {
      throw new GenerationError(
        'server',
        `${name}’s answer held no audio we could find, so there is nothing to download; the answer is kept in ${path.basename(options.recordPath)}`,
        { provider, requestId: record.requestId ?? undefined },
      );
    }
    await removeRecord(options.recordPath, keeper.current);
    return saved;
  } catch (error) {
    const failure = explainFailure(error, provider, timeoutMs, timeout.aborted && !options.signal?.aborted);
    if (credentials) failure.hideSecrets(secretForms(secretsOf(credentials)));
    failure.timeoutSetting = options.timeoutSetting ?? TIMEOUT_SETTING;
    // A job the provider itself ended has nothing left to recover: the record has served its purpose.
    if (failure.providerEnded) await removeRecord(options.recordPath, keeper.current);
    else await keeper.fail(failure);
    throw failure;
  } finally {
    await session.dispatcher.close().catch(() => undefined);
  }
}

/** Inline audio decoded earlier: check it like a download and give it its name. */
async function placeKeptAudio(folder: string, record: RecoveryRecord, keptName: string, baseName: string): Promise<SavedTake> {
  const keptPath = path.join(folder, keptName);
  const stat = await fs.stat(keptPath).catch(() => undefined);
  if (!stat?.isFile()) {
    throw new GenerationError('file-system', `The audio kept as ${keptName} is gone`, { provider: record.provider });
  }
  const audio = await checkAudioFile({
    provider: record.provider,
    tempPath: keptPath,
    bytes: stat.size,
    expectedFormat: record.expectedFormat ?? undefined,
    expectedDurationMs: record.durationMs ?? undefined,
    requestId: record.requestId ?? undefined,
    status: undefined,
  });
  const saved = await placeTake({
    tempPath: keptPath,
    outputFolder: folder,
    baseName,
    extension: audio.format,
    sidecarFor: (audioName) => ({ ...sidecarDraft(record), audio: audioName, format: audio.format, durationMs: record.durationMs }),
  });
  return saved;
}

/** The audio was saved but its sidecar was not: write just the sidecar. */
async function writeMissingSidecar(folder: string, record: RecoveryRecord, audioName: string): Promise<SavedTake> {
  const audioPath = path.join(folder, audioName);
  const stat = await fs.stat(audioPath).catch(() => undefined);
  if (!stat?.isFile()) throw new GenerationError('file-system', `The saved audio ${audioName} is gone`, { provider: record.provider });
  const format = audioName.toLowerCase().endsWith('.wav') ? 'wav' : 'mp3';
  const sidecar: Sidecar = { ...sidecarDraft(record), audio: audioName, format, durationMs: record.durationMs };
  const sidecarPath = path.join(folder, `${audioName.replace(/\.[^.]+$/, '')}.json`);
  const written = await writeSidecar(sidecarPath, sidecar);
  if (written === 'taken') throw new GenerationError('file-system', `${path.basename(sidecarPath)} already exists`, { provider: record.provider });
  if (written !== 'ok') {
    throw new GenerationError('file-system', `The sidecar ${path.basename(sidecarPath)} could not be written (${written.code ?? 'error'})`, {
      provider: record.provider,
    });
  }
  return { audioPath, sidecarPath, sidecar };
}
