/**
 * `lyrics analyze [--format text|json] <file|dir>...`: every sung line of a
 * song with its syllables and its letter in the section's rhyme scheme, as
 * the editor's inlay hints show them (the same core: core/ear).
 *
 * Text: one line per sung line, `10  8  A  Paper boats on a winter stream`
 * (1-based line, syllables of the common pronunciation, rhyme letter or `-`,
 * the line); with several files, each file's lines follow a `==> file <==`
 * line. JSON: `[{"file", "sections": [{"name", "line", "lines": [{"line",
 * "text", "syllables", "syllablesMin", "syllablesMax", "endWord", "rhyme"}]}]}]`.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeSong } from '../core/analysis';
import { Ear, findDataFolder, loadLanguageData, type SectionSounds } from '../core/ear';
import { describeFileProblem, MAX_SONG_BYTES, readTextFile } from '../core/files';
import { escapeControlCharacters } from '../core/text';
import type { CliIo } from './io';
import { CLI_DEFAULT_PROVIDER, songFiles } from './lint';

const EXIT_OK = 0;
const EXIT_USAGE = 2;

/**
 * The data folder: dist/data beside dist/cli.js, or, when the CLI runs
 * compiled from out/src/cli (the unit tests), the repository's dist/data.
 */
export function dataFolderCandidates(): string[] {
  return [path.join(__dirname, 'data'), path.resolve(__dirname, '..', '..', '..', 'dist', 'data')];
}

/** An ear with the dictionary loaded, or a message saying why there is none. */
export async function loadEar(): Promise<{ ok: true; ear: Ear } | { ok: false; message: string }> {
  const folder = await findDataFolder(dataFolderCandidates());
  if (!folder) return { ok: false, message: 'the language data (dist/data/cmudict.txt) is missing; run `npm run build`' };
  try {
    return { ok: true, ear: new Ear({ dictionary: await loadLanguageData(folder) }) };
  } catch (error) {
    return { ok: false, message: `the language data in ${folder} could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export interface AnalyzedFile {
  readonly file: string;
  readonly sections: readonly SectionSounds[];
}

export async function runAnalyze(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json') return usageError(io, `--format must be text or json, not "${format}"`);
  if (parsed.positionals.length === 0) return usageError(io, 'analyze needs at least one file or directory');

  const loaded = await loadEar();
  if (!loaded.ok) {
    io.stderr(`lyrics: ${loaded.message}\n`);
    return EXIT_USAGE;
  }
  const unreadable: string[] = [];
  const results: AnalyzedFile[] = [];
  for (const file of songFiles(parsed.positionals, unreadable)) {
    const read = await readTextFile(file, { maxBytes: MAX_SONG_BYTES });
    if (!read.ok) {
      unreadable.push(describeFileProblem(file, read.reason));
      continue;
    }
    const analysis = analyzeSong(read.text, { defaultProvider: CLI_DEFAULT_PROVIDER, invalidUtf8Lines: read.invalidUtf8Lines });
    results.push({ file, sections: loaded.ear.sectionAnalysis(analysis) });
  }
  for (const problem of unreadable) io.stderr(`lyrics: ${problem}\n`);
  io.stdout(format === 'json' ? formatAnalysisJson(results) : formatAnalysisText(results));
  return unreadable.length > 0 ? EXIT_USAGE : EXIT_OK;
}

/** The JSON the issue specifies: 1-based lines, a section's name without brackets (null before the first tag). */
export function formatAnalysisJson(results: readonly AnalyzedFile[]): string {
  const shaped = results.map(({ file, sections }) => ({
    file,
    sections: sections.map((section) => ({
      name: section.name,
      line: section.section.startLine + 1,
      lines: section.lines.map((sung) => ({
        line: sung.line + 1,
        text: sung.text,
        syllables: sung.syllables.common,
        syllablesMin: sung.syllables.min,
        syllablesMax: sung.syllables.max,
        endWord: sung.endWord?.word ?? null,
        rhyme: sung.rhyme ?? null,
      })),
    })),
  }));
  return `${JSON.stringify(shaped, null, 2)}\n`;
}

/** `10  8  A  Paper boats on a winter stream`, one line per sung line; file names and lines escaped as lint escapes them. */
export function formatAnalysisText(results: readonly AnalyzedFile[]): string {
  let out = '';
  for (const { file, sections } of results) {
    if (results.length > 1) out += `==> ${escapeControlCharacters(file)} <==\n`;
    for (const section of sections) {
      for (const sung of section.lines) out += `${sung.line + 1}  ${sung.syllables.common}  ${sung.rhyme ?? '-'}  ${escapeControlCharacters(sung.text)}\n`;
    }
  }
  return out;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}
