/**
 * Audio the fake provider serves: a 16-bit PCM RIFF/WAVE writer that renders
 * tones in code (so tests need no binary fixture beyond one small MP3), and a
 * sniffer that tells WAV, MP3 and "something else" apart by their first bytes.
 *
 * WAV output is generated lazily in chunks, so a 50 MB file can be streamed
 * without ever being held in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';

/** One step of a melody: the notes sounding together, plucked, for `seconds`. */
export interface MelodyStep {
  readonly frequenciesHz: readonly number[];
  readonly seconds: number;
}

export type Tone =
  | { readonly kind: 'sine'; readonly frequencyHz: number }
  | { readonly kind: 'chord'; readonly frequenciesHz: readonly number[] }
  /** Steps loop until the duration is reached; each step gets a pluck envelope so joins don't click. */
  | { readonly kind: 'melody'; readonly steps: readonly MelodyStep[] };

export interface WavOptions {
  /** Default 44100. Any positive integer works; providers use 16000, 24000, 32000 or 44100. */
  readonly sampleRate?: number;
  /** Default 2. */
  readonly channels?: number;
  /** Default 3 seconds. Ignored when `totalBytes` is given. */
  readonly durationSeconds?: number;
  /** Exact file size wanted (header included), rounded down to a whole frame; for "large file" tests. */
  readonly totalBytes?: number;
  /** Default: a C major chord. */
  readonly tone?: Tone;
  /** Peak level of the mix, 0–1. Default 0.3: audible but far from clipping. */
  readonly amplitude?: number;
}

const BYTES_PER_SAMPLE = 2;
const WAV_HEADER_BYTES = 44;
/** RIFF sizes are 32-bit; the RIFF chunk size field counts everything after its first 8 bytes. */
const MAX_WAV_DATA_BYTES = 0xffffffff - 36;
/** Frames rendered per chunk: about 64 KB of stereo audio, small enough to keep memory flat. */
const FRAMES_PER_CHUNK = 16384;
/** Fade at the very start and end of the file so playback doesn't begin or end with a click. */
const EDGE_FADE_SECONDS = 0.01;

const note = (semitonesFromA4: number): number => 440 * 2 ** (semitonesFromA4 / 12);
const C3 = note(-21);
const A2 = note(-24);
const F2 = note(-28);
const G2 = note(-26);
const C4 = note(-9);
const E4 = note(-5);
const G4 = note(-2);
const A4 = note(0);
const B4 = note(2);
const C5 = note(3);
const D5 = note(5);
const E5 = note(7);
const F4 = note(-4);
const D4 = note(-7);

export const C_MAJOR_CHORD: Tone = { kind: 'chord', frequenciesHz: [C4, E4, G4] };

/** A gentle arpeggio over C – Am – F – G (two seconds per chord, bass under each note): the demo's "song". */
export const DEMO_TUNE: Tone = {
  kind: 'melody',
  steps: [
    [C3, [C4, E4, G4, C5, G4, E4, G4, C5]],
    [A2, [A4, C5, E5, C5, A4, E4, A4, C5]],
    [F2, [F4, A4, C5, A4, F4, C4, F4, A4]],
    [G2, [G4, B4, D5, B4, G4, D4, G4, B4]],
  ].flatMap(([bass, arpeggio]) => (arpeggio as number[]).map((frequency): MelodyStep => ({ frequenciesHz: [bass as number, frequency], seconds: 0.25 }))),
};

interface ResolvedWav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly frameCount: number;
  readonly dataBytes: number;
  readonly tone: Tone;
  readonly amplitude: number;
}

function resolveWav(options: WavOptions): ResolvedWav {
  const sampleRate = options.sampleRate ?? 44100;
  const channels = options.channels ?? 2;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError(`sampleRate must be a positive integer, got ${sampleRate}`);
  if (!Number.isInteger(channels) || channels <= 0 || channels > 8) throw new RangeError(`channels must be 1–8, got ${channels}`);
  const frameBytes = channels * BYTES_PER_SAMPLE;
  const frameCount =
    options.totalBytes !== undefined
      ? Math.max(0, Math.floor((options.totalBytes - WAV_HEADER_BYTES) / frameBytes))
      : Math.round((options.durationSeconds ?? 3) * sampleRate);
  const dataBytes = frameCount * frameBytes;
  if (dataBytes > MAX_WAV_DATA_BYTES) throw new RangeError(`WAV data of ${dataBytes} bytes exceeds the RIFF 4 GB limit`);
  return { sampleRate, channels, frameCount, dataBytes, tone: options.tone ?? C_MAJOR_CHORD, amplitude: options.amplitude ?? 0.3 };
}

/** Size in bytes of the WAV file `options` describe, header included (for Content-Length). */
export function wavByteLength(options: WavOptions = {}): number {
  return WAV_HEADER_BYTES + resolveWav(options).dataBytes;
}

/** The canonical 44-byte header of a 16-bit PCM RIFF/WAVE file. */
export function wavHeader(dataBytes: number, sampleRate: number, channels: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  const blockAlign = channels * BYTES_PER_SAMPLE;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size for PCM
  header.writeUInt16LE(1, 20); // audio format 1 = PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28); // byte rate
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(BYTES_PER_SAMPLE * 8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** Returns a function giving the mono sample (−1…1, before amplitude) at a frame index. */
function toneRenderer(tone: Tone, sampleRate: number): (frame: number) => number {
  const TWO_PI = 2 * Math.PI;
  switch (tone.kind) {
    case 'sine':
      return (frame) => Math.sin((TWO_PI * tone.frequencyHz * frame) / sampleRate);
    case 'chord': {
      const voices = tone.frequenciesHz.length || 1;
      return (frame) => {
        let sum = 0;
        for (const frequency of tone.frequenciesHz) sum += Math.sin((TWO_PI * frequency * frame) / sampleRate);
        return sum / voices;
      };
    }
    case 'melody': {
      const stepFrames = tone.steps.map((step) => Math.max(1, Math.round(step.seconds * sampleRate)));
      const starts: number[] = [];
      let loopFrames = 0;
      for (const frames of stepFrames) {
        starts.push(loopFrames);
        loopFrames += frames;
      }
      if (loopFrames === 0) return () => 0;
      return (frame) => {
        const inLoop = frame % loopFrames;
        // Steps are few (tens), so a linear scan per sample is cheap enough; it keeps the code obvious.
        let index = starts.length - 1;
        while (index > 0 && (starts[index] ?? 0) > inLoop) index--;
        const step = tone.steps[index];
        if (!step) return 0;
        const intoStep = (inLoop - (starts[index] ?? 0)) / sampleRate;
        const left = step.seconds - intoStep;
        // Pluck: 5 ms attack, exponential decay, 20 ms release to silence before the next step.
        const envelope = Math.min(1, intoStep / 0.005) * Math.exp(-3 * intoStep) * Math.min(1, left / 0.02);
        let sum = 0;
        for (const frequency of step.frequenciesHz) sum += Math.sin((TWO_PI * frequency * frame) / sampleRate);
        return (envelope * sum) / (step.frequenciesHz.length || 1);
      };
    }
  }
}

function* wavChunks(options: WavOptions): Generator<Buffer> {
  const wav = resolveWav(options);
  yield wavHeader(wav.dataBytes, wav.sampleRate, wav.channels);
  const render = toneRenderer(wav.tone, wav.sampleRate);
  const fadeFrames = Math.max(1, Math.round(EDGE_FADE_SECONDS * wav.sampleRate));
  const fullScale = 32767 * Math.min(1, Math.max(0, wav.amplitude));
  for (let first = 0; first < wav.frameCount; first += FRAMES_PER_CHUNK) {
    const frames = Math.min(FRAMES_PER_CHUNK, wav.frameCount - first);
    const chunk = Buffer.allocUnsafe(frames * wav.channels * BYTES_PER_SAMPLE);
    let offset = 0;
    for (let frame = first; frame < first + frames; frame++) {
      const edge = Math.min(1, frame / fadeFrames, (wav.frameCount - 1 - frame) / fadeFrames);
      const value = Math.round(render(frame) * edge * fullScale);
      for (let channel = 0; channel < wav.channels; channel++) offset = chunk.writeInt16LE(value, offset);
    }
    yield chunk;
  }
}

/** Chunks between turns of the event loop while streaming (about 1 MB of stereo audio). */
const CHUNKS_PER_TURN = 16;

/**
 * Yields to the event loop every few chunks. Without this, a client in another
 * process that reads as fast as the kernel accepts writes keeps every socket
 * write completing synchronously, and the rendering loop (chained through
 * process.nextTick) starves this process's timers and other requests until
 * the whole file is sent.
 */
async function* wavChunksYielding(options: WavOptions): AsyncGenerator<Buffer> {
  let count = 0;
  for (const chunk of wavChunks(options)) {
    yield chunk;
    if (++count % CHUNKS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The WAV as a stream of chunks rendered on demand (backpressure-friendly; nothing large is buffered). */
export function createWavStream(options: WavOptions = {}): Readable {
  return Readable.from(wavChunksYielding(options), { objectMode: false });
}

/** The whole WAV in memory; fine for a few seconds of audio, use `createWavStream` for large files. */
export function renderWav(options: WavOptions = {}): Buffer {
  return Buffer.concat([...wavChunks(options)]);
}

export type SniffedAudio = 'wav' | 'mp3' | 'unknown';

/** What the first bytes say: `RIFF....WAVE`, an ID3v2 tag, or an MPEG audio frame sync (11 set bits). */
export function sniffAudio(bytes: Uint8Array): SniffedAudio {
  const ascii = (start: number, end: number): string => Buffer.from(bytes.subarray(start, end)).toString('latin1');
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (bytes.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  if (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return 'unknown';
}

const MP3_FIXTURE_RELATIVE = path.join('test', 'fixtures', 'audio', 'take.mp3');

/**
 * Path of the committed MP3 fixture. Compiled code runs from out/test/fakeProvider,
 * sources from test/fakeProvider, so walk up until the fixture is found.
 */
export function mp3FixturePath(): string {
  for (let directory = __dirname; ;) {
    const candidate = path.join(directory, MP3_FIXTURE_RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`${MP3_FIXTURE_RELATIVE} not found above ${__dirname}`);
    directory = parent;
  }
}
