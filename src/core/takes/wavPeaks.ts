/**
 * Waveform peaks of a WAV take, computed in Node from the file on disk.
 *
 * Why not let the webview do it: wavesurfer.js draws peaks by fetching the
 * whole file and decoding it with WebAudio. For a 6-minute 44.1 kHz stereo WAV
 * that is 63.5 MB through the webview's resource loader, which in VS Code for
 * the Web / a VS Code server took ~8 s on first load (measured with
 * bench/player.ts). PCM needs no decoding: one streamed pass over the file
 * here takes a fraction of that, and only a few thousand numbers cross to the
 * webview. MP3 takes are small and still decoded by the webview.
 */
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import { formatBound } from '../files';

export interface WavPeaks {
  readonly durationSeconds: number;
  /** Per channel, `2 × buckets` values: each bucket's maximum then minimum sample, in −1…1. */
  readonly peaks: number[][];
}

interface WavFormat {
  readonly encoding: 'int16' | 'int24' | 'float32';
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly dataStart: number;
  readonly dataBytes: number;
}

const HEADER_BYTES = 64 * 1024;
/** The same bound as the audio the player serves: past it, no peaks are read (a real WAV take is well under 100 MB). */
export const MAX_PEAKS_FILE_BYTES = 512 * 1024 * 1024;
// O_NONBLOCK: opening a FIFO with no writer returns at once (it is then refused below) instead of hanging.
const OPEN_FLAGS = constants.O_RDONLY | ((constants as Partial<Record<string, number>>)['O_NONBLOCK'] ?? 0);
const CHUNK_BYTES = 4 * 1024 * 1024;
/** At most two channels are drawn (wavesurfer draws the first two). */
const MAX_CHANNELS = 2;

/** The peaks of a PCM (16/24-bit) or float (32-bit) WAV; undefined for anything else, so the caller can fall back. */
export async function wavPeaks(file: string, buckets = 4000): Promise<WavPeaks | undefined> {
  // Checked before opening (a device is never opened) and again on what was opened (the path may have been swapped).
  const before = await fs.stat(file);
  if (!before.isFile()) throw new Error('is not a regular file');
  const handle = await fs.open(file, OPEN_FLAGS);
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new Error('is not a regular file');
    if (opened.size > MAX_PEAKS_FILE_BYTES) throw new Error(`is larger than ${formatBound(MAX_PEAKS_FILE_BYTES)}`);
    const { size } = opened;
    const header = Buffer.alloc(Math.min(HEADER_BYTES, size));
    await handle.read(header, 0, header.length, 0);
    const format = parseWavHeader(header, size);
    if (!format) return undefined;

    const frames = Math.floor(format.dataBytes / format.blockAlign);
    if (frames === 0) return { durationSeconds: 0, peaks: [] };
    const bucketCount = Math.max(1, Math.min(buckets, frames));
    const framesPerBucket = frames / bucketCount;
    const drawn = Math.min(format.channels, MAX_CHANNELS);
    const maxima = Array.from({ length: drawn }, () => new Float32Array(bucketCount));
    const minima = Array.from({ length: drawn }, () => new Float32Array(bucketCount));

    // Whole frames per read, and a fresh ArrayBuffer so typed-array views are aligned.
    const framesPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / format.blockAlign));
    const buffer = Buffer.allocUnsafeSlow(framesPerChunk * format.blockAlign);
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const bytesPerSample = format.blockAlign / format.channels;
    for (let firstFrame = 0; firstFrame < frames; firstFrame += framesPerChunk) {
      const count = Math.min(framesPerChunk, frames - firstFrame);
      const { bytesRead } = await handle.read(buffer, 0, count * format.blockAlign, format.dataStart + firstFrame * format.blockAlign);
      const readFrames = Math.floor(bytesRead / format.blockAlign);
      for (let channel = 0; channel < drawn; channel++) {
        const max = maxima[channel] as Float32Array;
        const min = minima[channel] as Float32Array;
        if (format.encoding === 'int16') {
          // The common case (what providers send), as a tight loop over an Int16Array: ~4× faster than DataView.
          const samples = new Int16Array(buffer.buffer, buffer.byteOffset, readFrames * format.channels);
          let frame = 0;
          while (frame < readFrames) {
            const bucket = Math.min(bucketCount - 1, Math.floor((firstFrame + frame) / framesPerBucket));
            // At least one frame per step, whatever floating-point rounding says, so the loop always advances.
            const bucketEnd = Math.max(frame + 1, Math.min(readFrames, Math.ceil((bucket + 1) * framesPerBucket) - firstFrame));
            let high = (max[bucket] as number) * 32768;
            let low = (min[bucket] as number) * 32768;
            for (let i = frame * format.channels + channel; frame < bucketEnd; frame++, i += format.channels) {
              const value = samples[i] as number;
              if (value > high) high = value;
              if (value < low) low = value;
            }
            max[bucket] = high / 32768;
            min[bucket] = low / 32768;
            if (bucket === bucketCount - 1) frame = readFrames;
          }
          continue;
        }
        let offset = channel * bytesPerSample;
        for (let frame = 0; frame < readFrames; frame++, offset += format.blockAlign) {
          const value = sampleAt(view, offset, format.encoding);
          const bucket = Math.min(bucketCount - 1, Math.floor((firstFrame + frame) / framesPerBucket));
          if (value > (max[bucket] as number)) max[bucket] = value;
          if (value < (min[bucket] as number)) min[bucket] = value;
        }
      }
      if (readFrames < count) break; // the file is shorter than its header says
    }
    const round = (value: number): number => Math.round(value * 1000) / 1000;
    const peaks = maxima.map((max, channel) => {
      const min = minima[channel] as Float32Array;
      const out: number[] = new Array<number>(bucketCount * 2);
      for (let i = 0; i < bucketCount; i++) {
        out[2 * i] = round(max[i] as number);
        out[2 * i + 1] = round(min[i] as number);
      }
      return out;
    });
    return { durationSeconds: frames / format.sampleRate, peaks };
  } finally {
    await handle.close();
  }
}

function sampleAt(view: DataView, offset: number, encoding: WavFormat['encoding']): number {
  switch (encoding) {
    case 'int16':
      return view.getInt16(offset, true) / 32768;
    case 'int24': {
      const value = view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getInt8(offset + 2) << 16);
      return value / 8388608;
    }
    case 'float32':
      return Math.max(-1, Math.min(1, view.getFloat32(offset, true)));
  }
}

/** Finds the `fmt ` and `data` chunks of a RIFF/WAVE file; undefined when it isn't one we can read. */
export function parseWavHeader(header: Buffer, fileSize: number): WavFormat | undefined {
  if (header.length < 12 || header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let offset = 12;
  let fmt: Omit<WavFormat, 'dataStart' | 'dataBytes'> | undefined;
  while (offset + 8 <= header.length) {
    const id = header.toString('latin1', offset, offset + 4);
    const size = header.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= header.length) {
      let audioFormat = header.readUInt16LE(body);
      const channels = header.readUInt16LE(body + 2);
      const sampleRate = header.readUInt32LE(body + 4);
      const blockAlign = header.readUInt16LE(body + 12);
      const bits = header.readUInt16LE(body + 14);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (audioFormat === 0xfffe && size >= 40 && body + 26 <= header.length) audioFormat = header.readUInt16LE(body + 24);
      const encoding =
        audioFormat === 1 && bits === 16 ? 'int16' : audioFormat === 1 && bits === 24 ? 'int24' : audioFormat === 3 && bits === 32 ? 'float32' : undefined;
      if (!encoding || channels === 0 || sampleRate === 0 || blockAlign !== (channels * bits) / 8) return undefined;
      fmt = { encoding, channels, sampleRate, blockAlign };
    } else if (id === 'data') {
      if (!fmt) return undefined;
      // Streamed writers may leave the size at 0 or 0xFFFFFFFF: the data then runs to the end of the file.
      const available = fileSize - body;
      const dataBytes = size === 0 || size > available ? available : size;
      return { ...fmt, dataStart: body, dataBytes };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  return undefined;
}
