/**
 * `lyrics lint`: finds the files, runs the core linter, prints the results.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintLyrics, type LyricsDiagnostic } from '../core/lint';
import type { ProviderId } from '../core/schema';

/**
 * Where `lyrics generate` sends a song without `provider` (it has no settings
 * file), so lint judges such a song for the same provider: a file that lints
 * clean here is one generate will send.
 */
export const CLI_DEFAULT_PROVIDER: ProviderId = 'cloudflare';

export interface FileResult {
  /** The path as given on the command line, or as found under a given directory. */
  readonly file: string;
  readonly diagnostics: readonly LyricsDiagnostic[];
}

export function lintPaths(paths: readonly string[]): { results: FileResult[]; unreadable: string[] } {
  const results: FileResult[] = [];
  const unreadable: string[] = [];
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      unreadable.push(`cannot read ${given}: ${describeFsError(error)}`);
      continue;
    }
    const files = stat.isDirectory() ? findLyricsFiles(given, unreadable) : [given];
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        unreadable.push(`cannot read ${file}: ${describeFsError(error)}`);
        continue;
      }
      // Editors hide a UTF-8 BOM; dropping it here keeps line 1's columns the same as in VS Code.
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      results.push({ file, diagnostics: lintLyrics(text, { defaultProvider: CLI_DEFAULT_PROVIDER }).diagnostics });
    }
  }
  return { results, unreadable };
}

/** `*.lyrics` under a directory, depth first in name order; skips node_modules and dot-folders. */
function findLyricsFiles(directory: string, unreadable: string[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    unreadable.push(`cannot read ${directory}: ${describeFsError(error)}`);
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
    } else if (entry.name.endsWith('.lyrics') && (entry.isFile() || entry.isSymbolicLink())) {
      found.push(full);
    }
  }
  return found;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `file:line:col severity code message`, 1-based as compilers print them. */
export function formatText(results: readonly FileResult[]): string {
  let out = '';
  for (const { file, diagnostics } of results) {
    for (const d of diagnostics) {
      out += `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}\n`;
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
