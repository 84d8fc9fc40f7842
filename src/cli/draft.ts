/**
 * `lyrics draft --prompt TEXT [--title TEXT] [--out FILE] [--json]`: a new
 * song drafted by MiniMax's lyrics model ($0.01 a call, MINIMAX_API_KEY),
 * written as a new `.lyrics` file — front matter with the prompt as given,
 * the returned title and style tags, then the lyrics — whose path is printed.
 * A draft never overwrites anything: the default name gets `-2`, `-3` on a
 * clash, and an `--out` that exists is refused before anything is sent.
 *
 * Exit status: 0 written; 1 a provider or network failure (nothing written)
 * or a file that could not be written; 2 a usage error, a missing key, a
 * refused base URL or an `--out` that exists (nothing sent); 130 interrupted.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeSong } from '../core/analysis';
import { GenerationError } from '../core/errors';
import type { LyricsAnswer, LyricsRequest } from '../core/lyricsAi/request';
import { checkBaseUrl } from '../core/net/baseUrl';
import { providerText } from '../core/net/redact';
import { minimaxClient } from '../core/providers/minimax';
import { endSentence, escapeControlCharacters } from '../core/text';
import {
  BASE_URL_VARIABLES,
  credentialsFromEnvironment,
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  TIMEOUT_VARIABLE,
  timeoutMinutes,
} from './generate';
import type { CliIo } from './io';
import { CLI_DEFAULT_PROVIDER, formatText } from './lint';

export interface LyricsEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT. */
  readonly signal: AbortSignal;
  /** Where a draft goes without --out (the current folder). */
  readonly cwd?: string | undefined;
}

/** What a lyrics call needs from the environment, or the exit status when something is missing (said on stderr; nothing sent). */
export function lyricsConnection(io: CliIo, env: NodeJS.ProcessEnv, verb: string): { apiKey: string; baseUrl: string } | number {
  const key = credentialsFromEnvironment('minimax', env);
  if (!key.ok) {
    io.stderr(`lyrics: ${verb} needs ${key.missing.join(' and ')} in the environment: only MiniMax offers a lyrics model; nothing was sent\n`);
    return EXIT_USAGE;
  }
  const variable = BASE_URL_VARIABLES.minimax;
  const base = checkBaseUrl(env[variable]?.trim() || minimaxClient.defaultBaseUrl);
  if (!base.ok) {
    io.stderr(`lyrics: ${variable}: ${base.reason}; nothing was sent\n`);
    return EXIT_USAGE;
  }
  return { apiKey: key.value.apiKey, baseUrl: base.url };
}

/** Sends the request (progress and cost on stderr); a failure is said in one line and becomes the exit status. */
export async function askLyricsModel(
  io: CliIo,
  request: LyricsRequest,
  environment: LyricsEnvironment,
  connection: { apiKey: string; baseUrl: string },
): Promise<LyricsAnswer | number> {
  // Loaded here, not at start-up: `lyrics lint` never pays for the network code.
  const { requestLyrics } = await import('../core/lyricsAi/request');
  io.stderr(`${request.mode === 'edit' ? 'Rewriting' : 'Drafting'} lyrics with MiniMax's lyrics model ($0.01 a call)…\n`);
  try {
    return await requestLyrics(request, {
      ...connection,
      timeoutMs: timeoutMinutes(environment.env) * 60_000,
      timeoutSetting: TIMEOUT_VARIABLE,
      signal: environment.signal,
    });
  } catch (error) {
    if (!(error instanceof GenerationError)) {
      // Not one of ours, so of unknown origin: printed as data, like a provider's words.
      io.stderr(`lyrics: ${providerText(error instanceof Error ? error.message : String(error))}; nothing was written\n`);
      return EXIT_FAILED;
    }
    if (error.kind === 'canceled' && environment.signal.aborted) {
      io.stderr('lyrics: interrupted; nothing was written\n');
      return EXIT_INTERRUPTED;
    }
    io.stderr(`lyrics: ${endSentence(error.describe())} ${error.nextStep()} Nothing was written.\n`);
    return EXIT_FAILED;
  }
}

/** Notes about the new song's lint (a draft over 3,500 characters, say), on stderr: the draft is kept whole. */
export function lintNotes(io: CliIo, shownPath: string, text: string): void {
  const { diagnostics } = analyzeSong(text, { defaultProvider: CLI_DEFAULT_PROVIDER }).lint;
  if (diagnostics.length > 0) io.stderr(formatText([{ file: shownPath, diagnostics }]));
}

export async function runDraft(args: readonly string[], io: CliIo, environment: LyricsEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { prompt: { type: 'string' }, title: { type: 'string' }, out: { type: 'string', short: 'o' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length > 0)
    return usage(io, `draft takes no file (the new song's name comes from its title; --out names it): ${parsed.positionals.join(' ')}`);
  const prompt = parsed.values.prompt;
  // The draft's front matter must lint: an empty prompt is `prompt-missing`.
  if (prompt === undefined || prompt.trim() === '') return usage(io, 'draft needs --prompt TEXT (what the song is about, its style)');
  const title = parsed.values.title?.trim() || undefined;
  const cwd = environment.cwd ?? process.cwd();
  const out = parsed.values.out === undefined ? undefined : path.resolve(cwd, parsed.values.out);
  if (out !== undefined && (await exists(out))) {
    io.stderr(`lyrics: ${escapeControlCharacters(parsed.values.out ?? out)} exists, and a draft never overwrites a file; nothing was sent\n`);
    return EXIT_USAGE;
  }

  const request: LyricsRequest = { mode: 'write_full_song', prompt, title };
  const { lyricsRequestProblem } = await import('../core/lyricsAi/request');
  const problem = lyricsRequestProblem(request);
  if (problem) return usage(io, `${problem}; nothing was sent`);
  const connection = lyricsConnection(io, environment.env, 'draft');
  if (typeof connection === 'number') return connection;

  const answer = await askLyricsModel(io, request, environment, connection);
  if (typeof answer === 'number') return answer;

  const { draftFileStem, draftSongText, writeNewSongFile } = await import('../core/lyricsAi/draft');
  const songTitle = answer.title ?? title;
  const text = draftSongText({ prompt, title: songTitle, styleTags: answer.styleTags, lyrics: answer.lyrics });
  let file: string;
  try {
    if (out === undefined) {
      file = await writeNewSongFile(cwd, draftFileStem(songTitle), text);
    } else {
      file = out;
      await fs.writeFile(out, text, { flag: 'wx' });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const shown = escapeControlCharacters(parsed.values.out ?? cwd);
    io.stderr(
      `lyrics: the draft could not be written: ${shown} ${code === 'EEXIST' ? 'appeared meanwhile, and a draft never overwrites a file' : writeProblem(code)}\n`,
    );
    // The call is paid for: the song goes to stdout rather than nowhere.
    io.stdout(text);
    return code === 'EEXIST' ? EXIT_USAGE : EXIT_FAILED;
  }
  const shown = path.relative(cwd, file) || file;
  lintNotes(io, shown, text);
  io.stdout(
    parsed.values.json ? `${JSON.stringify({ file: shown, title: songTitle ?? null, styleTags: answer.styleTags })}\n` : `${escapeControlCharacters(shown)}\n`,
  );
  return EXIT_OK;
}

function writeProblem(code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM') return 'can’t be written (permission denied)';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'is in a folder that does not exist';
  if (code === 'ENOSPC') return 'can’t be written (no space left on the device)';
  return `can’t be written (${code ?? 'unknown error'})`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}
