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
import { runRecover } from './recover';
import type { CliIo } from './io';
import { formatJson, formatText, lintPaths } from './lint';

export const EXIT_OK = 0;
export const EXIT_LINT_ERRORS = 1;
export const EXIT_USAGE = 2;

const HELP = `Usage: lyrics <command> [options]

Commands:
  lint [--format text|json] <file|dir>...
      Lint .lyrics files. Directories are searched recursively for *.lyrics
      (node_modules and dot-folders are skipped). A song without provider is
      checked for cloudflare, where generate sends it.
      Text output: file:line:col severity code message (1-based line and column).
      JSON output: [{"file", "diagnostics": [{"code", "severity", "message",
      "range": {"start": {"line", "character"}, "end": {...}}}]}]
      (zero-based, characters in UTF-16 code units, as VS Code counts them).

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

Options:
  -h, --help       Show this help.
  -v, --version    Show the version.

Exit status:
  lint      0 no errors, 1 lint errors found, 2 usage error or unreadable file.
  generate  0 saved, 1 provider/network/audio failure, 2 usage error, lint error,
            missing credentials, refused base URL or unusable output folder
            (nothing sent), 130 interrupted.
  recover   0 every take saved, 1 a record could not be recovered, 2 usage
            error, 130 interrupted.
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
  if ((command === 'generate' || command === 'recover' || command === 'lint') && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (command === 'generate') return runGenerate(rest, io, { env: process.env, signal });
  if (command === 'recover') return runRecover(rest, io, { env: process.env, signal });
  if (command !== 'lint') return usageError(io, `unknown command "${command}"`);

  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string', short: 'f', default: 'text' }, help: { type: 'boolean', short: 'h' } },
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

  const { results, unreadable } = await lintPaths(parsed.positionals);
  for (const problem of unreadable) io.stderr(`lyrics: ${problem}\n`);
  io.stdout(format === 'json' ? formatJson(results) : formatText(results));

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
