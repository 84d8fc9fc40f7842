/**
 * `lyrics lint`: finds the files, runs the core linter, prints the results.
 * `lyrics lint --fix` first applies every safe fix (core/fixes.ts, the
 * editor's fix-all) and rewrites the files that change.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { analyzeSong } from '../core/analysis';
import { decodeText, describeFileProblem, failure, MAX_SONG_BYTES, readRegularFile, readTextFile, type TextEncodingName } from '../core/files';
import { fixAll, type AppliedFix } from '../core/fixes';
import { lintLyrics, type LyricsDiagnostic } from '../core/lint';
import { DEFAULT_PROVIDER, type ProviderId } from '../core/schema';
import { escapeControlCharacters } from '../core/text';

/**
 * Where `lyrics generate` sends a song without `provider` (it has no settings
 * file), so lint judges such a song for the same provider: a file that lints
 * clean here is one generate will send.
 */
export const CLI_DEFAULT_PROVIDER: ProviderId = DEFAULT_PROVIDER;

export interface FileResult {
  /** The path as given on the command line, or as found under a given directory. */
  readonly file: string;
  readonly diagnostics: readonly LyricsDiagnostic[];
}

export async function lintPaths(paths: readonly string[]): Promise<{ results: FileResult[]; unreadable: string[] }> {
  const results: FileResult[] = [];
  const unreadable: string[] = [];
  for (const file of songFiles(paths, unreadable)) {
    // Only a regular file under the bound is read: a `.lyrics` link to
    // /dev/zero or to a FIFO is reported, never read forever or waited on.
    const read = await readTextFile(file, { maxBytes: MAX_SONG_BYTES });
    if (!read.ok) {
      unreadable.push(describeFileProblem(file, read.reason));
      continue;
    }
    const { diagnostics } = lintLyrics(read.text, { defaultProvider: CLI_DEFAULT_PROVIDER, invalidUtf8Lines: read.invalidUtf8Lines });
    results.push({ file, diagnostics });
  }
  return { results, unreadable };
}

export interface FixedFileResult extends FileResult {
  /** The fixes applied to the file, in order; `diagnostics` are what remains after them. */
  readonly fixed: readonly AppliedFix[];
}

/**
 * `lyrics lint --fix`: every safe fix applied, each changed file replaced
 * atomically in its own encoding (a UTF-8 BOM, UTF-16 and the line endings
 * kept). A file whose bytes are not all UTF-8 is linted but not rewritten:
 * writing it back would turn the unreadable bytes into "�" for good.
 * `unreadable` also holds the files that could not be written.
 */
export async function fixPaths(paths: readonly string[]): Promise<{ results: FixedFileResult[]; unreadable: string[]; notFixed: string[] }> {
  const results: FixedFileResult[] = [];
  const unreadable: string[] = [];
  const notFixed: string[] = [];
  for (const file of songFiles(paths, unreadable)) {
    // The bytes, not only the text: whether there was a UTF-8 BOM is written back as it was.
    const read = await readRegularFile(file, { maxBytes: MAX_SONG_BYTES });
    if (!read.ok) {
      unreadable.push(describeFileProblem(file, read.reason));
      continue;
    }
    const decoded = decodeText(read.bytes);
    if (!decoded.ok) {
      unreadable.push(describeFileProblem(file, decoded.reason));
      continue;
    }
    const analysis = analyzeSong(decoded.text, { defaultProvider: CLI_DEFAULT_PROVIDER, invalidUtf8Lines: decoded.invalidUtf8Lines });
    if (decoded.invalidUtf8Lines.length > 0) {
      notFixed.push(describeFileProblem(file, 'was not fixed: it is not valid UTF-8 (save it as UTF-8 first)'));
      results.push({ file, fixed: [], diagnostics: analysis.lint.diagnostics });
      continue;
    }
    const fixedSong = fixAll(analysis);
    if (fixedSong.fixed.length > 0) {
      const hadBom = read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf;
      const written = await replaceFile(file, encodeText(fixedSong.text, decoded.encoding, hadBom));
      if (!written.ok) {
        unreadable.push(describeFileProblem(file, written.reason));
        results.push({ file, fixed: [], diagnostics: analysis.lint.diagnostics });
        continue;
      }
    }
    results.push({ file, fixed: fixedSong.fixed, diagnostics: fixedSong.analysis.lint.diagnostics });
  }
  return { results, unreadable, notFixed };
}

/** The files the given paths name: each file as given, each directory searched (see findLyricsFiles). */
export function* songFiles(paths: readonly string[], unreadable: string[]): Generator<string> {
  for (const given of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = fs.statSync(given).isDirectory();
    } catch (error) {
      unreadable.push(describeFileProblem(given, failure(error).reason));
      continue;
    }
    yield* isDirectory ? findLyricsFiles(given, unreadable) : [given];
  }
}

/** The bytes of a text in the encoding it was read in (decodeText drops the BOM; UTF-16 is only read with one). */
export function encodeText(text: string, encoding: TextEncodingName, utf8Bom: boolean): Buffer {
  if (encoding === 'utf-8') return Buffer.from(utf8Bom ? `\uFEFF${text}` : text, 'utf8');
  const littleEndian = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return encoding === 'utf-16le' ? littleEndian : littleEndian.swap16();
}

/**
 * Replaces a file's content atomically: a temporary file beside the real one
 * (a link is followed, so the link stays a link), given the file's mode,
 * written and flushed, then renamed over it. Readers see the old bytes or
 * the new ones, never half of them.
 */
export async function replaceFile(file: string, bytes: Buffer): Promise<{ ok: true } | { ok: false; reason: string }> {
  let target: string;
  let mode: number;
  try {
    target = await fsp.realpath(file);
    mode = (await fsp.stat(target)).mode & 0o7777;
  } catch (error) {
    return { ok: false, reason: writeFailure(error) };
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fsp.open(temporary, 'wx', mode);
    try {
      await handle.writeFile(bytes);
      await handle.chmod(mode); // open's mode passes through the umask
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temporary, target);
    return { ok: true };
  } catch (error) {
    await fsp.rm(temporary, { force: true }).catch(() => undefined);
    return { ok: false, reason: writeFailure(error) };
  }
}

function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'can’t be written (permission denied)';
  if (code === 'EROFS') return 'can’t be written (read-only file system)';
  if (code === 'ENOSPC') return 'can’t be written (no space left on the device)';
  return `can’t be written (${code ?? 'unknown error'})`;
}

/**
 * `*.lyrics` under a directory, depth first in name order; skips node_modules
 * and dot-folders. Every entry named `*.lyrics` that is not a directory is
 * listed, whatever it is (a link, a FIFO, a device): the reader reports what
 * is not a regular file instead of leaving it out unsaid.
 */
function findLyricsFiles(directory: string, unreadable: string[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    unreadable.push(describeFileProblem(directory, failure(error).reason));
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      // Symbolic links to directories are not followed, so a link cycle cannot loop.
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      found.push(...findLyricsFiles(full, unreadable));
    } else if (entry.name.endsWith('.lyrics')) {
      found.push(full);
    }
  }
  return found;
}

/**
 * `file:line:col severity code message`, 1-based as compilers print them.
 * The file name and the message are escaped: a file named with a line break
 * (or a key holding an escape sequence) must not forge a diagnostic line that
 * a CI problem matcher would read, nor drive the terminal.
 */
export function formatText(results: readonly FileResult[]): string {
  let out = '';
  for (const { file, diagnostics } of results) {
    const shown = escapeControlCharacters(file);
    for (const d of diagnostics) {
      out += `${shown}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${escapeControlCharacters(d.message)}\n`;
    }
  }
  return out;
}

export function formatJson(results: readonly FileResult[]): string {
  const shaped = results.map(({ file, diagnostics }) => ({
    file,
    diagnostics: diagnostics.map(({ code, severity, message, range }) => ({ code, severity, message, range })),
  }));
  return `${JSON.stringify(shaped, null, 2)}\n`;
}

/** `file:line fixed code: old → new`, one line per fix, escaped as formatText escapes. */
export function formatFixedText(results: readonly FixedFileResult[]): string {
  let out = '';
  for (const { file, fixed } of results) {
    const shown = escapeControlCharacters(file);
    for (const fix of fixed) {
      out += `${shown}:${fix.range.start.line + 1} fixed ${fix.code}: ${escapeControlCharacters(fix.oldText)} → ${escapeControlCharacters(fix.newText)}\n`;
    }
  }
  return out;
}

/** lint's JSON with each file's fixes: `fixed: [{code, range, old, new}]` (range zero-based, in the text before that fix). */
export function formatFixedJson(results: readonly FixedFileResult[]): string {
  const shaped = results.map(({ file, fixed, diagnostics }) => ({
    file,
    fixed: fixed.map(({ code, range, oldText, newText }) => ({ code, range, old: oldText, new: newText })),
    diagnostics: diagnostics.map(({ code, severity, message, range }) => ({ code, severity, message, range })),
  }));
  return `${JSON.stringify(shaped, null, 2)}\n`;
}
