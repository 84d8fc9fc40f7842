/**
 * Is a downloaded file audio of the expected format, all the way? A provider
 * or a CDN that answers with an HTML error page and status 200 must not end
 * up saved as `song.mp3`, and neither must one whose first bytes only look
 * like MP3, or a take that lost its end on the way. MPEG frame headers and
 * RIFF chunks are simple, fixed layouts, so they are read here directly:
 * the duration that comes out of counting them is what the sidecar records.
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

/**
 * What a downloaded file really holds, beyond its first bytes: a take must be
 * audio all the way, not `ID3` and then a web page, and not a song cut short
 * by a server whose Content-Length under-reported. For MP3 the first MPEG
 * frame after the ID3 tag must parse, and the frames are counted (against the
 * encoder's own count in a Xing/Info frame when there is one); for WAV the
 * `fmt ` chunk must be plausible and the `data` chunk must be all there. The
 * duration measured this way is what the provider's claimed duration is
 * checked against.
 */
export type AudioInspection =
  | { readonly ok: true; readonly format: AudioFormat; readonly durationMs: number }
  | { readonly ok: false; readonly format: AudioFormat | undefined; readonly reason: string; readonly cutShort?: boolean };

export async function inspectAudioFile(path: string): Promise<AudioInspection> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      if (buffer.length === 0) return buffer;
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    };
    const format = sniffAudioFormat(await read(0, 64));
    if (format === 'wav') return await inspectWav(read, size);
    if (format === 'mp3') return await inspectMp3(read, size);
    return { ok: false, format: undefined, reason: 'it is not MP3 or WAV audio' };
  } finally {
    await handle.close();
  }
}

type Reader = (position: number, length: number) => Promise<Buffer>;

/** Chunks a WAV may have before `data` (LIST, fact, bext, …); a file with more is not one we made sense of. */
const MAX_WAV_CHUNKS = 64;

async function inspectWav(read: Reader, size: number): Promise<AudioInspection> {
  const bad = (reason: string, cutShort = false): AudioInspection => ({ ok: false, format: 'wav', reason, cutShort });
  let fmt: { channels: number; sampleRate: number; byteRate: number; blockAlign: number } | undefined;
  let position = 12;
  for (let chunks = 0; chunks < MAX_WAV_CHUNKS && position + 8 <= size; chunks++) {
    const header = await read(position, 8);
    const id = header.toString('latin1', 0, 4);
    const chunkSize = header.readUInt32LE(4);
    if (id === 'fmt ') {
      if (chunkSize < 16 || chunkSize > 4096) return bad(`its WAV “fmt ” chunk has an impossible size (${chunkSize} bytes)`);
      const body = await read(position + 8, 16);
      if (body.length < 16) return bad('its WAV “fmt ” chunk is cut short', true);
      const audioFormat = body.readUInt16LE(0);
      const channels = body.readUInt16LE(2);
      const sampleRate = body.readUInt32LE(4);
      const byteRate = body.readUInt32LE(8);
      const blockAlign = body.readUInt16LE(12);
      const bits = body.readUInt16LE(14);
      const plausible =
        [1, 3, 0xfffe].includes(audioFormat) &&
        channels >= 1 &&
        channels <= 8 &&
        sampleRate >= 8000 &&
        sampleRate <= 384_000 &&
        [8, 16, 24, 32, 64].includes(bits) &&
        blockAlign === (channels * bits) / 8 &&
        byteRate === sampleRate * blockAlign;
      if (!plausible)
        return bad(`its WAV “fmt ” chunk does not describe playable audio (format ${audioFormat}, ${channels} channels, ${sampleRate} Hz, ${bits} bits)`);
      fmt = { channels, sampleRate, byteRate, blockAlign };
    } else if (id === 'data') {
      if (!fmt) return bad('its WAV “data” chunk comes before any “fmt ” chunk');
      const available = size - (position + 8);
      // 0 and 0xFFFFFFFF are what streaming writers leave when they could not go back to fill in the size: “to the end”.
      const streamed = chunkSize === 0 || chunkSize === 0xffffffff;
      if (!streamed && chunkSize - available >= fmt.blockAlign) {
        return bad(
          `it is cut short: its WAV header announces ${chunkSize.toLocaleString('en-US')} bytes of sound, the file holds ${Math.max(0, available).toLocaleString('en-US')}`,
          true,
        );
      }
      const soundBytes = streamed ? available : Math.min(chunkSize, available);
      if (soundBytes < fmt.blockAlign) return bad('its WAV “data” chunk holds no sound');
      return { ok: true, format: 'wav', durationMs: Math.round((soundBytes / fmt.byteRate) * 1000) };
    }
    position += 8 + chunkSize + (chunkSize % 2);
  }
  return bad(fmt ? 'it has no WAV “data” chunk' : 'it has no WAV “fmt ” and “data” chunks', position >= size);
}

/** kbit/s by bitrate index: MPEG-1 Layer III, and MPEG-2/2.5 Layer III. */
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES_V1 = [44100, 48000, 32000];

export interface MpegFrame {
  /** Bytes, header included. */
  readonly length: number;
  readonly samples: number;
  readonly sampleRate: number;
  /** Offset of a Xing/Info tag in the frame, by version and channel mode. */
  readonly xingOffset: number;
}

/** Parses the 4-byte header of an MPEG audio Layer III frame at `at`; undefined when there is none. */
export function parseMpegFrame(bytes: Uint8Array, at: number): MpegFrame | undefined {
  if (at + 4 > bytes.length) return undefined;
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  const b3 = bytes[at + 3] ?? 0;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
  const layer = (b1 >> 1) & 3; // 1: Layer III
  const bitrateIndex = (b2 >> 4) & 0xf;
  const rateIndex = (b2 >> 2) & 3;
  // Free-format (index 0) has no length in its header; no encoder a provider uses writes it.
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const mpeg1 = version === 3;
  const kbps = (mpeg1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex] ?? 0;
  const sampleRate = (SAMPLE_RATES_V1[rateIndex] ?? 44100) / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const samples = mpeg1 ? 1152 : 576;
  const length = Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + ((b2 >> 1) & 1);
  const mono = b3 >> 6 === 3;
  return { length, samples, sampleRate, xingOffset: 4 + (mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17) };
}

/** ID3v2 tags at the start (10-byte header, syncsafe size, optional footer); the offset of what follows. */
async function skipId3(read: Reader, size: number): Promise<number> {
  let position = 0;
  // Some files carry two tags back to back; more than a few is not a tag.
  for (let tags = 0; tags < 4 && position + 10 <= size; tags++) {
    const header = await read(position, 10);
    if (header.toString('latin1', 0, 3) !== 'ID3') break;
    const syncsafe = [6, 7, 8, 9].map((i) => header[i] ?? 0);
    if (syncsafe.some((byte) => byte & 0x80)) break;
    const tagSize = syncsafe.reduce((total, byte) => total * 128 + byte, 0);
    const footer = ((header[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
    position += 10 + tagSize + footer;
  }
  return position;
}

/** Bytes searched for the next frame when the frames stop lining up (junk between frames, or zero padding after a tag). */
const MP3_RESYNC_BYTES = 8 * 1024;
/** Frames are read in slices this size, so a 500 MB file is counted without being held in memory. */
const MP3_SLICE_BYTES = 1024 * 1024;

/** The first place in [from, from + MP3_RESYNC_BYTES) where two frames follow each other (or one ends the file). */
async function resync(read: Reader, size: number, from: number): Promise<number | undefined> {
  const window = await read(from, MP3_RESYNC_BYTES + 4);
  for (let at = 0; at + 4 <= window.length; at++) {
    const frame = parseMpegFrame(window, at);
    if (!frame) continue;
    const next = from + at + frame.length;
    if (next === size) return from + at;
    if (next + 4 <= size && parseMpegFrame(await read(next, 4), 0)) return from + at;
  }
  return undefined;
}

async function inspectMp3(read: Reader, size: number): Promise<AudioInspection> {
  const bad = (reason: string, cutShort = false): AudioInspection => ({ ok: false, format: 'mp3', reason, cutShort });
  const audioStart = await skipId3(read, size);
  if (audioStart >= size) return bad(audioStart === 0 ? 'it is empty' : 'it is an ID3 tag with no audio after it');
  const firstHead = await read(audioStart, 4);
  let position: number | undefined = parseMpegFrame(firstHead, 0) ? audioStart : undefined;
  if (position === undefined) {
    // Only padding may stand between the tag and the first frame; anything else (a web page after `ID3`) is not MP3.
    const gap = await read(audioStart, MP3_RESYNC_BYTES);
    const firstNonZero = gap.findIndex((byte) => byte !== 0);
    if (firstNonZero > 0 && parseMpegFrame(await read(audioStart + firstNonZero, 4), 0)) position = audioStart + firstNonZero;
  }
  if (position === undefined) return bad('no MPEG audio frame follows its ID3 tag');

  const first = parseMpegFrame(await read(position, 4), 0);
  if (!first || position + first.length > size) return bad('its first MPEG audio frame is cut short', true);
  // A Xing/Info frame is the encoder's note of how many frames follow; it is silent and not counted as sound.
  const xing = await read(position + first.xingOffset, 12);
  const tag = xing.toString('latin1', 0, 4);
  let announcedFrames: number | undefined;
  if ((tag === 'Xing' || tag === 'Info') && xing.length >= 12 && (xing.readUInt32BE(4) & 1) === 1) {
    announcedFrames = xing.readUInt32BE(8);
    position += first.length;
  }

  let frames = 0;
  let seconds = 0;
  while (position !== undefined && position + 4 <= size) {
    const slice = await read(position, MP3_SLICE_BYTES);
    let at = 0;
    let lost = false;
    while (at + 4 <= slice.length) {
      const frame = parseMpegFrame(slice, at);
      if (!frame) {
        lost = true;
        break;
      }
      if (position + at + frame.length > size) break; // a last frame cut in half is no sound
      frames += 1;
      seconds += frame.samples / frame.sampleRate;
      at += frame.length;
    }
    const stoppedAt: number = position + at;
    if (lost) position = await resync(read, size, stoppedAt + 1);
    else if (at === 0 || stoppedAt + 4 > size || stoppedAt + (parseMpegFrame(await read(stoppedAt, 4), 0)?.length ?? 0) > size) break;
    else position = stoppedAt;
  }
  if (frames === 0) return bad('it holds no complete MPEG audio frame', true);
  if (announcedFrames !== undefined && announcedFrames - frames > Math.max(2, announcedFrames * 0.02)) {
    return bad(
      `it is cut short: ${frames.toLocaleString('en-US')} of the ${announcedFrames.toLocaleString('en-US')} MPEG frames its encoder announced are there`,
      true,
    );
  }
  return { ok: true, format: 'mp3', durationMs: Math.round(seconds * 1000) };
}

/**
 * The provider said how long the song is: a file much shorter than that lost
 * its end on the way. Encoders pad and round, so a second (or a tenth) of
 * difference is normal; a longer file is not a lost song and passes.
 */
export function shorterThanClaimed(measuredMs: number, claimedMs: number | undefined): boolean {
  if (claimedMs === undefined || !Number.isFinite(claimedMs) || claimedMs <= 0) return false;
  return measuredMs < claimedMs - Math.max(1000, claimedMs * 0.1);
}
