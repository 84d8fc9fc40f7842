/**
 * `lyrics recover <record.pending.json | song.lyrics | folder> [--out DIR] [--json]`:
 * gets paid songs from their recovery records without a new generate
 * request — downloads from the saved URL, or resumes polling the saved
 * Scenario job (which needs the Scenario credentials in the environment).
 *
 * Exit status: 0 every take was saved (or there was nothing to recover);
 * 1 a record could not be recovered (it stays, with the new reason added);
 * 2 a usage error; 130 interrupted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { describeFileProblem, failure } from '../core/files';
import { endSentence } from '../core/text';
import { GenerationError } from '../core/errors';
import { checkBaseUrl } from '../core/net/baseUrl';
import type { ProviderId } from '../core/schema';
import { outputFolderFor } from '../core/takes/naming';
import { isRecordName, listRecords } from '../core/takes/recoveryRecord';
import {
  BASE_URL_VARIABLES,
  billingNote,
  credentialsFromEnvironment,
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  progressPrinter,
  TIMEOUT_VARIABLE,
  timeoutMinutes,
  type GenerateEnvironment,
} from './generate';
import type { CliIo } from './io';

function usage(io: CliIo, message: string): number {
  io.stderr(`lyrics: ${message}\nRun "lyrics --help" for usage.\n`);
  return EXIT_USAGE;
}

/** The records a target names: the record itself, a song's (in its output folder), or every record in a folder. */
async function recordsFor(target: string, out: string | undefined): Promise<{ ok: true; records: string[] } | { ok: false; message: string }> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    return { ok: false, message: describeFileProblem(target, failure(error).reason) };
  }
  if (stat.isDirectory()) {
    return { ok: true, records: (await listRecords(path.resolve(target))).map((entry) => entry.recordPath) };
  }
  // The record itself is read later by readRecord, which refuses anything but a regular file under its bound.
  if (!stat.isFile()) return { ok: false, message: describeFileProblem(target, 'is not a regular file') };
  if (isRecordName(path.basename(target))) return { ok: true, records: [path.resolve(target)] };
  if (/\.lyrics$/i.test(target)) {
    const song = path.resolve(target);
    const folder = out ? path.resolve(out) : outputFolderFor(song, undefined);
    return { ok: true, records: (await listRecords(folder, song)).map((entry) => entry.recordPath) };
  }
  return { ok: false, message: describeFileProblem(target, 'is neither a .pending.json record, a .lyrics song nor a folder') };
}

export async function runRecover(args: readonly string[], io: CliIo, environment: GenerateEnvironment): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string', short: 'o' }, json: { type: 'boolean' } },
    });
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const [target, ...extra] = parsed.positionals;
  if (!target || extra.length > 0) return usage(io, 'recover takes exactly one record, song or folder');
  const found = await recordsFor(target, parsed.values.out);
  if (!found.ok) return usage(io, found.message);
  if (found.records.length === 0) {
    io.stderr(`lyrics: no recovery records for ${target}; nothing to do\n`);
    if (parsed.values.json) io.stdout('[]\n');
    return EXIT_OK;
  }

  const { recoverTake, RecordUnusableError } = await import('../core/generate/recover');
  const { CLIENTS } = await import('../core/generate/pipeline');
  const saved: Array<{ record: string; audio: string; sidecar: string }> = [];
  let failed = false;
  for (const recordPath of found.records) {
    const shown = path.relative(process.cwd(), recordPath) || recordPath;
    io.stderr(`Recovering ${shown}…\n`);
    try {
      const take = await recoverTake({
        recordPath,
        timeoutMs: timeoutMinutes(environment.env) * 60_000,
        timeoutSetting: TIMEOUT_VARIABLE,
        signal: environment.signal,
        credentials: (provider: ProviderId) => {
          const credentials = credentialsFromEnvironment(provider, environment.env);
          return Promise.resolve(credentials.ok ? credentials.value : undefined);
        },
        baseUrl: (provider: ProviderId) => {
          const checked = checkBaseUrl(environment.env[BASE_URL_VARIABLES[provider]]?.trim() || CLIENTS[provider].defaultBaseUrl);
          // A refused base URL falls back to the provider's own: a recovery never sends credentials elsewhere.
          return checked.ok ? checked.url : CLIENTS[provider].defaultBaseUrl;
        },
        onProgress: progressPrinter(io, 'the provider'),
      });
      const audio = path.relative(process.cwd(), take.audioPath) || take.audioPath;
      const sidecar = path.relative(process.cwd(), take.sidecarPath) || take.sidecarPath;
      saved.push({ record: shown, audio, sidecar });
      if (!parsed.values.json) io.stdout(`${audio}\n`);
    } catch (error) {
      failed = true;
      if (error instanceof RecordUnusableError) {
        io.stderr(`lyrics: ${error.message}\n`);
        continue;
      }
      if (error instanceof GenerationError) {
        if (error.kind === 'canceled' && environment.signal.aborted) {
          io.stderr(`lyrics: interrupted; ${shown} is kept\n`);
          if (parsed.values.json) io.stdout(`${JSON.stringify(saved)}\n`);
          return EXIT_INTERRUPTED;
        }
        io.stderr(`lyrics: ${endSentence(error.describe())} ${error.nextStep()}\n`);
        io.stderr(error.recovery ? `lyrics: ${shown} is kept with this reason added\n` : billingNote(error));
        continue;
      }
      throw error;
    }
  }
  if (parsed.values.json) io.stdout(`${JSON.stringify(saved)}\n`);
  return failed ? EXIT_FAILED : EXIT_OK;
}
