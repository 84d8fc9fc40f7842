/**
 * Does a downloaded file look like audio of the expected format? A provider
 * or a CDN that answers with an HTML error page and status 200 must not end
 * up saved as `song.mp3`.
 */
import type { AudioFormat } from '../schema';

/** The container the first bytes show, if any we accept. */
export function sniffAudioFormat(head: Uint8Array): AudioFormat | undefined {
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (head.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame starts with 11 set sync bits; layer bits 01 mean Layer III.
  const b0 = head[0] ?? 0;
  const b1 = head[1] ?? 0;
  if (head.length >= 2 && b0 === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) === 0x02) return 'mp3';
  return undefined;
}

/** Reads the first bytes of a file. */
export async function readHead(path: string, length = 64): Promise<Uint8Array> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Duration from the audio itself, with `music-metadata` (a well-kept parser;
 * MP3 duration needs the Xing/Info header or a frame scan, which is not
 * something to hand-write). Loaded on first use only.
 */
export async function audioDurationMs(path: string): Promise<number | undefined> {
  try {
    const { parseFile } = await import('music-metadata');
    const metadata = await parseFile(path, { duration: true, skipCovers: true });
    const seconds = metadata.format.duration;
    return seconds !== undefined && Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
  } catch {
    return undefined; // a duration is nice to have; the sidecar says null
  }
}
