/**
 * Reading a file a user (or a repository) put there: a song, a recovery
 * record. Only a regular file under a size bound is read; anything else — a
 * link to /dev/zero (read forever, 16 GB and a crash), a FIFO (a read that
 * never returns), a directory — is refused with a reason worded the same in
 * every command: "does not exist", "is a directory", "is not a regular
 * file", "is larger than 10 MB", "can't be read (permission denied)".
 *
 * The bytes are decoded here too, because only here are they known: UTF-8
 * (a BOM dropped, as editors hide it), or UTF-16 with a BOM (as VS Code opens
 * it). Invalid UTF-8 is decoded with U+FFFD in place of the bad bytes, as
 * VS Code shows it, and the lines it was on are returned so the linter can
 * make each an error before those U+FFFD are sent in a paid request.
 */
import { isUtf8 } from 'node:buffer';
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import { escapeControlCharacters } from './text';

/** A song is a few KB; 10 MB is far past any real one and still lints in well under a second. */
export const MAX_SONG_BYTES = 10 * 1024 * 1024;

/** What kind of problem, for callers that act on it (a record removed while listing is not an error). */
export type FileProblem = 'missing' | 'directory' | 'not-regular' | 'too-large' | 'unreadable' | 'encoding';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type TextFileRead =
  | {
      readonly ok: true;
      readonly text: string;
      readonly encoding: TextEncodingName;
      /** Zero-based lines (as LineIndex counts them) whose bytes were not valid UTF-8; empty when all were. */
      readonly invalidUtf8Lines: readonly number[];
    }
  | {
      readonly ok: false;
      readonly problem: FileProblem;
      /** A predicate to follow the file's name: "is not a regular file". */
      readonly reason: string;
    };

export interface ReadOptions {
  readonly maxBytes: number;
}

/** "10 MB", "512 KB", "100 bytes": how a bound is said in a reason and in the README. */
export function formatBound(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** One line for a terminal or a notification: the name (control characters escaped) and the reason. */
export function describeFileProblem(shownPath: string, reason: string): string {
  return `${escapeControlCharacters(shownPath)} ${reason}`;
}

/** A flag of the platform's open(2), or 0 where it has none: Node's types declare them all, Windows lacks these two. */
function openFlag(name: 'O_NONBLOCK' | 'O_NOCTTY'): number {
  return (constants as Partial<Record<string, number>>)[name] ?? 0;
}

// O_NONBLOCK: opening a FIFO with no writer returns at once instead of
// waiting forever (the open happens before the check of what was opened).
// O_NOCTTY: opening a terminal never makes it the process's controlling one.
const OPEN_FLAGS = constants.O_RDONLY | openFlag('O_NONBLOCK') | openFlag('O_NOCTTY');

const CHUNK_BYTES = 64 * 1024;

/** Reads a regular file of at most `maxBytes` and decodes it; says what is wrong rather than throwing. */
export async function readTextFile(filePath: string, options: ReadOptions): Promise<TextFileRead> {
  const read = await readRegularFile(filePath, options);
  return read.ok ? decodeText(read.bytes) : read;
}

/** The bytes of a regular file of at most `maxBytes`. */
export async function readRegularFile(
  filePath: string,
  { maxBytes }: ReadOptions,
): Promise<{ readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly problem: FileProblem; readonly reason: string }> {
  // Looked at before opening, following links: a device is never opened at all
  // (opening one can have effects of its own, like a tape rewinding).
  let before;
  try {
    before = await fs.stat(filePath);
  } catch (error) {
    return failure(error);
  }
  const refused = refuse(before, maxBytes);
  if (refused) return refused;

  let handle: fs.FileHandle;
  try {
    handle = await fs.open(filePath, OPEN_FLAGS);
  } catch (error) {
    return failure(error);
  }
  try {
    // What was opened is what counts: the path may have been swapped for a
    // link to a device or a FIFO between the look above and the open.
    const opened = await handle.stat();
    const refusedNow = refuse(opened, maxBytes);
    if (refusedNow) return refusedNow;
    // At most maxBytes + 1 are read whatever the size said: a file that grows
    // while it is read, or a /proc file whose size says 0, stays bounded.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { ok: false, problem: 'too-large', reason: `is larger than ${formatBound(maxBytes)}` };
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return failure(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function refuse(
  stat: { isFile(): boolean; isDirectory(): boolean; size: number },
  maxBytes: number,
): { readonly ok: false; readonly problem: FileProblem; readonly reason: string } | undefined {
  if (stat.isDirectory()) return { ok: false, problem: 'directory', reason: 'is a directory' };
  if (!stat.isFile()) return { ok: false, problem: 'not-regular', reason: 'is not a regular file' };
  if (stat.size > maxBytes) return { ok: false, problem: 'too-large', reason: `is larger than ${formatBound(maxBytes)}` };
  return undefined;
}

/** A file-system error in the same words as everywhere else; never Node's own text ("EISDIR: illegal operation…"). */
export function failure(error: unknown): { readonly ok: false; readonly problem: FileProblem; readonly reason: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, problem: 'missing', reason: 'does not exist' };
    case 'EISDIR':
      return { ok: false, problem: 'directory', reason: 'is a directory' };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, problem: 'unreadable', reason: 'can’t be read (permission denied)' };
    case 'ELOOP':
      return { ok: false, problem: 'unreadable', reason: 'can’t be read (a loop of symbolic links)' };
    case 'ENAMETOOLONG':
      return { ok: false, problem: 'unreadable', reason: 'can’t be read (the path is too long)' };
    default:
      return { ok: false, problem: 'unreadable', reason: `can’t be read (${code ?? 'unknown error'})` };
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** Decodes a file's bytes: UTF-8, or UTF-16 when a BOM says so. */
export function decodeText(bytes: Buffer): TextFileRead {
  // UTF-32's BOMs begin like UTF-16's: checked first, and refused plainly.
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return { ok: false, problem: 'encoding', reason: 'is UTF-32: save it as UTF-8' };
  }
  for (const [bom, encoding] of [
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ] as const) {
    if (!startsWith(bytes, bom)) continue;
    try {
      // fatal: a UTF-16 file with an odd byte or a lone surrogate is refused, not guessed at; the BOM is dropped.
      return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding, invalidUtf8Lines: [] };
    } catch {
      return { ok: false, problem: 'encoding', reason: `is not valid ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}: save it as UTF-8` };
    }
  }
  // Editors hide a UTF-8 BOM; dropping it keeps line 1's columns the same as in VS Code.
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  if (isUtf8(body)) return { ok: true, text: body.toString('utf8'), encoding: 'utf-8', invalidUtf8Lines: [] };
  // The WHATWG decoder (what VS Code uses) replaces each bad sequence with one
  // U+FFFD and never swallows the ASCII byte after it, so lines stay as they were.
  return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'utf-8', invalidUtf8Lines: invalidUtf8Lines(body) };
}

/**
 * The lines holding invalid UTF-8, numbered as LineIndex numbers them (LF,
 * CRLF and a lone CR each end a line). Line breaks are ASCII bytes, which
 * never occur inside a valid multi-byte sequence, so each line's bytes can
 * be checked on their own.
 */
function invalidUtf8Lines(bytes: Buffer): number[] {
  const lines: number[] = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const byte = bytes[i];
    if (i < bytes.length && byte !== 0x0a && byte !== 0x0d) continue;
    if (!isUtf8(bytes.subarray(start, i))) lines.push(line);
    if (byte === 0x0d && bytes[i + 1] === 0x0a) i++;
    line++;
    start = i + 1;
  }
  return lines;
}

/** Why a song with invalid UTF-8 is not sent (`lyrics generate`): it names the first such line. */
export function invalidUtf8Reason(lines: readonly number[]): string {
  const more = lines.length > 1 ? ` and ${lines.length - 1} more` : '';
  return `is not valid UTF-8 (line ${(lines[0] ?? 0) + 1}${more}): save it as UTF-8`;
}
