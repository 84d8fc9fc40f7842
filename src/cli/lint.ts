/**
 * `lyrics lint`: finds the files, runs the core linter, prints the results.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFileProblem, failure, MAX_SONG_BYTES, readTextFile } from '../core/files';
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
  for (const given of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = fs.statSync(given).isDirectory();
    } catch (error) {
      unreadable.push(describeFileProblem(given, failure(error).reason));
      continue;
    }
    const files = isDirectory ? findLyricsFiles(given, unreadable) : [given];
    for (const file of files) {
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
  }
  return { results, unreadable };
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
