/**
 * Puts the provider's audio into a temporary file in the output folder and
 * checks it: not empty, as long as Content-Length said, not absurdly large
 * (counted as it arrives), audio of the expected format all the way, and not
 * much shorter than the provider said. The audio arrives either as a URL
 * (https to a host on the internet only, streamed, following at most three
 * redirects, each checked like the first) or inline as hex (MiniMax, decoded
 * in slices straight to the file). Provider URLs expire, so this runs right
 * after generation.
 *
 * Our own disk failing (full, read-only, permissions) is a `file-system`
 * error, never `network`: the user has to fix the folder, not the connection.
 */
import * as dns from 'node:dns';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent } from 'undici';
import { addressAllowed, hostKind, lookupGuard, REFUSED_ADDRESS_CODE, type AddressKind, type LookupFunction } from '../net/addresses';
import { ConsumerError, headerValue, withRetries, type HttpSession } from '../net/http';
import { transportFailure } from '../providers/responses';
import type { AudioFormat, ProviderId } from '../schema';
import { inspectAudioFile, shorterThanClaimed } from './audioCheck';
import { GenerationError, PROVIDER_NAMES } from '../errors';

export interface DownloadProgress {
  readonly receivedBytes: number;
  readonly totalBytes: number | undefined;
}

export interface DownloadedAudio {
  readonly format: AudioFormat;
  readonly bytes: number;
  /** Measured from the audio itself (frames or samples), not from a header's claim. */
  readonly durationMs: number;
}

/** Far above any real song (a 10-minute 44.1 kHz stereo WAV is 106 MB); a stream past it is not a song. */
export const MAX_AUDIO_BYTES = 512 * 1024 * 1024;
/** Bytes buffered between the socket and the file: a few fs writes per MB, and little memory. */
const STREAM_BUFFER_BYTES = 1024 * 1024;
/** Redirects a download may follow (signed CDN links sometimes redirect once or twice). */
export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Where audio may be downloaded from, decided by the provider's base URL:
 * public https addresses always; an address on this machine (or the local
 * network) only when the base URL itself is one — the fake provider in the
 * tests and the demo, a proxy on localhost — and then plain http too, as the
 * base URL rule allows for loopback.
 */
export interface AudioHostPolicy {
  /** The kind of the base URL's host, when it is an address of its own kind (undefined for a public name). */
  readonly baseKind: AddressKind | undefined;
}

export function audioHostPolicy(baseUrl: string | undefined): AudioHostPolicy {
  let host: string | undefined;
  try {
    host = baseUrl === undefined ? undefined : new URL(baseUrl).hostname;
  } catch {
    host = undefined;
  }
  const kind = host === undefined ? undefined : hostKind(host);
  return { baseKind: kind === 'public' ? undefined : kind };
}

/** A download URL receives no credentials, but still only https to a public host (see AudioHostPolicy). */
export function checkDownloadUrl(raw: string, policy: AudioHostPolicy, base?: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    return { ok: false, reason: 'it is not a URL' };
  }
  const kind = hostKind(url.hostname);
  const local = kind !== undefined && kind !== 'public';
  if (local && !addressAllowed(kind, policy.baseKind)) {
    return { ok: false, reason: `${url.host} is a ${kind} address, not one on the internet` };
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local && kind === 'loopback')) return { ok: true, url: url.toString() };
  return { ok: false, reason: `${url.protocol}//${url.host} is not an https address` };
}

/** Node's own DNS look-up, in the shape net.connect's `lookup` option takes. */
const systemLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => callback(error, addresses));
};

/**
 * The session for one download: the caller's timeouts, retries, log and
 * signal, but its own connections, whose DNS look-ups refuse local addresses
 * the policy does not allow (a public name can resolve to 127.0.0.1).
 */
function downloadSession(session: HttpSession, policy: AudioHostPolicy, lookup: LookupFunction = systemLookup): HttpSession {
  return {
    ...session,
    dispatcher: new Agent({ connect: { timeout: session.timeouts.connectMs, lookup: lookupGuard(lookup, policy.baseKind) } }),
  };
}

/** The look-up guard's refusal, wherever undici put it in the error's causes. */
function refusedAddress(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if ((current as NodeJS.ErrnoException).code === REFUSED_ADDRESS_CODE) return current.message;
  }
  return undefined;
}

const FILE_SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EISDIR', 'ENOTDIR', 'ENOENT', 'EMFILE', 'ENFILE', 'EFBIG']);

/** An error from our own disk (it carries a syscall and an errno code), as opposed to the network. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const candidate = error as NodeJS.ErrnoException | undefined;
  return typeof candidate?.syscall === 'string' && typeof candidate.code === 'string' && FILE_SYSTEM_CODES.has(candidate.code);
}

export function fileSystemFailure(provider: ProviderId, error: NodeJS.ErrnoException, what: string): GenerationError {
  const reasons: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    EFBIG: 'the file is too large for this file system',
  };
  const reason = reasons[error.code ?? ''] ?? `${error.code ?? 'error'} on ${error.syscall ?? 'write'}`;
  return new GenerationError('file-system', `Couldn’t write the take from ${PROVIDER_NAMES[provider]} while ${what}: ${reason}`, {
    provider,
    cause: error,
  });
}

interface Fetched {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly bytes: number;
  readonly declared: number | undefined;
  readonly location: string | undefined;
}

export interface DownloadOptions {
  readonly provider: ProviderId;
  readonly session: HttpSession;
  readonly url: string;
  readonly tempPath: string;
  readonly expectedFormat: AudioFormat | undefined;
  /** How long the provider said the song is, if it said. */
  readonly expectedDurationMs?: number | undefined;
  readonly requestId: string | undefined;
  /** Where the audio may come from: see AudioHostPolicy. */
  readonly hosts: AudioHostPolicy;
  /** Injected by tests of the DNS check; Node's look-up otherwise. */
  readonly lookup?: LookupFunction;
  readonly onProgress: (progress: DownloadProgress) => void;
}

export async function downloadAudio(options: DownloadOptions): Promise<DownloadedAudio> {
  const { provider, requestId } = options;
  const name = PROVIDER_NAMES[provider];

  const first = checkDownloadUrl(options.url, options.hosts);
  if (!first.ok) {
    throw new GenerationError('bad-audio', `${name} gave an audio address that is not downloaded for safety: ${first.reason}`, { provider, requestId });
  }
  const session = downloadSession(options.session, options.hosts, options.lookup);
  try {
    return await downloadFrom(options, session, first.url);
  } finally {
    // Its one request is over: the connection closes in the background, not on the way to saving the take.
    void session.dispatcher.close().catch(() => undefined);
  }
}

async function downloadFrom(options: DownloadOptions, session: HttpSession, firstUrl: string): Promise<DownloadedAudio> {
  const { provider, tempPath, requestId } = options;
  const name = PROVIDER_NAMES[provider];
  let url = firstUrl;
  let outcome: Fetched;
  for (let hop = 0; ; hop++) {
    outcome = await fetchOnce({ ...options, session }, url);
    if (!REDIRECT_STATUSES.has(outcome.status)) break;
    if (hop >= MAX_REDIRECTS) {
      throw new GenerationError('server', `${name}’s audio link redirected more than ${MAX_REDIRECTS} times`, { provider, status: outcome.status, requestId });
    }
    const next = outcome.location === undefined ? undefined : checkDownloadUrl(outcome.location, options.hosts, url);
    if (!next?.ok) {
      throw new GenerationError(
        'server',
        `${name}’s audio link redirected ${next ? `to an address that is not followed: ${next.reason}` : 'without saying where'}`,
        { provider, status: outcome.status, requestId },
      );
    }
    url = next.url;
  }

  if (outcome.status < 200 || outcome.status >= 300) {
    const expired = outcome.status === 403 || outcome.status === 404 || outcome.status === 410;
    throw new GenerationError(
      'server',
      expired ? `${name} generated the song, but its download link was refused (it may have expired)` : `${name} generated the song, but downloading it failed`,
      {
        provider,
        status: outcome.status,
        requestId,
        advice: expired
          ? 'Retry the download; if the link has expired (MiniMax’s last 24 hours), the paid song can’t be downloaded any more.'
          : 'Retry the download later; it costs nothing.',
      },
    );
  }
  if (outcome.declared !== undefined && outcome.declared !== outcome.bytes) {
    throw new GenerationError(
      'bad-audio',
      `The audio from ${name} was cut short (${outcome.bytes.toLocaleString('en-US')} of ${outcome.declared.toLocaleString('en-US')} bytes)`,
      { provider, status: outcome.status, requestId },
    );
  }
  return checkAudioFile({
    provider,
    tempPath,
    bytes: outcome.bytes,
    expectedFormat: options.expectedFormat,
    expectedDurationMs: options.expectedDurationMs,
    requestId,
    status: outcome.status,
  });
}

async function fetchOnce(
  options: { provider: ProviderId; session: HttpSession; tempPath: string; requestId: string | undefined; onProgress: (progress: DownloadProgress) => void },
  url: string,
): Promise<Fetched> {
  const { provider, session, tempPath } = options;
  try {
    return await withRetries(session, { method: 'GET', url, mode: 'idempotent', headersTimeoutMs: session.timeouts.pollHeadersMs }, async (response) => {
      const location = headerValue(response.headers, 'location');
      if (response.status < 200 || response.status >= 300) {
        // The error page itself is of no use; discard it (bounded) so the connection can be reused.
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return { status: response.status, headers: response.headers, bytes: 0, declared: undefined, location };
      }
      const declaredHeader = headerValue(response.headers, 'content-length');
      const declared = declaredHeader !== undefined && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : undefined;
      if (declared !== undefined && declared > MAX_AUDIO_BYTES) throw new ConsumerError(tooLarge(provider, options.requestId));
      let received = 0;
      options.onProgress({ receivedBytes: 0, totalBytes: declared });
      // Generous buffers: a consumer that pushes back on every 16 KB makes undici re-copy its whole socket buffer
      // at each chunk of a chunked (Content-Length-less) answer — a download then slows to a crawl as it grows.
      const counter = new Transform({
        highWaterMark: STREAM_BUFFER_BYTES,
        transform(chunk: Buffer, _encoding, callback) {
          received += chunk.length;
          if (received > MAX_AUDIO_BYTES) {
            callback(new ConsumerError(tooLarge(provider, options.requestId)));
            return;
          }
          options.onProgress({ receivedBytes: received, totalBytes: declared });
          callback(null, chunk);
        },
      });
      // 'w' truncates: a retried download starts its temporary file afresh.
      const file = fs.createWriteStream(tempPath, { flags: 'w', highWaterMark: STREAM_BUFFER_BYTES });
      try {
        await pipeline(response.body, counter, file, { signal: session.signal });
      } catch (error) {
        // A failed attempt's stream may still be opening (and so truncating) the file: let it finish
        // closing before a retry writes there, or the late truncation would empty the next attempt's take.
        if (!file.closed) await once(file, 'close').catch(() => undefined);
        if (error instanceof ConsumerError) throw error;
        if (isFileSystemError(error)) throw new ConsumerError(fileSystemFailure(provider, error, 'downloading the audio'));
        throw error;
      }
      return { status: response.status, headers: response.headers, bytes: received, declared, location };
    });
  } catch (error) {
    if (error instanceof ConsumerError) throw error.inner;
    const refused = refusedAddress(error);
    if (refused !== undefined) {
      throw new GenerationError(
        'bad-audio',
        `${PROVIDER_NAMES[provider]} gave an audio address that is not downloaded for safety: ${refused}, not one on the internet`,
        {
          provider,
          requestId: options.requestId,
        },
      );
    }
    throw transportFailure(provider, error, 'downloading the audio');
  }
}

function tooLarge(provider: ProviderId, requestId: string | undefined): GenerationError {
  return new GenerationError('bad-audio', `${PROVIDER_NAMES[provider]} sent more than ${MAX_AUDIO_BYTES / 1024 / 1024} MB of audio: that is not a song`, {
    provider,
    requestId,
  });
}

/** Hex characters decoded per slice: 2 MB of text, 1 MB of audio, never the whole song in a second buffer. */
const HEX_SLICE = 2 * 1024 * 1024;

/** Decodes audio that came inline as hex into the temporary file, then checks it like a download. */
export async function writeInlineAudio(options: {
  provider: ProviderId;
  hex: string;
  tempPath: string;
  expectedFormat: AudioFormat | undefined;
  expectedDurationMs?: number | undefined;
  requestId: string | undefined;
  onProgress: (progress: DownloadProgress) => void;
}): Promise<DownloadedAudio> {
  const { provider, hex, requestId } = options;
  const name = PROVIDER_NAMES[provider];
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new GenerationError('bad-audio', `${name} sent inline audio that is not valid hex`, { provider, requestId });
  }
  const total = hex.length / 2;
  if (total > MAX_AUDIO_BYTES) throw tooLarge(provider, requestId);
  let written = 0;
  function* slices(): Generator<Buffer> {
    for (let at = 0; at < hex.length; at += HEX_SLICE) {
      const slice = Buffer.from(hex.slice(at, at + HEX_SLICE), 'hex');
      written += slice.length;
      options.onProgress({ receivedBytes: written, totalBytes: total });
      yield slice;
    }
  }
  try {
    await pipeline(Readable.from(slices()), fs.createWriteStream(options.tempPath, { flags: 'w' }));
  } catch (error) {
    if (isFileSystemError(error)) throw fileSystemFailure(provider, error, 'saving the audio');
    throw error;
  }
  return checkAudioFile({
    provider,
    tempPath: options.tempPath,
    bytes: total,
    expectedFormat: options.expectedFormat,
    expectedDurationMs: options.expectedDurationMs,
    requestId,
    status: undefined,
  });
}

/**
 * The checks every take passes before it gets a name: not empty, audio all
 * the way (see inspectAudioFile), the format asked for, and not much shorter
 * than the provider said.
 */
export async function checkAudioFile(options: {
  provider: ProviderId;
  tempPath: string;
  bytes: number;
  expectedFormat: AudioFormat | undefined;
  expectedDurationMs?: number | undefined;
  requestId: string | undefined;
  status: number | undefined;
}): Promise<DownloadedAudio> {
  const { provider, requestId, status } = options;
  const name = PROVIDER_NAMES[provider];
  if (options.bytes === 0) {
    throw new GenerationError('bad-audio', `${name} sent an empty audio file`, { provider, status, requestId });
  }
  const inspected = await inspectAudioFile(options.tempPath);
  if (!inspected.ok && inspected.format === undefined) {
    throw new GenerationError('bad-audio', `${name} sent something that is not MP3 or WAV audio`, { provider, status, requestId });
  }
  const format = inspected.format ?? 'mp3';
  if (options.expectedFormat && format !== options.expectedFormat) {
    throw new GenerationError('bad-audio', `${name} sent ${format.toUpperCase()} audio, but ${options.expectedFormat.toUpperCase()} was requested`, {
      provider,
      status,
      requestId,
    });
  }
  if (!inspected.ok) {
    throw new GenerationError('bad-audio', `The ${format.toUpperCase()} audio from ${name} is not a usable take: ${inspected.reason}`, {
      provider,
      status,
      requestId,
    });
  }
  if (shorterThanClaimed(inspected.durationMs, options.expectedDurationMs)) {
    const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    throw new GenerationError(
      'bad-audio',
      `The audio from ${name} is cut short: ${seconds(inspected.durationMs)} of the ${seconds(options.expectedDurationMs ?? 0)} ${name} said the song lasts`,
      { provider, status, requestId },
    );
  }
  return { format, bytes: options.bytes, durationMs: inspected.durationMs };
}
