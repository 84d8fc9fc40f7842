/**
 * Recovery records: `<song>-<YYYYMMDD-HHMMSS>.pending.json` in the output
 * folder, written the moment a provider accepts a song (so a crash, a closed
 * window or Ctrl+C mid-download still leaves one) and removed once the take
 * and its sidecar are saved. A record holds everything needed to get the paid
 * song without paying again: the audio URLs, or the Scenario job id to poll,
 * the song as sent, and the provider's answer (for a person, or a later
 * version, to read when we could not).
 *
 * Records are user territory like sidecars: read with a size bound, parsed
 * with a schema, and never trusted to name files outside their folder.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { readTextFile } from '../files';
import { hideSecrets, secretForms } from '../net/redact';
import { AUDIO_FORMATS, PROVIDER_IDS } from '../schema';
import { belongsToSongByStem, timestampForName, songStem } from './naming';
import { sidecarSchema } from './sidecar';

export const RECORD_SUFFIX = '.pending.json';
export const RECORD_KIND = 'lyrics-studio/pending-take';
export const RECORD_VERSION = 1;
/** The provider's answer is kept up to this many characters. */
export const MAX_ANSWER_CHARS = 64 * 1024;
/** A record is a few KB; anything far larger is not one of ours. */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

const attemptSchema = z.object({ at: z.string(), reason: z.string() });

export const recoveryRecordSchema = z.object({
  kind: z.literal(RECORD_KIND),
  version: z.number(),
  provider: z.enum(PROVIDER_IDS),
  /** The provider's model id, as in the sidecar. */
  model: z.string(),
  settings: sidecarSchema.shape.settings,
  prompt: z.string(),
  lyrics: z.string(),
  title: z.nullable(z.string()),
  /** The song file, relative to the record's folder. */
  song: z.nullable(z.string()),
  /** When the provider accepted the song. */
  submittedAt: z.string(),
  /** The request's id at the provider (Cloudflare's AI Gateway log id, MiniMax's trace id, Scenario's job id). */
  requestId: z.nullable(z.string()),
  /** Scenario: the job to poll again. */
  jobId: z.nullable(z.string()),
  /** Every audio URL the answer held, best first; signed and temporary (MiniMax: 24 h). */
  audioUrls: z.array(z.string()),
  /**
   * Audio that came inline (MiniMax hex) and was decoded but could not be
   * placed: a hidden file in the same folder holding the bytes.
   */
  inlineAudio: z.nullable(z.string()),
  /** The take's audio when it was saved but its sidecar could not be: recovery writes just the sidecar. */
  savedAudio: z.optional(z.nullable(z.string())),
  /** The format the bytes must have, or null when the API has no format field (Scenario). */
  expectedFormat: z.nullable(z.enum(AUDIO_FORMATS)),
  durationMs: z.nullable(z.number()),
  /** The provider's answer, secrets redacted, cut at MAX_ANSWER_CHARS. */
  answer: z.nullable(z.string()),
  /** Why the take is not saved yet (the latest reason). */
  reason: z.string(),
  /** Every attempt's reason, oldest first. */
  attempts: z.array(attemptSchema),
  demo: z.optional(z.boolean()),
});

export type RecoveryRecord = z.infer<typeof recoveryRecordSchema>;

/** What a record allows: download again, poll the job again, or nothing but reading the kept answer. */
export type RecoveryAction = 'download' | 'resume' | 'none';

export function recoveryAction(record: RecoveryRecord): RecoveryAction {
  if (record.audioUrls.length > 0 || record.inlineAudio || record.savedAudio) return 'download';
  if (record.jobId) return 'resume';
  return 'none';
}

/** The base name (`song-20261121-101500`) records and takes of one generation share. */
export function recordBaseName(recordPath: string): string {
  return path.basename(recordPath).slice(0, -RECORD_SUFFIX.length);
}

export function isRecordName(name: string): boolean {
  return name.toLowerCase().endsWith(RECORD_SUFFIX) && !name.startsWith('.') && name.length > RECORD_SUFFIX.length;
}

/**
 * Cuts the provider's answer and hides every form of every secret in it
 * (`***`, as in messages: see secretForms). Only the part that is kept is
 * searched — a MiniMax answer may be hundreds of MB of hex — with room for a
 * secret that straddles the cut.
 */
export function redactAnswer(answer: string, secrets: readonly string[]): { text: string } {
  const forms = secretForms(secrets);
  const margin = forms.reduce((longest, form) => Math.max(longest, form.length), 0);
  let text = hideSecrets(answer.length > MAX_ANSWER_CHARS + margin ? answer.slice(0, MAX_ANSWER_CHARS + margin) : answer, forms);
  if (answer.length > MAX_ANSWER_CHARS) text = `${text.slice(0, MAX_ANSWER_CHARS)}… [cut at ${MAX_ANSWER_CHARS} characters]`;
  return { text };
}

function serialise(record: RecoveryRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Creates a new record under the first free `<stem>-<time>[-n].pending.json`
 * name (never overwriting anything) and returns its path.
 */
export async function createRecord(folder: string, songPath: string, createdAt: Date, record: RecoveryRecord): Promise<string> {
  const base = `${songStem(songPath)}-${timestampForName(createdAt)}`;
  for (let n = 1; n < 10_000; n++) {
    const recordPath = path.join(folder, `${base}${n > 1 ? `-${n}` : ''}${RECORD_SUFFIX}`);
    try {
      await fs.writeFile(recordPath, serialise(record), { flag: 'wx' });
      return recordPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      // A partly written record (disk full) must not be left as a 0-byte file.
      await fs.rm(recordPath, { force: true }).catch(() => undefined);
      throw error;
    }
  }
  throw new Error(`No free file name for a recovery record in ${folder}`);
}

/** Replaces our own record atomically (temporary file, then rename), so it is never half-written. */
export async function updateRecord(recordPath: string, record: RecoveryRecord): Promise<void> {
  const temp = path.join(path.dirname(recordPath), `.${path.basename(recordPath)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, serialise(record), { flag: 'wx' });
    await fs.rename(temp, recordPath);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Adds a failed attempt's reason (the latest becomes `reason`). */
export function withAttempt(record: RecoveryRecord, reason: string, at: Date): RecoveryRecord {
  return { ...record, reason, attempts: [...record.attempts, { at: at.toISOString(), reason }] };
}

export type RecordRead = { readonly ok: true; readonly record: RecoveryRecord } | { readonly ok: false; readonly reason: string };

/**
 * Reads and checks a record; says what is wrong rather than throwing. The
 * reason follows "it", in the words every command uses for files
 * ("it does not exist", "it is not a regular file", "it is larger than 4 MB").
 */
export async function readRecord(recordPath: string): Promise<RecordRead> {
  // Only a regular file under the bound: a record linked to /dev/zero or a FIFO is refused, not read forever.
  const read = await readTextFile(recordPath, { maxBytes: MAX_RECORD_BYTES });
  // Invalid UTF-8 is let through (as U+FFFD): the URLs and ids that recover a paid song are ASCII and still usable.
  if (!read.ok) return { ok: false, reason: `it ${read.reason}` };
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  const parsed = recoveryRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    return { ok: false, reason: `it is not a recovery record (${where}: ${issue?.message ?? 'unexpected shape'})` };
  }
  const record = parsed.data;
  // Files are named by file name in the same folder; a path could point anywhere.
  for (const name of [record.inlineAudio, record.savedAudio]) {
    if (name !== null && name !== undefined && (name !== path.basename(name) || name === '..' || name === '.' || name === '')) {
      return { ok: false, reason: `it names "${name}", which is not a file in its folder` };
    }
  }
  return { ok: true, record };
}

export interface RecordEntry {
  /** The record's file name: the player's id for it. */
  readonly id: string;
  readonly recordPath: string;
  readonly record: RecoveryRecord | null;
  /** Why the record can't be used; null when fine. */
  readonly problem: string | null;
  readonly action: RecoveryAction;
  readonly createdAt: Date | null;
}

/** Whether a record belongs to the song: its `song` field names the file, else its name has the song's stem. */
export function recordBelongsToSong(name: string, record: RecoveryRecord | null, folder: string, songPath: string): boolean {
  if (record?.song) return path.resolve(folder, record.song) === path.resolve(songPath);
  return belongsToSongByStem(name.slice(0, -RECORD_SUFFIX.length), songPath);
}

/** The recovery records in `folder` (of one song when `songPath` is given), newest first. */
export async function listRecords(folder: string, songPath?: string): Promise<RecordEntry[]> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const entries: RecordEntry[] = [];
  for (const name of names.filter(isRecordName)) {
    const recordPath = path.join(folder, name);
    const read = await readRecord(recordPath);
    if (!read.ok && read.reason === 'it does not exist') continue; // removed while listing
    const record = read.ok ? read.record : null;
    if (songPath && !recordBelongsToSong(name, record, folder, songPath)) continue;
    const created = record ? new Date(record.submittedAt) : null;
    entries.push({
      id: name,
      recordPath,
      record,
      problem: read.ok ? null : `The recovery record ${name} can't be used: ${read.reason}.`,
      action: record ? recoveryAction(record) : 'none',
      createdAt: created && !Number.isNaN(created.getTime()) ? created : null,
    });
  }
  return entries.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || (a.id < b.id ? -1 : 1));
}

/** Removes a record and the inline audio it kept, if any. */
export async function removeRecord(recordPath: string, record: RecoveryRecord | null): Promise<void> {
  if (record?.inlineAudio) await fs.rm(path.join(path.dirname(recordPath), record.inlineAudio), { force: true });
  await fs.rm(recordPath, { force: true });
}
