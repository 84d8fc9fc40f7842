/**
 * `lyrics generate <file.lyrics> [--provider P] [--out DIR] [--json]`: the
 * Generate Song pipeline from a terminal. Credentials come from the
 * environment; progress goes to stderr, the written audio path to stdout.
 *
 * Exit status: 0 saved; 1 a provider, network or audio failure; 2 a usage
 * error, a lint error, missing credentials or a refused base URL (nothing is
 * sent); 130 interrupted.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { describeFileProblem, invalidUtf8Reason, MAX_SONG_BYTES, readTextFile } from '../core/files';
import { endSentence } from '../core/text';
import { GenerationError, PROVIDER_NAMES } from '../core/errors';
import type { GenerateOutcome } from '../core/generate/orchestrate';
import type { GenerationProgress } from '../core/generate/pipeline';
import { describeProgress, downloadMilestone } from '../core/generate/progressText';
import { DEFAULT_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES } from '../core/generate/timeout';
import { providerText } from '../core/net/redact';
import { CREDENTIAL_FIELDS, credentialSchemas, type Credentials } from '../core/providers/types';
import { DEFAULT_PROVIDER, PROVIDER_IDS, type ProviderId } from '../core/schema';
import { outputFolderFor } from '../core/takes/naming';
import type { CliIo } from './io';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export const BASE_URL_VARIABLES: Readonly<Record<ProviderId, string>> = {
  cloudflare: 'LYRICS_CLOUDFLARE_BASE_URL',
  scenario: 'LYRICS_SCENARIO_BASE_URL',
  minimax: 'LYRICS_MINIMAX_BASE_URL',
};

/** Default provider when neither --provider nor the front matter names one (as the extension's setting). */

export interface GenerateEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT. */
  readonly signal: AbortSignal;
}

export async function runGenerate(args: readonly string[], io: CliIo, environment: GenerateEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        provider: { type: 'string', short: 'p' },
        out: { type: 'string', short: 'o' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return usage(io, 'generate takes exactly one .lyrics file');
  const providerOption = parsed.values.provider;
  if (providerOption !== undefined && !(PROVIDER_IDS as readonly string[]).includes(providerOption)) {
    return usage(io, `--provider must be one of ${PROVIDER_IDS.join(', ')}, not "${providerOption}"`);
  }

  // Read as `lyrics lint` reads it (core/files.ts): only a regular file under the bound, so a
  // link to /dev/zero or a FIFO is refused, and bytes that aren't UTF-8 are never sent as U+FFFD.
  const read = await readTextFile(file, { maxBytes: MAX_SONG_BYTES });
  if (!read.ok || read.invalidUtf8Lines.length > 0) {
    io.stderr(`lyrics: ${describeFileProblem(file, read.ok ? invalidUtf8Reason(read.invalidUtf8Lines) : read.reason)}; nothing was sent\n`);
    return EXIT_USAGE;
  }
  const text = read.text;

  // Loaded here, not at start-up: `lyrics lint` never pays for the network code.
  const { generateTake, failureFacts } = await import('../core/generate/orchestrate');
  const songPath = path.resolve(file);
  let outcome: GenerateOutcome;
  try {
    outcome = await generateTake({
      text: text.replace(/^\uFEFF/, ''),
      songPath,
      defaultProvider: DEFAULT_PROVIDER,
      providerOverride: providerOption as ProviderId | undefined,
      credentials: (provider) => Promise.resolve(credentialsFromEnvironment(provider, environment.env)),
      baseUrl: (provider) => environment.env[BASE_URL_VARIABLES[provider]]?.trim() || undefined,
      outputFolder: () => ({ folder: parsed.values.out ? path.resolve(parsed.values.out) : outputFolderFor(songPath, undefined), allowed: true }),
      run: ({ song }, start) =>
        start({
          timeoutMs: timeoutMinutes(environment.env) * 60_000,
          timeoutSetting: TIMEOUT_VARIABLE,
          signal: environment.signal,
          onProgress: progressPrinter(io, PROVIDER_NAMES[song.provider]),
        }),
    });
  } catch (error) {
    if (error instanceof GenerationError) {
      const { canceledByUser: interrupted, advice } = failureFacts(error, environment.signal);
      if (interrupted && !error.mayBeBilled) {
        io.stderr('lyrics: interrupted; nothing was saved\n');
        return EXIT_INTERRUPTED;
      }
      // With a record, the next step is recovery (below), not the kind's generic advice.
      io.stderr(`lyrics: ${endSentence(interrupted ? 'interrupted' : error.describe())}${advice ? ` ${advice}` : ''}\n`);
      io.stderr(billingNote(error));
      return interrupted ? EXIT_INTERRUPTED : EXIT_FAILED;
    }
    // Not one of ours, so of unknown origin: printed as data, like a provider's words.
    io.stderr(`lyrics: ${providerText(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_FAILED;
  }

  switch (outcome.status) {
    case 'saved': {
      const saved = outcome.take;
      const audio = path.relative(process.cwd(), saved.audioPath) || saved.audioPath;
      const sidecar = path.relative(process.cwd(), saved.sidecarPath) || saved.sidecarPath;
      const provider = outcome.song.provider;
      io.stdout(parsed.values.json ? `${JSON.stringify({ audio, sidecar, provider, durationMs: saved.sidecar.durationMs })}\n` : `${audio}\n`);
      return EXIT_OK;
    }
    case 'lint-blocked': {
      const first = outcome.error.errors[0];
      io.stderr(`lyrics: ${file}:${(first?.range.start.line ?? 0) + 1}:${(first?.range.start.character ?? 0) + 1} ${first?.code}: ${first?.message}\n`);
      io.stderr(`lyrics: nothing was sent; run "lyrics lint ${file}" to see every problem\n`);
      return EXIT_USAGE;
    }
    case 'model-not-offered':
    case 'output-folder-unusable':
      io.stderr(`lyrics: ${outcome.error.message}\n`);
      return EXIT_USAGE;
    case 'no-credentials':
      io.stderr(`lyrics: ${PROVIDER_NAMES[outcome.provider]} needs ${outcome.missing.join(' and ')} in the environment; nothing was sent\n`);
      return EXIT_USAGE;
    case 'base-url-refused':
      io.stderr(`lyrics: ${BASE_URL_VARIABLES[outcome.provider]}: ${outcome.reason}; nothing was sent\n`);
      return EXIT_USAGE;
    case 'outside-folder-declined':
      // Not asked here: the terminal's user named the folder (or took the default next to the song).
      io.stderr(`lyrics: ${outcome.folder} was declined as the output folder; nothing was sent\n`);
      return EXIT_USAGE;
  }
}

/** After the provider accepted the song: what it cost and how to get it without paying again. */
export function billingNote(error: GenerationError): string {
  const requestId = error.recovery?.requestId ?? error.requestId;
  const id = requestId ? ` (${error.provider === 'scenario' ? 'job' : 'request'} id ${requestId})` : '';
  if (error.recovery) {
    const record = path.relative(process.cwd(), error.recovery.recordPath) || error.recovery.recordPath;
    const how =
      error.recovery.action === 'download'
        ? `retry the download, at no cost, with: lyrics recover ${quoteArgument(record)}`
        : error.recovery.action === 'resume'
          ? `the job keeps running (and billing) at ${PROVIDER_NAMES[error.provider]}; resume waiting, at no cost, with: lyrics recover ${quoteArgument(record)}`
          : `the answer is kept in ${record} for a person to read`;
    return `lyrics: the song was generated and billed${id}; ${how}\n`;
  }
  if (error.mayBeBilled) {
    return `lyrics: the song may still have been generated and billed${id}; check the provider's logs before generating again\n`;
  }
  return '';
}

function quoteArgument(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function credentialsFromEnvironment<P extends ProviderId>(
  provider: P,
  env: NodeJS.ProcessEnv,
): { ok: true; value: Credentials<P> } | { ok: false; missing: string[] } {
  const fields = CREDENTIAL_FIELDS[provider];
  const missing = fields.filter((field) => !env[field.environment]?.trim()).map((field) => field.environment);
  if (missing.length > 0) return { ok: false, missing };
  const raw = Object.fromEntries(fields.map((field) => [field.key, env[field.environment]?.trim()]));
  const parsed = credentialSchemas[provider].safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data as Credentials<P> } : { ok: false, missing: fields.map((f) => f.environment) };
}

/** Named in the advice a timeout gives: in a terminal, the editor's setting is no help. */
export const TIMEOUT_VARIABLE = 'LYRICS_REQUEST_TIMEOUT_MINUTES';

/**
 * The whole generation's bound from LYRICS_REQUEST_TIMEOUT_MINUTES: the
 * default when unset or not a positive number, and at most the settings'
 * 120 minutes (a larger one overflowed Node's timers and failed at once).
 * Shorter than the editor's 1-minute floor is allowed: the variable is the
 * user's own, not a repository's.
 */
export function timeoutMinutes(env: NodeJS.ProcessEnv): number {
  const raw = Number(env[TIMEOUT_VARIABLE]);
  return Number.isFinite(raw) && raw > 0 ? Math.min(raw, MAX_TIMEOUT_MINUTES) : DEFAULT_TIMEOUT_MINUTES;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}

/**
 * Progress on stderr: one line per change, a download's at each milestone
 * only (every 10 % of a known size, each doubling of an unknown one).
 */
export function progressPrinter(io: CliIo, name: string): (progress: GenerationProgress) => void {
  let lastLine = '';
  let lastMilestone = -1;
  return (progress: GenerationProgress): void => {
    if (progress.stage === 'downloading' && 'receivedBytes' in progress) {
      const milestone = downloadMilestone(progress.receivedBytes, progress.totalBytes);
      if (milestone === lastMilestone) return;
      lastMilestone = milestone;
    }
    const text = describeProgress(progress, name);
    const line = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
    if (line === lastLine) return;
    lastLine = line;
    io.stderr(`${line}\n`);
  };
}
