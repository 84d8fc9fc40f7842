/**
 * From the provider's audio to a named take and its sidecar, shared by a
 * fresh generation and by recovery. Nothing is overwritten and nothing is
 * left half-done: the audio goes to a temporary file in the output folder,
 * is checked, and only then is linked into a name that did not exist; the
 * sidecar is created with 'wx'. A failed sidecar never costs the audio.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { HttpSession } from '../net/http';
import type { AudioSource } from '../providers/types';
import type { AudioFormat, ProviderId } from '../schema';
import type { Sidecar } from '../takes/sidecar';
import { downloadAudio, isFileSystemError, writeInlineAudio, type AudioHostPolicy, type DownloadedAudio, type DownloadProgress } from './download';
import { GenerationError, PROVIDER_NAMES } from '../errors';

export interface SavedTake {
  readonly audioPath: string;
  readonly sidecarPath: string;
  readonly sidecar: Sidecar;
}

/** The sidecar minus what only the saved file tells (its name, its real format, its duration). */
export type SidecarDraft = Omit<Sidecar, 'audio' | 'format' | 'durationMs'>;

/** Hooks that let the caller keep its recovery record in step with what is on disk. */
export interface SaveHooks {
  /** Inline audio was decoded to `name` (a hidden file in the folder) but not placed: keep it for recovery. */
  readonly onInlineKept?: (name: string) => void;
  /** The audio got its name but the sidecar could not be written. */
  readonly onAudioSavedWithoutSidecar?: (name: string) => void;
}

export interface FetchAndSaveOptions extends SaveHooks {
  readonly provider: ProviderId;
  readonly session: HttpSession;
  readonly audio: AudioSource;
  readonly expectedFormat: AudioFormat | undefined;
  readonly requestId: string | undefined;
  readonly outputFolder: string;
  /** `<stem>-<YYYYMMDD-HHMMSS>`: the take is `<base>[-n].<ext>`. */
  readonly baseName: string;
  /** What the provider said the song lasts: recorded, and checked against the audio. */
  readonly durationMs: number | undefined;
  /** Where the audio may be downloaded from (from the provider's base URL). */
  readonly hosts: AudioHostPolicy;
  readonly sidecar: SidecarDraft;
  readonly onProgress: (progress: DownloadProgress) => void;
  readonly onSaving?: () => void;
}

function tempPathFor(folder: string, baseName: string): string {
  return path.join(folder, `.${baseName}.${randomBytes(4).toString('hex')}.part`);
}

/** Downloads (or decodes) the audio, checks it, and saves it with its sidecar. */
export async function fetchAndSaveTake(options: FetchAndSaveOptions): Promise<SavedTake> {
  const { provider, outputFolder, baseName } = options;
  const temporary = tempPathFor(outputFolder, baseName);
  let tempPath: string | undefined = temporary;
  try {
    let audio: DownloadedAudio;
    if (options.audio.kind === 'inline') {
      try {
        audio = await writeInlineAudio({
          provider,
          hex: options.audio.hex,
          tempPath: temporary,
          expectedFormat: options.expectedFormat,
          expectedDurationMs: options.durationMs,
          requestId: options.requestId,
          onProgress: options.onProgress,
        });
      } catch (error) {
        if (error instanceof GenerationError && error.kind === 'bad-audio') throw error;
        // The bytes are decoded and on disk: keep them for recovery rather than throw away a paid song.
        tempPath = await keepInline(temporary, outputFolder, baseName, options.onInlineKept);
        throw error;
      }
    } else {
      audio = await downloadFirstWorking(options, temporary);
    }
    options.onSaving?.();
    // The provider's figure, else the one measured from the frames or samples while checking the audio.
    const durationMs = options.durationMs ?? audio.durationMs;
    try {
      const saved = await placeTake({
        tempPath: temporary,
        outputFolder,
        baseName,
        extension: audio.format,
        sidecarFor: (audioName) => ({ ...options.sidecar, audio: audioName, format: audio.format, durationMs }),
        onAudioSavedWithoutSidecar: options.onAudioSavedWithoutSidecar,
      });
      tempPath = undefined;
      return saved;
    } catch (error) {
      if (options.audio.kind === 'inline' && !(error instanceof SidecarWriteError)) {
        tempPath = await keepInline(temporary, outputFolder, baseName, options.onInlineKept);
      }
      if (error instanceof SidecarWriteError) tempPath = undefined;
      throw asFileSystemError(provider, error);
    }
  } finally {
    if (tempPath) await fs.rm(tempPath, { force: true }).catch(() => undefined);
  }
}

/** Tries each URL the provider gave, best first; the last failure is the one reported. */
async function downloadFirstWorking(options: FetchAndSaveOptions, tempPath: string): Promise<DownloadedAudio> {
  const urls = options.audio.kind === 'urls' ? options.audio.urls : [];
  let last: unknown = new GenerationError('server', `${PROVIDER_NAMES[options.provider]} gave no audio URL`, { provider: options.provider });
  for (const url of urls) {
    try {
      return await downloadAudio({
        provider: options.provider,
        session: options.session,
        url,
        tempPath,
        expectedFormat: options.expectedFormat,
        expectedDurationMs: options.durationMs,
        requestId: options.requestId,
        hosts: options.hosts,
        onProgress: options.onProgress,
      });
    } catch (error) {
      last = error;
      // A cancel, a timeout or our own disk failing is not the URL's fault: don't try the next one.
      if (!(error instanceof GenerationError) || ['canceled', 'timeout', 'file-system'].includes(error.kind)) throw error;
    }
  }
  throw last;
}

/** The hidden name inline audio is kept under until it is recovered. */
export function inlineKeepName(baseName: string): string {
  return `.${baseName}.${randomBytes(3).toString('hex')}.pending-audio`;
}

async function keepInline(tempPath: string, folder: string, baseName: string, onKept: ((name: string) => void) | undefined): Promise<string | undefined> {
  const name = inlineKeepName(baseName);
  try {
    await fs.rename(tempPath, path.join(folder, name));
    onKept?.(name);
    return undefined;
  } catch {
    return tempPath; // could not keep it (it may not even exist): the finally removes what is there
  }
}

function asFileSystemError(provider: ProviderId, error: unknown): unknown {
  if (error instanceof SidecarWriteError) return error.failure;
  if (isFileSystemError(error)) {
    return new GenerationError(
      'file-system',
      `Couldn’t write the take from ${PROVIDER_NAMES[provider]}: ${error.code ?? 'error'} on ${error.syscall ?? 'write'}`,
      {
        provider,
        cause: error,
      },
    );
  }
  return error;
}

/** The audio is saved under `audioName`, but its sidecar is not. */
class SidecarWriteError extends Error {
  constructor(readonly failure: GenerationError) {
    super(failure.message);
  }
}

/**
 * Moves the checked temporary file to the first free `<base>[-n]` name and
 * writes the sidecar beside it. A hard link fails if the name exists, so a
 * take that appeared meanwhile (another window, the CLI) is never
 * overwritten; the sidecar is created with 'wx' for the same reason.
 */
export async function placeTake(options: {
  tempPath: string;
  outputFolder: string;
  baseName: string;
  extension: string;
  sidecarFor: (audioName: string) => Sidecar;
  onAudioSavedWithoutSidecar?: ((name: string) => void) | undefined;
  /** Keep the source file (recovery of kept inline audio removes it itself). */
  keepSource?: boolean;
}): Promise<SavedTake> {
  for (let n = 1; n < 10_000; n++) {
    const base = `${options.baseName}${n > 1 ? `-${n}` : ''}`;
    const audioPath = path.join(options.outputFolder, `${base}.${options.extension}`);
    const sidecarPath = path.join(options.outputFolder, `${base}.json`);
    if (await exists(sidecarPath)) continue;
    if (!(await placeWithoutOverwriting(options.tempPath, audioPath))) continue;
    const sidecar = options.sidecarFor(path.basename(audioPath));
    const written = await writeSidecar(sidecarPath, sidecar);
    if (written === 'taken') {
      // Someone else's sidecar appeared under this name: give the name back and try the next.
      await fs.rm(audioPath, { force: true });
      continue;
    }
    if (!options.keepSource) await fs.rm(options.tempPath, { force: true });
    if (written !== 'ok') {
      options.onAudioSavedWithoutSidecar?.(path.basename(audioPath));
      const provider = sidecar.provider;
      throw new SidecarWriteError(
        new GenerationError(
          'file-system',
          `The take was saved as ${path.basename(audioPath)}, but its sidecar could not be written (${written.code ?? 'error'})`,
          { provider, cause: written },
        ),
      );
    }
    return { audioPath, sidecarPath, sidecar };
  }
  throw new Error(`No free file name for the take in ${options.outputFolder}`);
}

/** Writes a sidecar with 'wx'; never leaves a partial (0-byte) one behind. */
export async function writeSidecar(sidecarPath: string, sidecar: Sidecar): Promise<'ok' | 'taken' | NodeJS.ErrnoException> {
  let created = false;
  try {
    const handle = await fs.open(sidecarPath, 'wx');
    created = true;
    try {
      await handle.writeFile(`${JSON.stringify(sidecar, null, 2)}\n`);
    } finally {
      await handle.close();
    }
    return 'ok';
  } catch (error) {
    if (!created && (error as NodeJS.ErrnoException).code === 'EEXIST') return 'taken';
    if (created) await fs.rm(sidecarPath, { force: true }).catch(() => undefined);
    return error as NodeJS.ErrnoException;
  }
}

/** Links (or, where links are unsupported, copies exclusively) `from` to `to`; false if `to` exists. */
export async function placeWithoutOverwriting(from: string, to: string): Promise<boolean> {
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

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
