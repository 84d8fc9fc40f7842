/**
 * Streams the audio to a temporary file in the output folder and checks it:
 * not empty, as long as Content-Length said, and bytes that look like the
 * expected format. Provider URLs expire, so this runs right after generation.
 */
import * as fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { headerValue, withRetries, type HttpSession } from '../net/http';
import type { AudioFormat, ProviderId } from '../schema';
import { readHead, sniffAudioFormat } from './audioCheck';
import { GenerationError, PROVIDER_NAMES } from './errors';
import { transportFailure } from '../providers/responses';

export interface DownloadProgress {
  readonly receivedBytes: number;
  readonly totalBytes: number | undefined;
}

export interface DownloadedAudio {
  readonly format: AudioFormat;
  readonly bytes: number;
}

export async function downloadAudio(options: {
  provider: ProviderId;
  session: HttpSession;
  url: string;
  tempPath: string;
  expectedFormat: AudioFormat | undefined;
  requestId: string | undefined;
  onProgress: (progress: DownloadProgress) => void;
}): Promise<DownloadedAudio> {
  const { provider, session, url, tempPath, requestId } = options;
  const name = PROVIDER_NAMES[provider];

  let outcome;
  try {
    outcome = await withRetries(session, { method: 'GET', url, mode: 'idempotent', headersTimeoutMs: session.timeouts.pollHeadersMs }, async (response) => {
      if (response.status < 200 || response.status >= 300) {
        // The error page itself is of no use; discard it (bounded) so the connection can be reused.
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return { status: response.status, headers: response.headers, bytes: 0, declared: undefined };
      }
      const declaredHeader = headerValue(response.headers, 'content-length');
      const declared = declaredHeader !== undefined && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : undefined;
      let received = 0;
      options.onProgress({ receivedBytes: 0, totalBytes: declared });
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          received += chunk.length;
          options.onProgress({ receivedBytes: received, totalBytes: declared });
          callback(null, chunk);
        },
      });
      // 'w' truncates: a retried download starts its temporary file afresh.
      await pipeline(response.body, counter, fs.createWriteStream(tempPath, { flags: 'w' }), { signal: session.signal });
      return { status: response.status, headers: response.headers, bytes: received, declared };
    });
  } catch (error) {
    throw transportFailure(provider, error, 'downloading the audio');
  }

  if (outcome.status < 200 || outcome.status >= 300) {
    const expired = outcome.status === 403 || outcome.status === 404 || outcome.status === 410;
    throw new GenerationError(
      'server',
      expired
        ? `${name} generated the song, but its download link was refused (it may have expired); generate it again`
        : `${name} generated the song, but downloading it failed`,
      { provider, status: outcome.status, requestId },
    );
  }
  if (outcome.bytes === 0) {
    throw new GenerationError('bad-audio', `${name} sent an empty audio file`, { provider, status: outcome.status, requestId });
  }
  if (outcome.declared !== undefined && outcome.declared !== outcome.bytes) {
    throw new GenerationError(
      'bad-audio',
      `The audio from ${name} was cut short (${outcome.bytes.toLocaleString('en-US')} of ${outcome.declared.toLocaleString('en-US')} bytes)`,
      { provider, status: outcome.status, requestId },
    );
  }
  const format = sniffAudioFormat(await readHead(tempPath));
  if (!format) {
    throw new GenerationError('bad-audio', `${name} sent something that is not MP3 or WAV audio`, {
      provider,
      status: outcome.status,
      requestId,
    });
  }
  if (options.expectedFormat && format !== options.expectedFormat) {
    throw new GenerationError('bad-audio', `${name} sent ${format.toUpperCase()} audio, but ${options.expectedFormat.toUpperCase()} was requested`, {
      provider,
      status: outcome.status,
      requestId,
    });
  }
  return { format, bytes: outcome.bytes };
}
