/**
 * How the fake puts bytes on the wire: a `Reply` is built first (status,
 * headers, body) and only then sent, whole or cut short, so the same reply can
 * be delivered normally or used for "reset mid-body" and "truncated download".
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number>>;
  /** A Buffer, or a stream for large audio rendered on demand. */
  readonly body: Buffer | Readable;
  /** Sent as Content-Length, so truncation is detectable by clients — unless `chunked`. */
  readonly length: number;
  /** No Content-Length: the body goes chunked and `length` is ignored (a stream of unknown, or endless, size). */
  readonly chunked?: boolean;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string | number> = {}): Reply {
  return textReply(status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

export function textReply(status: number, contentType: string, text: string, headers: Record<string, string | number> = {}): Reply {
  const body = Buffer.from(text, 'utf8');
  return { status, headers: { 'content-type': contentType, ...headers }, body, length: body.length };
}

export function bytesReply(status: number, contentType: string, body: Buffer | Readable, length: number, headers: Record<string, string | number> = {}): Reply {
  return { status, headers: { 'content-type': contentType, ...headers }, body, length };
}

function writeHead(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, reply.chunked ? { ...reply.headers } : { ...reply.headers, 'content-length': reply.length });
}

/** Chunks of a stream are yielded to the event loop this often, so an endless body never starves the server's other work. */
const CHUNKS_PER_TURN = 16;

/** `chunk` repeated for ever (or up to `limit` bytes), yielding to the event loop now and then; stops when the reader goes away. */
export function repeatingStream(chunk: Buffer, limit?: number): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    let sent = 0;
    for (let count = 1; limit === undefined || sent < limit; count++) {
      const part = limit === undefined ? chunk : chunk.subarray(0, Math.min(chunk.length, limit - sent));
      sent += part.length;
      yield part;
      if (count % CHUNKS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return Readable.from(generate(), { objectMode: false });
}

/** The first `bytes` of a reply, announced as its whole length: a clean, complete-looking transfer of less than the file. */
export function shortenedReply(reply: Reply, bytes: number): Reply {
  const length = Math.max(0, Math.min(bytes, reply.length));
  if (Buffer.isBuffer(reply.body)) return { ...reply, body: reply.body.subarray(0, length), length };
  const source = reply.body;
  async function* firstBytes(): AsyncGenerator<Buffer> {
    let sent = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        const part = chunk.subarray(0, length - sent);
        sent += part.length;
        if (part.length > 0) yield part;
        if (sent >= length) break;
      }
    } finally {
      source.destroy();
    }
  }
  return { ...reply, body: Readable.from(firstBytes(), { objectMode: false }), length };
}

/** Sends the reply completely. Resolves when done or when the client went away (never rejects). */
export async function sendReply(res: ServerResponse, reply: Reply, headOnly = false): Promise<void> {
  writeHead(res, reply);
  if (headOnly) {
    if (reply.body instanceof Readable) reply.body.destroy();
    res.end();
    return;
  }
  if (Buffer.isBuffer(reply.body)) {
    res.end(reply.body);
    return;
  }
  // pipeline destroys the generator stream if the client disconnects mid-download.
  await pipeline(reply.body, res).catch(() => undefined);
}

/**
 * Sends the headers (Content-Length announcing the full body) and the first
 * `fraction` of the body, then ends the connection: 'destroy' for an abrupt
 * reset, 'end' for a clean FIN that simply arrives too early.
 */
export async function sendCutReply(res: ServerResponse, reply: Reply, fraction: number, ending: 'destroy' | 'end'): Promise<void> {
  const cutAt = Math.max(1, Math.min(reply.length - 1, Math.floor(reply.length * fraction)));
  writeHead(res, reply);
  // Headers and the partial body must reach the kernel before the socket goes, or the client would see nothing at all.
  const write = (chunk: Buffer): Promise<void> =>
    new Promise((resolve) => {
      if (res.destroyed) {
        resolve();
        return;
      }
      res.write(chunk, () => resolve());
    });
  if (Buffer.isBuffer(reply.body)) {
    await write(reply.body.subarray(0, cutAt));
  } else {
    let sent = 0;
    for await (const chunk of reply.body as AsyncIterable<Buffer>) {
      if (res.destroyed) break;
      const part = chunk.subarray(0, cutAt - sent);
      await write(part);
      sent += part.length;
      if (sent >= cutAt) break;
    }
    reply.body.destroy();
  }
  const socket = res.socket;
  if (!socket) return;
  if (ending === 'destroy') socket.destroy();
  else socket.end();
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Ids shaped like Scenario's (`job_` + 24 base62 characters). */
export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += BASE62.charAt(byte % BASE62.length);
  return `${prefix}${id}`;
}

export const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

export const HTML_LOGIN_PAGE =
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in</title></head>\n<body><form method="post" action="/login"><input name="user"><input name="password" type="password"><button>Sign in</button></form></body></html>\n';

/** Looks like JSON, is cut mid-object: what a proxy that truncated a body would hand over. */
export const MALFORMED_JSON = '{"result": {"audio": "https://example.invalid/a.mp3", "status": ';
