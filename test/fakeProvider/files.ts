/**
 * The fake's "CDN": every generated take gets a file id and a signed-looking
 * URL on the same server (`/files/<id>.<ext>?X-Amz-…&X-Amz-Signature=…`), like
 * the presigned storage URLs the real providers hand out.
 */
import * as fs from 'node:fs';
import { createWavStream, mp3FixturePath, renderWav, wavByteLength, type WavOptions } from './audio';
import type { AudioFormat, AudioSettings, Fault, ProviderName, RedirectStatus } from './types';
import { bytesReply, HTML_LOGIN_PAGE, randomHex, randomId, repeatingStream, shortenedReply, textReply, type Reply } from './wire';

/** Duration of test/fixtures/audio/take.mp3 (see test/fixtures/audio/README.md). */
export const MP3_FIXTURE_SECONDS = 4;
/** Sample rate take.mp3 was encoded at. */
export const MP3_FIXTURE_SAMPLE_RATE = 44100;

/** Presigned URLs are documented as valid 24 hours (MiniMax); expiry itself is simulated by the `expiredUrl` fault. */
const URL_LIFETIME_SECONDS = 86400;

export interface StoredFile {
  readonly id: string;
  readonly provider: ProviderName;
  /** What the bytes are. */
  readonly format: AudioFormat;
  /** What the URL extension and Content-Type say (differs from `format` only when a test asks). */
  readonly labelledAs: AudioFormat;
  readonly url: string;
  readonly signature: string;
  readonly byteLength: number;
  readonly durationMs: number;
  readonly sampleRate: number;
  readonly channels: number;
  /** Fixed at creation, so a file's size never changes between the JSON that describes it and its download. */
  readonly wav: WavOptions | undefined;
}

export interface NewFile {
  readonly provider: ProviderName;
  readonly format: AudioFormat;
  readonly labelledAs?: AudioFormat;
  /** For WAV: the requested sample rate (default 44100). */
  readonly sampleRate?: number;
}

const CONTENT_TYPES: Record<AudioFormat, string> = { mp3: 'audio/mpeg', wav: 'audio/wav' };

/** A small, valid ID3v2.3 tag holding one title frame: what an MP3 starts with, and all an `id3ThenHtml` file has of one. */
export function id3Tag(title: string): Buffer {
  const text = Buffer.from(`\0${title}`, 'latin1'); // encoding byte 0: ISO-8859-1
  const frame = Buffer.alloc(10 + text.length);
  frame.write('TIT2', 0, 'latin1');
  frame.writeUInt32BE(text.length, 4);
  text.copy(frame, 10);
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  // The tag size is "syncsafe": 7 bits per byte.
  for (let i = 0, size = frame.length; i < 4; i++, size >>= 7) header[9 - i] = size & 0x7f;
  return Buffer.concat([header, frame]);
}

/**
 * A path the store serves: `/files/<id>.<ext>`, or a redirect hop `/files/hop/<status>/<left>/<id>.<ext>` where `left` is
 * how many redirects remain after this URL (0: this URL serves the file).
 */
export interface FilePath {
  readonly id: string;
  readonly ext: AudioFormat;
  readonly hop?: { readonly status: RedirectStatus; readonly left: number };
}

const FILE_PATH = /^\/files\/([A-Za-z0-9_]+)\.(mp3|wav)$/;
const HOP_PATH = /^\/files\/hop\/(301|302|303|307|308)\/(\d{1,4})\/([A-Za-z0-9_]+)\.(mp3|wav)$/;

type RedirectFault = Extract<Fault, { kind: 'redirect' }>;

function redirectReply(status: RedirectStatus, location: string): Reply {
  return textReply(status, 'text/plain; charset=utf-8', `Redirecting to ${location}\n`, { location });
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function s3ErrorXml(code: string, message: string, extra: Record<string, string> = {}): string {
  const fields = Object.entries(extra)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message>${fields}<RequestId>${randomHex(8).toUpperCase()}</RequestId><HostId>${randomHex(24)}</HostId></Error>`
  );
}

export function s3ErrorReply(status: number, code: string, message: string, extra: Record<string, string> = {}): Reply {
  return textReply(status, 'application/xml', s3ErrorXml(code, message, extra), { 'x-amz-request-id': randomHex(8).toUpperCase() });
}

const S3_ERRORS_BY_STATUS: Record<number, [string, string]> = {
  400: ['InvalidRequest', 'Invalid Request'],
  401: ['AccessDenied', 'Access Denied'],
  403: ['AccessDenied', 'Access Denied'],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  429: ['SlowDown', 'Please reduce your request rate.'],
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
};

export function s3StatusReply(status: number, message?: string, headers: Record<string, string | number> = {}): Reply {
  const [code, defaultMessage] = S3_ERRORS_BY_STATUS[status] ?? ['InternalError', `HTTP ${status}`];
  const reply = s3ErrorReply(status, code, message ?? defaultMessage);
  return { ...reply, headers: { ...reply.headers, ...headers } };
}

/** 403 with the body S3 sends for a presigned URL past its X-Amz-Expires. */
export function expiredUrlReply(): Reply {
  const now = new Date();
  return s3ErrorReply(403, 'AccessDenied', 'Request has expired', {
    'X-Amz-Expires': String(URL_LIFETIME_SECONDS),
    Expires: new Date(now.getTime() - 60_000).toISOString(),
    ServerTime: now.toISOString(),
  });
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private mp3Cache: { path: string; bytes: Buffer } | undefined;

  constructor(
    private readonly origin: string,
    private readonly audio: () => AudioSettings,
  ) {}

  clear(): void {
    this.files.clear();
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  private mp3(): Buffer {
    const path = this.audio().mp3Path ?? mp3FixturePath();
    if (this.mp3Cache?.path !== path) this.mp3Cache = { path, bytes: fs.readFileSync(path) };
    return this.mp3Cache.bytes;
  }

  /** The bytes of a file in memory (for MiniMax's hex output); WAVs are rendered whole, so keep them small there. */
  async bytes(file: StoredFile): Promise<Buffer> {
    if (!file.wav) return this.mp3();
    const chunks: Buffer[] = [];
    for await (const chunk of createWavStream(file.wav)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  create(request: NewFile): StoredFile {
    const id = randomId('take_', 20);
    const labelledAs = request.labelledAs ?? request.format;
    const signature = randomHex(32);
    const now = new Date();
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      // URLSearchParams encodes the slashes as %2F, as real presigned URLs do; clients must not re-encode them.
      'X-Amz-Credential': `FAKEACCESSKEY/${amzDate(now).slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': amzDate(now),
      'X-Amz-Expires': String(URL_LIFETIME_SECONDS),
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': signature,
    });
    const url = `${this.origin}/files/${id}.${labelledAs}?${query.toString()}`;
    const settings = this.audio();
    let file: StoredFile;
    if (request.format === 'wav') {
      const wav: WavOptions = {
        sampleRate: request.sampleRate ?? 44100,
        channels: settings.wavChannels,
        durationSeconds: settings.wavSeconds,
        tone: settings.tone,
        ...(settings.wavTotalBytes !== undefined ? { totalBytes: settings.wavTotalBytes } : {}),
      };
      const byteLength = wavByteLength(wav);
      const sampleRate = wav.sampleRate ?? 44100;
      const channels = wav.channels ?? 2;
      const durationMs = Math.round(((byteLength - 44) / (channels * 2) / sampleRate) * 1000);
      file = { id, provider: request.provider, format: 'wav', labelledAs, url, signature, byteLength, durationMs, sampleRate, channels, wav };
    } else {
      file = {
        id,
        provider: request.provider,
        format: 'mp3',
        labelledAs,
        url,
        signature,
        byteLength: this.mp3().length,
        durationMs: MP3_FIXTURE_SECONDS * 1000,
        sampleRate: MP3_FIXTURE_SAMPLE_RATE,
        channels: 2,
        wav: undefined,
      };
    }
    this.files.set(id, file);
    return file;
  }

  /** Parses a file or hop path; undefined when the path is neither. */
  static parsePath(path: string): FilePath | undefined {
    const file = FILE_PATH.exec(path);
    if (file) return { id: file[1] ?? '', ext: file[2] === 'wav' ? 'wav' : 'mp3' };
    const hop = HOP_PATH.exec(path);
    if (!hop) return undefined;
    return {
      id: hop[3] ?? '',
      ext: hop[4] === 'wav' ? 'wav' : 'mp3',
      hop: { status: Number(hop[1]) as RedirectStatus, left: Number(hop[2]) },
    };
  }

  /** The URL of a hop, written the way the Location header for it should be (see the `redirect` fault). */
  private hopLocation(path: FilePath, status: RedirectStatus, left: number, search: string, form: 'pathAbsolute' | 'absolute' | 'dotRelative'): string {
    const tail = `${left}/${path.id}.${path.ext}${search}`;
    if (form === 'dotRelative') return `../${tail}`;
    const absolutePath = `/files/hop/${status}/${tail}`;
    return form === 'absolute' ? `${this.origin}${absolutePath}` : absolutePath;
  }

  /**
   * The first redirect of a `redirect` fault, answering the file's own URL: to `fault.location` exactly when given, else to
   * the first hop, written path-absolute (the file URL is no hop path, so a dot-relative one can't start there).
   */
  redirectStart(path: FilePath, search: string, fault: RedirectFault): Reply {
    const status = fault.status ?? 302;
    if (fault.location !== undefined) return redirectReply(status, fault.location);
    const left = Math.max(1, Math.floor(fault.hops ?? 1)) - 1;
    return redirectReply(status, this.hopLocation(path, status, left, search, 'pathAbsolute'));
  }

  /**
   * A request on a hop URL: the next redirect while hops are left, else the file. The Location form rotates with the hop
   * it points to, so chains of two or more mix forms and a 3-hop chain has all three.
   */
  hop(path: FilePath, search: string, query: Readonly<Record<string, string>>): Reply {
    if (!path.hop || path.hop.left <= 0) return this.download(path.id, query);
    const { status } = path.hop;
    const left = path.hop.left - 1;
    const form = (['absolute', 'dotRelative', 'pathAbsolute'] as const)[left % 3] ?? 'absolute';
    return redirectReply(status, this.hopLocation(path, status, left, search, form));
  }

  /**
   * The download as a download-stage fault shapes it (see `Fault`: noContentLength, endlessAudio, id3ThenHtml,
   * underReportedLength, shortAudio); undefined for other kinds. Unknown files and bad signatures are refused as usual.
   */
  faultyDownload(id: string, query: Readonly<Record<string, string>>, fault: Fault): Reply | undefined {
    if (!['noContentLength', 'endlessAudio', 'id3ThenHtml', 'underReportedLength', 'shortAudio'].includes(fault.kind)) return undefined;
    const normal = this.download(id, query);
    const file = this.files.get(id);
    if (normal.status !== 200 || !file) return normal;
    switch (fault.kind) {
      case 'noContentLength':
        return { ...normal, chunked: true };
      case 'endlessAudio': {
        if (!Buffer.isBuffer(normal.body)) normal.body.destroy();
        const unit = file.wav ? renderWav({ ...file.wav, durationSeconds: 1, totalBytes: undefined }) : this.mp3();
        return { ...bytesReply(200, CONTENT_TYPES[file.labelledAs], repeatingStream(unit), 0), chunked: true };
      }
      case 'id3ThenHtml': {
        if (!Buffer.isBuffer(normal.body)) normal.body.destroy();
        const body = Buffer.concat([id3Tag('Take'), Buffer.from(HTML_LOGIN_PAGE, 'utf8')]);
        return bytesReply(200, 'audio/mpeg', body, body.length);
      }
      case 'underReportedLength':
        return shortenedReply(normal, Math.floor(normal.length * (fault.fraction ?? 0.5)));
      case 'shortAudio': {
        if (!file.wav) return normal;
        if (!Buffer.isBuffer(normal.body)) normal.body.destroy();
        const fraction = fault.fraction ?? 0.5;
        const wav: WavOptions = {
          ...file.wav,
          durationSeconds: (file.wav.durationSeconds ?? 3) * fraction,
          ...(file.wav.totalBytes !== undefined ? { totalBytes: Math.floor(file.wav.totalBytes * fraction) } : {}),
        };
        return { ...normal, body: createWavStream(wav), length: wavByteLength(wav) };
      }
      default:
        return undefined;
    }
  }

  /** The download: 404 for unknown files, 403 when the signature isn't the one handed out, else the audio. */
  download(id: string, query: Readonly<Record<string, string>>): Reply {
    const file = this.files.get(id);
    if (!file) return s3StatusReply(404);
    if (query['X-Amz-Signature'] !== file.signature) {
      return s3ErrorReply(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    const headers = { etag: `"${file.signature.slice(0, 32)}"`, 'accept-ranges': 'none', 'x-amz-request-id': randomHex(8).toUpperCase() };
    const body = file.wav ? createWavStream(file.wav) : this.mp3();
    return bytesReply(200, CONTENT_TYPES[file.labelledAs], body, file.byteLength, headers);
  }
}
