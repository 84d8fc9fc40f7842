/**
 * `lyrics`: the command-line sibling of the extension, for CI and pre-commit.
 * It runs the same core as the editor, so a file that is clean in one is clean
 * in the other.
 *
 * Exit status: 0 no error-severity diagnostic, 1 at least one, 2 a usage
 * error or a file that could not be read (the other files are still linted).
 */
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { runGenerate, EXIT_INTERRUPTED } from './generate';
import { runFormat } from './format';
import { runAnalyze } from './analyze';
import { runRhymes } from './rhymes';
import { runRecover } from './recover';
import { runDraft } from './draft';
import { runRewrite } from './rewrite';
import type { CliIo } from './io';
import { fixPaths, formatFixedJson, formatFixedText, formatJson, formatText, lintPaths, type FileResult } from './lint';

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_USAGE = 2;

const HELP = `Usage: lyrics <command> [options]

Commands:
  lint [--format text|json] [--fix] <file|dir>...
      Lint .lyrics files. Directories are searched recursively for *.lyrics
      (node_modules and dot-folders are skipped). A song without provider is
      checked for cloudflare, where generate sends it.
      Text output: file:line:col severity code message (1-based line and column).
      JSON output: [{"file", "diagnostics": [{"code", "severity", "message",
      "range": {"start": {"line", "character"}, "end": {...}}}]}]
      (zero-based, characters in UTF-16 code units, as VS Code counts them).
      Each code is explained in docs/rules.md.
      --fix first applies every safe fix (the editor's fix-all: a value with
      exactly one meaning, yes -> true, MP3 -> mp3; a tag or key with one
      close match, [Vrese] -> [Verse]; never a choice between several, never
      a removed line, never a sung line or a comment), rewrites each changed
      file atomically (encoding, line endings and mode kept), prints
      file:line fixed code: old → new for each change, then what remains as
      lint does. With --format json each file also has "fixed": [{"code",
      "range", "old", "new"}] (range zero-based, in the text before that fix).
      A file that is not valid UTF-8 is not rewritten.

  format [--check | --write] <file|dir>...
      Format .lyrics files as the editor's Format Document does, without
      changing what is sung: known tags in their accepted spelling ([Verse 2],
      [Pre-Chorus]), one blank line before a tag that follows a lyrics line, no
      trailing white space, one final line break; the front matter keeps its
      keys, comments and quoting. With one file and no option, prints the
      formatted text. --write rewrites the files that change (atomically;
      encoding, BOM, line endings and mode kept) and lists them; --check lists
      the files that would change. A file that is not valid UTF-8 is refused.

  analyze [--format text|json] <file|dir>...
      Every sung line with its syllables and its letter in the section's rhyme
      scheme, as the editor's hints show them (CMUdict, then lyric spellings
      like lovin' and 'cause, then rules, then a heuristic count).
      Text output: line  syllables  letter  text (1-based line; - for no letter),
      a "==> file <==" line before each file when there are several.
      JSON output: [{"file", "sections": [{"name", "line", "lines": [{"line",
      "text", "syllables", "syllablesMin", "syllablesMax", "endWord",
      "rhyme"}]}]}] (1-based lines; name is the tag without brackets, null
      before the first tag; syllables is the common pronunciation's count).

  rhymes [--format json] [--limit N] <word>
      Rhymes for a word, best first: perfect, near (same stressed vowel,
      similar ending), then assonance; common words first (default limit 50).
      JSON output: {"word", "pronunciation", "syllables", "rhymes": [{"word",
      "syllables", "kind"}]}.

  generate <file.lyrics> [--provider cloudflare|scenario|minimax] [--out DIR] [--json]
      Generate a take with MiniMax Music 2.6 and save it, with a .json sidecar,
      as <song>-<YYYYMMDD-HHMMSS>.<mp3|wav> in DIR (default: takes/ beside the song).
      Progress goes to stderr; the audio path (or, with --json, {"audio",
      "sidecar", "provider", "durationMs"}) to stdout.
      Credentials from the environment:
        cloudflare  CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN
        scenario    SCENARIO_API_KEY, SCENARIO_API_SECRET
        minimax     MINIMAX_API_KEY
      Base URLs (https, or http on localhost only): LYRICS_CLOUDFLARE_BASE_URL,
      LYRICS_SCENARIO_BASE_URL, LYRICS_MINIMAX_BASE_URL.
      Timeout: LYRICS_REQUEST_TIMEOUT_MINUTES (default 10).
      Nothing is sent unless the output folder can take the file. Once the
      provider has accepted the song (it is billed), a failure leaves a
      recovery record <song>-<YYYYMMDD-HHMMSS>.pending.json in DIR.

  recover <record.pending.json | song.lyrics | folder> [--out DIR] [--json]
      Get paid songs from their recovery records without generating again:
      downloads from the saved URL, or resumes waiting for the saved Scenario
      job (needs SCENARIO_API_KEY and SCENARIO_API_SECRET). A song's records
      are looked for in its output folder (takes/ beside it, or DIR).
      Saved audio paths go to stdout (with --json: [{"record", "audio",
      "sidecar"}]); a record that can't be recovered stays, its reason added.

  draft --prompt TEXT [--title TEXT] [--out FILE] [--json]
      Draft a new song with MiniMax's lyrics model ($0.01 a call; MINIMAX_API_KEY,
      LYRICS_MINIMAX_BASE_URL; the prompt is sent to MiniMax) and write it as a
      new .lyrics file: front matter (the prompt as given, the returned title,
      the returned style tags as a comment), then the lyrics. Default file: the
      title as a file name (Midnight Drive -> midnight-drive.lyrics) in the
      current folder, -2, -3 on a clash; an --out that exists is refused.
      Prints the file's path (with --json: {"file", "title", "styleTags"});
      lint notes about the draft (e.g. lyrics over 3,500 characters) on stderr.

  rewrite <file.lyrics> --instruction TEXT [--keep-shape] [--write] [--json]
      Send the song's lyrics as sent (comments left out) to MiniMax's lyrics
      model in edit mode with the instruction ("make the chorus punchier",
      "continue with a bridge"); --keep-shape adds each line's syllables and
      each section's rhyme scheme. Prints the revised song (front matter byte
      for byte as it was, only the changed lines replaced), or with --write
      replaces the file atomically and prints its path. --json: {"file",
      "changed", "written", "title", "styleTags", "droppedComments": [{"line"
      (1-based), "text"}], "song" (without --write)}. Comment lines inside the
      replaced lines are gone; stderr names them.

Options:
  -h, --help       Show this help.
  -v, --version    Show the version.

Exit status:
  lint      0 no errors, 1 lint errors found (after --fix: errors that remain),
            2 usage error, or a file that could not be read (or, with --fix, written).
  format    0 done (--check: nothing would change), 1 --check: a file would
            change, 2 usage error or a file that could not be read or written.
  analyze   0 done, 2 usage error, missing language data or unreadable file.
  rhymes    0 done, 1 the word can't be pronounced, 2 usage error or missing
            language data.
  generate  0 saved, 1 provider/network/audio failure, 2 usage error, lint error,
            missing credentials, refused base URL or unusable output folder
            (nothing sent), 130 interrupted.
  recover   0 every take saved, 1 a record could not be recovered, 2 usage
            error, 130 interrupted.
  draft, rewrite
            0 done, 1 provider or network failure (nothing written) or a file
            that could not be written, 2 usage error, missing MINIMAX_API_KEY,
            refused base URL, an --out that exists, or a song that can't be
            read or has no lyrics (nothing sent), 130 interrupted.
`;

export async function runCli(argv: readonly string[], io: CliIo, signal: AbortSignal = new AbortController().signal): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(`lyrics: no command given\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${packageJson.version}\n`);
    return EXIT_OK;
  }
  // Every verb answers --help (before its own option parsing, which would call it unknown).
  if (
    (command === 'generate' ||
      command === 'recover' ||
      command === 'lint' ||
      command === 'format' ||
      command === 'analyze' ||
      command === 'rhymes' ||
      command === 'draft' ||
      command === 'rewrite') &&
    (rest.includes('--help') || rest.includes('-h'))
  ) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (command === 'generate') return runGenerate(rest, io, { env: process.env, signal });
  if (command === 'recover') return runRecover(rest, io, { env: process.env, signal });
  if (command === 'format') return runFormat(rest, io);
  if (command === 'analyze') return runAnalyze(rest, io);
  if (command === 'rhymes') return runRhymes(rest, io);
  if (command === 'draft') return runDraft(rest, io, { env: process.env, signal });
  if (command === 'rewrite') return runRewrite(rest, io, { env: process.env, signal });
  if (command !== 'lint') return usageError(io, `unknown command "${command}"`);

  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string', short: 'f', default: 'text' }, fix: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json') return usageError(io, `--format must be text or json, not "${format}"`);
  if (parsed.positionals.length === 0) return usageError(io, 'lint needs at least one file or directory');

  if (parsed.values.fix) {
    const { results, unreadable, notFixed } = await fixPaths(parsed.positionals);
    for (const problem of [...notFixed, ...unreadable]) io.stderr(`lyrics: ${problem}\n`);
    io.stdout(format === 'json' ? formatFixedJson(results) : formatFixedText(results) + formatText(results));
    return lintExitStatus(results, unreadable);
  }
  const { results, unreadable } = await lintPaths(parsed.positionals);
  for (const problem of unreadable) io.stderr(`lyrics: ${problem}\n`);
  io.stdout(format === 'json' ? formatJson(results) : formatText(results));
  return lintExitStatus(results, unreadable);
}

function lintExitStatus(results: readonly FileResult[], unreadable: readonly string[]): number {
  if (unreadable.length > 0) return EXIT_USAGE;
  const hasErrors = results.some((result) => result.diagnostics.some((d) => d.severity === 'error'));
  return hasErrors ? EXIT_LINT_ERRORS : EXIT_OK;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}

if (require.main === module) {
  const interrupt = new AbortController();
  // The first Ctrl-C aborts the request and removes the temporary file; a second one forces the exit.
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(EXIT_INTERRUPTED));
  });
  runCli(process.argv.slice(2), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }, interrupt.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`lyrics: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
