/**
 * `lyrics rewrite <song.lyrics> --instruction TEXT [--keep-shape] [--write] [--json]`:
 * the song's lyrics as sent (comments left out) go to MiniMax's lyrics model
 * in `edit` mode with the instruction — and, with --keep-shape, the syllables
 * of each line and each section's rhyme scheme. The revised song (front
 * matter byte for byte as it was, only the changed lines replaced) goes to
 * stdout, or with --write replaces the file atomically. Comment lines inside
 * the replaced lines are gone: stderr names them.
 *
 * Exit status: 0 done; 1 a provider or network failure, or a file that could
 * not be written (nothing written); 2 a usage error, a song that can't be
 * read or has nothing to rewrite, a missing key or a refused base URL
 * (nothing sent); 130 interrupted.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeSong, type SongAnalysis } from '../core/analysis';
import { findEntry } from '../core/document';
import { decodeText, describeFileProblem, invalidUtf8Reason, MAX_SONG_BYTES, readRegularFile } from '../core/files';
import type { SectionShape } from '../core/lyricsAi/constraints';
import type { DroppedComment } from '../core/lyricsAi/plan';
import { escapeControlCharacters } from '../core/text';
import { askLyricsModel, lintNotes, lyricsConnection, type LyricsEnvironment } from './draft';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './generate';
import type { CliIo } from './io';
import { CLI_DEFAULT_PROVIDER, encodeText, replaceFile } from './lint';

export async function runRewrite(args: readonly string[], io: CliIo, environment: LyricsEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { instruction: { type: 'string', short: 'i' }, 'keep-shape': { type: 'boolean' }, write: { type: 'boolean' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return usage(io, 'rewrite takes exactly one .lyrics file');
  const instruction = parsed.values.instruction;
  if (instruction === undefined || instruction.trim() === '') return usage(io, 'rewrite needs --instruction TEXT (e.g. "make the chorus punchier")');

  // The bytes, not only the text: a UTF-8 BOM and UTF-16 are written back as they were.
  const read = await readRegularFile(file, { maxBytes: MAX_SONG_BYTES });
  const decoded = read.ok ? decodeText(read.bytes) : read;
  if (!decoded.ok || decoded.invalidUtf8Lines.length > 0) {
    io.stderr(`lyrics: ${describeFileProblem(file, decoded.ok ? invalidUtf8Reason(decoded.invalidUtf8Lines) : decoded.reason)}; nothing was sent\n`);
    return EXIT_USAGE;
  }
  const analysis = analyzeSong(decoded.text, { defaultProvider: CLI_DEFAULT_PROVIDER });
  const { editPrompt } = await import('../core/lyricsAi/constraints');
  const { lyricsTargetProblem, planRewrite } = await import('../core/lyricsAi/plan');
  const { lyricsRequestProblem } = await import('../core/lyricsAi/request');
  const target = lyricsTargetProblem(analysis);
  if (target) return refuse(io, file, `can’t be rewritten: ${target}`);
  if (analysis.lyrics.text === '') return refuse(io, file, 'has no lyrics to rewrite (to write new ones: lyrics draft --prompt TEXT)');

  const prompt = editPrompt({ instruction, shape: parsed.values['keep-shape'] ? await songShape(analysis) : undefined });
  if (!prompt.ok) return usage(io, `${prompt.reason}; nothing was sent`);
  if (prompt.shapeDropped > 0)
    io.stderr(`lyrics: the shape of ${prompt.shapeDropped} of the song's sections was left out: the instruction may have at most 2,000 characters\n`);
  const title = findEntry(analysis.document, 'title')?.value;
  const request = { mode: 'edit', prompt: prompt.prompt, lyrics: analysis.lyrics.text, title: typeof title === 'string' ? title : undefined } as const;
  const problem = lyricsRequestProblem(request);
  if (problem) return refuse(io, file, `can’t be rewritten: ${problem}`);
  const connection = lyricsConnection(io, environment.env, 'rewrite');
  if (typeof connection === 'number') return connection;

  const answer = await askLyricsModel(io, request, environment, connection);
  if (typeof answer === 'number') return answer;

  const plan = planRewrite(analysis, answer.lyrics);
  const shown = escapeControlCharacters(file);
  if (!plan.changed) io.stderr('lyrics: MiniMax returned the lyrics unchanged\n');
  if (plan.droppedComments.length > 0) io.stderr(droppedNote(shown, plan.droppedComments));
  lintNotes(io, file, plan.proposedText);
  const droppedComments = plan.droppedComments.map((comment) => ({ line: comment.line + 1, text: comment.text }));
  const facts = { file, changed: plan.changed, title: answer.title ?? null, styleTags: answer.styleTags, droppedComments };

  if (!parsed.values.write) {
    io.stdout(parsed.values.json ? `${JSON.stringify({ ...facts, written: false, song: plan.proposedText })}\n` : plan.proposedText);
    return EXIT_OK;
  }
  if (plan.changed) {
    const hadBom = read.ok && read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf;
    const written = await replaceFile(file, encodeText(plan.proposedText, decoded.encoding, hadBom));
    if (!written.ok) {
      io.stderr(`lyrics: ${describeFileProblem(file, written.reason)}; it is as it was\n`);
      return EXIT_FAILED;
    }
    io.stderr(`lyrics: rewrote ${shown}\n`);
  }
  io.stdout(parsed.values.json ? `${JSON.stringify({ ...facts, written: plan.changed })}\n` : `${shown}\n`);
  return EXIT_OK;
}

/** `file:7: # TODO …`, one line per comment the rewrite removes. */
function droppedNote(shown: string, comments: readonly DroppedComment[]): string {
  const lines = comments.map((comment) => `${shown}:${comment.line + 1}: ${escapeControlCharacters(comment.text.trim())}`);
  const what =
    comments.length === 1
      ? 'this comment line was inside the rewritten lines and is'
      : `these ${comments.length} comment lines were inside the rewritten lines and are`;
  return `lyrics: ${what} gone:\n${lines.join('\n')}\n`;
}

/**
 * Each section's syllables per line and rhyme scheme, from the ear with its
 * pronouncing dictionary (beside dist/cli.js, or the repository's dist/ when
 * run compiled from out/); without it the ear counts from spelling.
 */
async function songShape(analysis: SongAnalysis): Promise<SectionShape[]> {
  const { Ear, findDataFolder, loadLanguageData } = await import('../core/ear');
  const { shapeOf } = await import('../core/lyricsAi/shape');
  const folder = await findDataFolder([path.join(__dirname, 'data'), path.resolve(__dirname, '..', '..', '..', 'dist', 'data')]);
  const dictionary = folder === undefined ? undefined : await loadLanguageData(folder).catch(() => undefined);
  return shapeOf(new Ear({ dictionary }).sectionAnalysis(analysis));
}

function refuse(io: CliIo, file: string, reason: string): number {
  io.stderr(`lyrics: ${describeFileProblem(file, reason)}; nothing was sent\n`);
  return EXIT_USAGE;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}
