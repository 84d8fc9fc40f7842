/**
 * The takes of a song, read from the sidecar JSON files in its output folder
 * (`song-20261121-101500.json` beside `song-20261121-101500.mp3`), newest
 * first. Used by the player; pure Node (no `vscode`), so it is unit-tested
 * against real folders.
 *
 * A folder is user territory: sidecars may be hand-edited, truncated, or not
 * JSON at all, and audio files may vanish. Nothing here throws for that; each
 * problem becomes a take entry with a `problem` the player shows.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { formatBound, readTextFile } from '../files';
import { belongsToSongByStem, parseTakeName } from './naming';
import { sidecarSchema, type Sidecar } from './sidecar';

/** A sidecar is a few KB; anything past this is not one, and is not worth reading. */
export const MAX_SIDECAR_BYTES = 1024 * 1024;
/**
 * The largest audio the player serves: the download's own cap (512 MB, far
 * above any real song). A bigger "take" is refused rather than streamed into
 * the webview.
 */
export const MAX_TAKE_AUDIO_BYTES = 512 * 1024 * 1024;

/**
 * Sidecars already read, keyed by path, with the size and mtime they had:
 * a file event in a folder of thousands of takes then re-reads only the
 * sidecars that changed (each listing still stats every one, which is cheap).
 */
export class SidecarCache {
  private readonly byPath = new Map<string, { readonly size: number; readonly mtimeMs: number; readonly text: string }>();
  /** How many sidecars were read from disk (the tests count them). */
  reads = 0;

  get(file: string, size: number, mtimeMs: number): string | undefined {
    const hit = this.byPath.get(file);
    return hit && hit.size === size && hit.mtimeMs === mtimeMs ? hit.text : undefined;
  }

  set(file: string, size: number, mtimeMs: number, text: string): void {
    this.reads++;
    this.byPath.set(file, { size, mtimeMs, text });
  }

  /** Forgets sidecars no longer listed, so the cache never outgrows the folder. */
  keepOnly(files: ReadonlySet<string>): void {
    for (const file of this.byPath.keys()) if (!files.has(file)) this.byPath.delete(file);
  }
}

export interface TakeEntry {
  /**
   * Stable id within the folder: the sidecar's file name, or the audio's for
   * an audio file without one. The player's messages name takes by this id,
   * and the host acts only on ids it listed.
   */
  readonly id: string;
  /** Absolute path of the audio, or null when the sidecar names none usable. */
  readonly audioPath: string | null;
  readonly audioExists: boolean;
  readonly sidecarPath: string | null;
  /** The parsed sidecar, or null when it is missing or unusable. */
  readonly sidecar: Sidecar | null;
  /** When the take was made: the sidecar's createdAt, else the time in its name, else the file's mtime. */
  readonly createdAt: Date | null;
  /** Why this take can't be played or shown in full, in words for the user; null when fine. */
  readonly problem: string | null;
}

export type SidecarParse = { readonly ok: true; readonly sidecar: Sidecar } | { readonly ok: false; readonly reason: string };

/** Parses a sidecar's text; says what is wrong rather than throwing. */
export function parseSidecarText(text: string): SidecarParse {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = sidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    return { ok: false, reason: `it is not a take sidecar (${where}: ${issue?.message ?? 'unexpected shape'})` };
  }
  return { ok: true, sidecar: parsed.data };
}

export { parseTakeName };

function sameFile(a: string, b: string): boolean {
  const normalise = (p: string): string => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return normalise(a) === normalise(b);
}

/**
 * Whether a sidecar in `folder` belongs to the song at `songPath`: its `song`
 * field names that file when it has one (two songs with one stem in different
 * folders may share an output folder); otherwise its name has the song's stem.
 */
export function belongsToSong(sidecarName: string, sidecar: Sidecar | null, folder: string, songPath: string): boolean {
  if (sidecar?.song) return sameFile(path.resolve(folder, sidecar.song), songPath);
  return belongsToSongByStem(sidecarName.replace(/\.json$/i, ''), songPath);
}

/** Newest first; takes made in the same second by their `-n` suffix, then by id, so the order is total. */
export function compareNewestFirst(a: TakeEntry, b: TakeEntry): number {
  const time = (b.createdAt?.getTime() ?? -Infinity) - (a.createdAt?.getTime() ?? -Infinity);
  if (time !== 0 && !Number.isNaN(time)) return time;
  const sequence = (entry: TakeEntry): number => parseTakeName(entry.id.replace(/\.[^.]+$/, ''))?.sequence ?? 0;
  const bySequence = sequence(b) - sequence(a);
  if (bySequence !== 0) return bySequence;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export interface ListTakesOptions {
  /** Only the takes of this song (absolute path of the .lyrics file); all sidecars in the folder when absent. */
  readonly songPath?: string;
  /** An audio file in the folder to list even when no sidecar describes it (the file opened from the explorer). */
  readonly includeAudio?: string;
  /** Reuse sidecars read by an earlier listing when their size and mtime are unchanged. */
  readonly cache?: SidecarCache;
}

/**
 * Why an audio file can't be served to the player, or null when it can: only
 * a regular file (after following links) under MAX_TAKE_AUDIO_BYTES. A link
 * to /dev/zero or a FIFO would be streamed forever into the webview.
 */
export async function audioFileProblem(audioPath: string): Promise<string | null> {
  const name = path.basename(audioPath);
  let stat;
  try {
    stat = await fs.stat(audioPath);
  } catch {
    return `The audio file ${name} is missing.`;
  }
  if (stat.isDirectory()) return `The audio file ${name} is a directory.`;
  if (!stat.isFile()) return `The audio file ${name} is not a regular file.`;
  if (stat.size > MAX_TAKE_AUDIO_BYTES) return `The audio file ${name} is larger than ${formatBound(MAX_TAKE_AUDIO_BYTES)}.`;
  return null;
}

/** Every take in `folder`, newest first. A missing folder has no takes. */
export async function listTakes(folder: string, options: ListTakesOptions = {}): Promise<TakeEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') names = [];
    else throw error;
  }
  const present = new Set(names);
  const entries: TakeEntry[] = [];
  const described = new Set<string>(); // audio names some sidecar lists

  for (const name of names) {
    if (!name.toLowerCase().endsWith('.json') || name.startsWith('.')) continue;
    const entry = await readTake(folder, name, present, options.cache);
    if (!entry) continue;
    if (options.songPath && !belongsToSong(name, entry.sidecar, folder, options.songPath)) continue;
    if (entry.audioPath) described.add(path.basename(entry.audioPath));
    entries.push(entry);
  }

  if (options.includeAudio && sameFile(path.dirname(options.includeAudio), folder)) {
    const audioName = path.basename(options.includeAudio);
    if (!described.has(audioName)) {
      const problem = present.has(audioName) ? await audioFileProblem(path.join(folder, audioName)) : `The audio file ${audioName} is missing.`;
      entries.push({
        id: audioName,
        audioPath: path.join(folder, audioName),
        audioExists: problem === null,
        sidecarPath: null,
        sidecar: null,
        createdAt: parseTakeName(audioName.replace(/\.[^.]+$/, ''))?.date ?? (await modifiedTime(path.join(folder, audioName))),
        problem,
      });
    }
  }
  options.cache?.keepOnly(new Set(entries.flatMap((entry) => (entry.sidecarPath ? [entry.sidecarPath] : []))));
  return entries.sort(compareNewestFirst);
}

/** A sidecar's text, read only when it is a regular file under the bound (and not already cached unchanged). */
async function readSidecar(
  sidecarPath: string,
  cache: SidecarCache | undefined,
): Promise<{ ok: true; text: string } | { ok: false; skip: boolean; reason: string }> {
  let stat;
  try {
    stat = await fs.stat(sidecarPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, skip: true, reason: '' }; // deleted while listing
    return { ok: false, skip: false, reason: `it could not be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  }
  if (stat.isDirectory()) return { ok: false, skip: true, reason: '' }; // a folder named x.json is not ours
  const cached = stat.isFile() ? cache?.get(sidecarPath, stat.size, stat.mtimeMs) : undefined;
  if (cached !== undefined) return { ok: true, text: cached };
  // The shared bounded reader: regular files only (checked again on what was opened), at most MAX_SIDECAR_BYTES.
  const read = await readTextFile(sidecarPath, { maxBytes: MAX_SIDECAR_BYTES });
  if (!read.ok) {
    if (read.problem === 'missing' || read.problem === 'directory') return { ok: false, skip: true, reason: '' };
    return { ok: false, skip: false, reason: `it ${read.reason}` };
  }
  cache?.set(sidecarPath, stat.size, stat.mtimeMs, read.text);
  return { ok: true, text: read.text };
}

async function readTake(folder: string, name: string, present: ReadonlySet<string>, cache: SidecarCache | undefined): Promise<TakeEntry | undefined> {
  const sidecarPath = path.join(folder, name);
  const read = await readSidecar(sidecarPath, cache);
  if (!read.ok) return read.skip ? undefined : brokenTake(name, sidecarPath, read.reason);
  const text = read.text;
  const parsed = parseSidecarText(text);
  if (!parsed.ok) {
    // Only a .json that looks like a take's is reported; other JSON files in the folder are not ours.
    return parseTakeName(name.replace(/\.json$/i, '')) ? brokenTake(name, sidecarPath, parsed.reason) : undefined;
  }
  const sidecar = parsed.sidecar;
  const createdAt = validDate(sidecar.createdAt) ?? parseTakeName(name.replace(/\.json$/i, ''))?.date ?? null;
  // The sidecar names its audio by file name in the same folder; anything with a path
  // could point the player (reveal, delete) outside the folder, so it is refused.
  if (sidecar.audio !== path.basename(sidecar.audio) || sidecar.audio === '.' || sidecar.audio === '..') {
    return {
      id: name,
      audioPath: null,
      audioExists: false,
      sidecarPath,
      sidecar,
      createdAt,
      problem: `${name} names its audio "${sidecar.audio}", which is not a file in this folder.`,
    };
  }
  const audioPath = path.join(folder, sidecar.audio);
  // Listed but not servable (a link to /dev/zero, a FIFO, a huge file): the take shows why and is never played.
  const problem = present.has(sidecar.audio) ? await audioFileProblem(audioPath) : `The audio file ${sidecar.audio} is missing.`;
  return {
    id: name,
    audioPath,
    audioExists: problem === null,
    sidecarPath,
    sidecar,
    createdAt,
    problem,
  };
}

function brokenTake(name: string, sidecarPath: string, reason: string): TakeEntry {
  return {
    id: name,
    audioPath: null,
    audioExists: false,
    sidecarPath,
    sidecar: null,
    createdAt: parseTakeName(name.replace(/\.json$/i, ''))?.date ?? null,
    problem: `The sidecar ${name} can't be used: ${reason}.`,
  };
}

function validDate(text: string): Date | undefined {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

async function modifiedTime(file: string): Promise<Date | null> {
  try {
    return (await fs.stat(file)).mtime;
  } catch {
    return null;
  }
}
