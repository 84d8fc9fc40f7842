/**
 * Generate Song from a song's text to a saved take, in the order both front
 * ends (the editor's command and `lyrics generate`) must keep: the lint gate,
 * the credentials of the song's own provider, its base URL, the output
 * folder, and only then the request (pipeline.ts, which checks the folder on
 * disk before it sends). Each local refusal is an outcome that the caller
 * words its own way (a notification, or a line on stderr and an exit
 * status); nothing has been sent when one is returned.
 */
import { GenerationError } from '../errors';
import { checkBaseUrl } from '../net/baseUrl';
import type { Credentials } from '../providers/types';
import type { ProviderId } from '../schema';
import { OutputFolderError } from './outputFolder';
import {
  CLIENTS,
  LintBlockedError,
  ModelNotOfferedError,
  prepareSong,
  runGeneration,
  type PreparedSong,
  type SavedTake,
  type SessionOptions,
  type SongWithCredentials,
} from './pipeline';

/** What a look-up found, or what is missing in the caller's words (the CLI's environment variables; empty when the user gave nothing). */
export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly missing: readonly string[] };

/** A provider's credentials where the caller keeps them: the editor's secret storage (asking when it has none), the CLI's environment. */
export type CredentialsLookup = <P extends ProviderId>(provider: P) => Promise<Found<Credentials<P>>>;

/** The song paired with credentials looked up for its own provider: the one way to make the pair from a song of unknown provider. */
export async function withCredentials<P extends ProviderId>(song: PreparedSong<P>, lookup: CredentialsLookup): Promise<Found<SongWithCredentials<P>>> {
  const found = await lookup(song.provider);
  return found.ok ? { ok: true, value: { song, credentials: found.value } } : found;
}

/** The output folder the caller resolved; `allowed: false` when the user declined a folder outside the workspace. */
export interface OutputFolderChoice {
  readonly folder: string;
  readonly allowed: boolean;
}

/** What every local check let through, for the caller's progress title and log. */
export interface ReadyGeneration {
  readonly song: PreparedSong;
  readonly baseUrl: string;
  readonly outputFolder: string;
}

export interface GenerateRequest {
  /** The song as written (front matter, comments and all). */
  readonly text: string;
  readonly songPath: string;
  readonly defaultProvider: ProviderId;
  /** `lyrics generate --provider`: wins over the song's front matter. */
  readonly providerOverride?: ProviderId | undefined;
  readonly credentials: CredentialsLookup;
  /** The user's base URL for a provider, or undefined for the provider's default. */
  readonly baseUrl: (provider: ProviderId) => string | undefined;
  /** Asked only once the song, its credentials and base URL passed: the editor may ask the user about a folder outside the workspace. */
  readonly outputFolder: () => OutputFolderChoice | Promise<OutputFolderChoice>;
  /**
   * Sends the song, once every local check passed: the caller calls `start`
   * once with its session (time-out, cancel, progress, log), and may wrap it
   * (the editor, in a cancellable progress notification).
   */
  readonly run: (ready: ReadyGeneration, start: (session: SessionOptions) => Promise<SavedTake>) => PromiseLike<SavedTake>;
  /** Labels the take and its record as made against the demo server. */
  readonly demo?: boolean | undefined;
}

/** How a generation ended, unless the provider or the network failed it (then a GenerationError is thrown). */
export type GenerateOutcome =
  | { readonly status: 'saved'; readonly song: PreparedSong; readonly take: SavedTake }
  | { readonly status: 'lint-blocked'; readonly error: LintBlockedError }
  | { readonly status: 'model-not-offered'; readonly error: ModelNotOfferedError }
  | { readonly status: 'no-credentials'; readonly provider: ProviderId; readonly missing: readonly string[] }
  | { readonly status: 'base-url-refused'; readonly provider: ProviderId; readonly reason: string }
  | { readonly status: 'outside-folder-declined'; readonly provider: ProviderId; readonly folder: string }
  | { readonly status: 'output-folder-unusable'; readonly provider: ProviderId; readonly error: OutputFolderError };

/**
 * Runs Generate Song for one song. Returns the saved take or the local check
 * that refused it (nothing sent); throws a GenerationError, described and
 * with its recovery record set, when the generation itself failed.
 */
export async function generateTake(request: GenerateRequest): Promise<GenerateOutcome> {
  let song: PreparedSong;
  try {
    song = prepareSong(request.text, request.defaultProvider, request.providerOverride);
  } catch (error) {
    if (error instanceof LintBlockedError) return { status: 'lint-blocked', error };
    if (error instanceof ModelNotOfferedError) return { status: 'model-not-offered', error };
    throw error;
  }
  const provider = song.provider;

  const paired = await withCredentials(song, request.credentials);
  if (!paired.ok) return { status: 'no-credentials', provider, missing: paired.missing };

  const base = checkBaseUrl(request.baseUrl(provider) ?? CLIENTS[provider].defaultBaseUrl);
  if (!base.ok) return { status: 'base-url-refused', provider, reason: base.reason };

  const output = await request.outputFolder();
  if (!output.allowed) return { status: 'outside-folder-declined', provider, folder: output.folder };

  const ready: ReadyGeneration = { song, baseUrl: base.url, outputFolder: output.folder };
  try {
    const take = await request.run(ready, (session) =>
      runGeneration({ ...session, ...paired.value, songPath: request.songPath, baseUrl: base.url, outputFolder: output.folder, demo: request.demo }),
    );
    return { status: 'saved', song, take };
  } catch (error) {
    // The folder is checked on disk before anything is sent: a refusal there is local too.
    if (error instanceof OutputFolderError) return { status: 'output-folder-unusable', provider, error };
    if (error instanceof GenerationError) throw error;
    // runGeneration explains its own failures; anything else came from the caller's wrapper, and is still this provider's run.
    throw new GenerationError('network', error instanceof Error ? error.message : String(error), { provider, cause: error });
  }
}

/** What both front ends say about a failed generation, before each words the way back in its own terms. */
export interface FailureFacts {
  /** The user's own cancel (Ctrl-C in a terminal): no explanation needed, unless the song may have been billed. */
  readonly canceledByUser: boolean;
  /** ` (request id …)`, or ` (job id …)` for Scenario: the id to quote to the provider; empty when there is none. */
  readonly idNote: string;
  /** The kind's advice; empty when a recovery record is the way forward (the generic advice might say to generate, and pay, again). */
  readonly advice: string;
}

export function failureFacts(error: GenerationError, signal: AbortSignal): FailureFacts {
  const requestId = error.recovery?.requestId ?? error.requestId;
  return {
    canceledByUser: error.kind === 'canceled' && signal.aborted,
    idNote: requestId ? ` (${error.provider === 'scenario' ? 'job' : 'request'} id ${requestId})` : '',
    advice: error.recovery ? '' : error.nextStep(),
  };
}
