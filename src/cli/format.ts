/**
 * `lyrics format [--check | --write] <file|dir>...`: the editor's Format
 * Document (core/format.ts) from the terminal. With one file and no option
 * the formatted text goes to stdout; `--write` rewrites the files that change
 * and lists them; `--check` lists the files that would change.
 *
 * Files are found, read and written as `lyrics lint --fix` does (the same
 * walk, and the same atomic replacement keeping encoding, BOM and mode). A
 * file that is not valid UTF-8 is refused: writing it back would turn the
 * bytes that could not be read into "�" for good.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeText, describeFileProblem, invalidUtf8Reason, MAX_SONG_BYTES, readRegularFile } from '../core/files';
import { formatSong } from '../core/format';
import { escapeControlCharacters } from '../core/text';
import type { CliIo } from './io';
import { encodeText, replaceFile, songFiles } from './lint';

const EXIT_OK = 0;
const EXIT_WOULD_CHANGE = 1;
const EXIT_USAGE = 2;

export async function runFormat(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { check: { type: 'boolean' }, write: { type: 'boolean' } } });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const { check = false, write = false } = parsed.values;
  const paths = parsed.positionals;
  if (check && write) return usageError(io, '--check and --write exclude each other');
  if (paths.length === 0) return usageError(io, 'format needs at least one file or directory');
  const toStdout = !check && !write;
  if (toStdout && (paths.length > 1 || isDirectory(paths[0] ?? '')))
    return usageError(io, 'format prints one file; to format several, use --write (or --check)');

  const unreadable: string[] = [];
  let changed = 0;
  for (const file of songFiles(paths, unreadable)) {
    // The bytes, not only the text: a UTF-8 BOM is written back as it was.
    const read = await readRegularFile(file, { maxBytes: MAX_SONG_BYTES });
    const decoded = read.ok ? decodeText(read.bytes) : read;
    if (!decoded.ok || decoded.invalidUtf8Lines.length > 0) {
      unreadable.push(describeFileProblem(file, decoded.ok ? invalidUtf8Reason(decoded.invalidUtf8Lines) : decoded.reason));
      continue;
    }
    const formatted = formatSong(decoded.text);
    if (toStdout) {
      io.stdout(formatted);
      continue;
    }
    if (formatted === decoded.text) continue;
    if (write) {
      const hadBom = read.ok && read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf;
      const written = await replaceFile(file, encodeText(formatted, decoded.encoding, hadBom));
      if (!written.ok) {
        unreadable.push(describeFileProblem(file, written.reason));
        continue;
      }
    }
    changed++;
    io.stdout(`${escapeControlCharacters(file)}\n`);
  }
  for (const problem of unreadable) io.stderr(`lyrics: ${problem}\n`);
  if (unreadable.length > 0) return EXIT_USAGE;
  return check && changed > 0 ? EXIT_WOULD_CHANGE : EXIT_OK;
}

/** Whether the path is a directory; a path that can't be looked at is reported when it is read. */
function isDirectory(given: string): boolean {
  try {
    return fs.statSync(given).isDirectory();
  } catch {
    return false;
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}
