/**
 * Downloading a 50 MB WAV from the fake provider on loopback through the real
 * pipeline (`runGeneration`: submit, poll, asset, then the streamed, checked
 * download into a `.part` file and the link into place): throughput in MB/s
 * and peak RSS growth while it runs (the audio must stream, never be held
 * whole), and the same bytes through a plain socket-to-file pipe from the same
 * server, whose ratio to the pipeline's figure means the same on any machine.
 * Run alone with `node out/bench/download.js`; `bench/bench.ts` runs it.
 *
 * The WAV is written to disk first and served from memory by the fake (its
 * "MP3 fixture" slot, through Scenario, whose takes are saved as whatever
 * their bytes are): the fake's own WAV renderer synthesises samples at about
 * 45 MB/s, which would measure the fake, not the client.
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { prepareSong, runGeneration } from '../src/core/generate/pipeline';
import { renderWav, startFakeProvider, wavHeader, type FakeProvider } from '../test/fakeProvider';

export interface BenchFigure {
  name: string;
  value: string;
  target?: string;
}

const WAV_BYTES = 50 * 1024 * 1024;
const RUNS = 9;
const MEMORY_RUNS = 3;
const MB = 1024 * 1024;

/** A real 16-bit stereo 44.1 kHz WAV of exactly `bytes` bytes: one rendered second, repeated. */
function writeWav(file: string, bytes: number): void {
  const second = renderWav({ sampleRate: 44100, channels: 2, durationSeconds: 1 }).subarray(44);
  const dataBytes = bytes - 44;
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, wavHeader(dataBytes, 44100, 2));
    for (let written = 0; written < dataBytes;) {
      const part = second.subarray(0, Math.min(second.length, dataBytes - written));
      fs.writeSync(fd, part);
      written += part.length;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** `global.gc`, also when node was started without --expose-gc. */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

interface RunFigures {
  readonly mbPerSecond: number;
  readonly peakGrowthMb: number;
  readonly bytes: number;
}

/**
 * One generation through the real pipeline. `measureMemory` collects garbage
 * first and samples RSS while it runs — which is measuring, and weighs on
 * the timing (a fresh heap grows back during the download), so timed runs
 * and memory runs are separate.
 */
async function downloadOnce(fake: FakeProvider, dir: string, run: number, measureMemory: { gc: (() => void) | undefined } | undefined): Promise<RunFigures> {
  const songPath = path.join(dir, 'song.lyrics');
  const outputFolder = path.join(dir, `takes-${run}`);
  const song = prepareSong(fs.readFileSync(songPath, 'utf8'), 'scenario');
  measureMemory?.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const sampler = measureMemory ? setInterval(sample, 2) : undefined;
  let startedAt: number | undefined;
  let endedAt = 0;
  let received = 0;
  try {
    const saved = await runGeneration({
      songPath,
      song: song as typeof song & { provider: 'scenario' },
      credentials: fake.credentials.scenario,
      baseUrl: fake.baseUrls.scenario,
      outputFolder,
      timeoutMs: 60_000,
      pollIntervalMs: { first: 1, max: 1 },
      onProgress: (progress) => {
        const now = performance.now();
        // From the response headers (the first update, before any byte) to the checked file on disk ('saving').
        if (progress.stage === 'saving') endedAt = now;
        if (progress.stage !== 'downloading' || !('receivedBytes' in progress)) return;
        startedAt ??= now;
        received = progress.receivedBytes;
        if (measureMemory) sample();
      },
    });
    if (saved.sidecar.format !== 'wav' || fs.statSync(saved.audioPath).size !== WAV_BYTES) {
      throw new Error(`unexpected take: ${saved.audioPath} (${saved.sidecar.format})`);
    }
  } finally {
    clearInterval(sampler);
    sample();
    fs.rmSync(outputFolder, { recursive: true, force: true });
  }
  if (startedAt === undefined || endedAt === 0) throw new Error('no download progress seen');
  const seconds = (endedAt - startedAt) / 1000;
  return { mbPerSecond: received / MB / seconds, peakGrowthMb: (peak - baseline) / MB, bytes: received };
}

/**
 * A pause between timed runs, so each starts on a quiet machine: the last
 * run's 50 MB file was just deleted (and its pages are still being dropped)
 * and its garbage is still to collect. Without it, whichever of a pair runs
 * second pays for the first.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 150));
}

/**
 * The same bytes from the same loopback server through nothing but a socket
 * piped into a file (a hand-written GET, no HTTP parsing, no checks): the
 * floor this machine sets, so the pipeline's figure can be read as a ratio
 * that means the same on a fast machine and a slow one. Timed like the
 * pipeline: from the first byte to the file closed.
 */
async function socketToFileOnce(fake: FakeProvider, pathAndQuery: string, target: string): Promise<{ mbPerSecond: number; bytes: number }> {
  const socket = net.connect({ host: '127.0.0.1', port: fake.port });
  await once(socket, 'connect');
  let startedAt: number | undefined;
  let bytes = 0;
  socket.on('data', (chunk: Buffer) => {
    startedAt ??= performance.now();
    bytes += chunk.length;
  });
  socket.write(`GET ${pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:${fake.port}\r\nConnection: close\r\n\r\n`);
  // The same write buffer as the download's (download.ts), so the ratio measures the HTTP client and the checks, not buffer sizes.
  await pipeline(socket, fs.createWriteStream(target, { highWaterMark: 1024 * 1024 }));
  const seconds = (performance.now() - (startedAt ?? performance.now())) / 1000;
  fs.rmSync(target, { force: true });
  return { mbPerSecond: bytes / MB / seconds, bytes };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function benchDownload(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-bench-download-'));
  const wavPath = path.join(dir, 'served.wav');
  writeWav(wavPath, WAV_BYTES);
  fs.writeFileSync(path.join(dir, 'song.lyrics'), '---\nprompt: Upbeat indie pop\nprovider: scenario\n---\n[Verse]\nla la la\n');
  const fake = await startFakeProvider({ audio: { mp3Path: wavPath }, scenario: { pollsPerStatus: 0 } });
  const gc = findGc();
  try {
    // Warm-up: loads the served file into the fake's memory, and the code paths into this process (and its JIT).
    for (let run = 0; run < 2; run++) await downloadOnce(fake, dir, -1 - run, undefined);
    // The last take's own signed URL, still served: the very bytes the pipeline downloads.
    const served = fake.requestsFor('download').at(-1);
    if (!served) throw new Error('no download was served');
    const pathAndQuery = `${served.path}?${new URLSearchParams(served.query).toString()}`;
    for (let run = 0; run < 2; run++) await socketToFileOnce(fake, pathAndQuery, path.join(dir, `plain-warm-${run}.bin`));

    // Interleaved, and compared pair by pair: on a shared machine the load drifts, and both sides of a pair see the same.
    const runs: RunFigures[] = [];
    const plain: number[] = [];
    const ratios: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      // Which goes first alternates, so neither side always runs first.
      const plainFirst = run % 2 === 0;
      await settle();
      const early = plainFirst ? await socketToFileOnce(fake, pathAndQuery, path.join(dir, `plain-${run}.bin`)) : undefined;
      if (plainFirst) await settle();
      const figures = await downloadOnce(fake, dir, run, undefined);
      if (!plainFirst) await settle();
      const floor = early ?? (await socketToFileOnce(fake, pathAndQuery, path.join(dir, `plain-${run}.bin`)));
      if (floor.bytes < WAV_BYTES) throw new Error(`the plain pipe got ${floor.bytes} bytes`);
      runs.push(figures);
      plain.push(floor.mbPerSecond);
      ratios.push(figures.mbPerSecond / floor.mbPerSecond);
    }
    const throughput = median(runs.map((r) => r.mbPerSecond));
    const floor = median(plain);
    // Memory on its own runs: collected first, sampled throughout.
    const memory: RunFigures[] = [];
    for (let run = 1; run <= MEMORY_RUNS; run++) memory.push(await downloadOnce(fake, dir, 100 + run, { gc }));
    const growth = Math.max(...memory.map((r) => r.peakGrowthMb));
    return [
      {
        name: `50 MB WAV download, loopback (median of ${RUNS})`,
        value: `${throughput.toFixed(0)} MB/s`,
        target: 'target ≥ 200 MB/s',
      },
      {
        name: `plain socket-to-file pipe, same bytes and server (median of ${RUNS})`,
        value: `${floor.toFixed(0)} MB/s`,
      },
      {
        name: `download ÷ plain pipe (median of ${RUNS} pairs; 1.00 = no overhead)`,
        value: `${median(ratios).toFixed(2)}×`,
        target: 'goal ≥ 0.8',
      },
      {
        name: `peak RSS growth during the download (max of ${MEMORY_RUNS}${gc ? ', after gc' : ''})`,
        value: `${growth.toFixed(1)} MB`,
        target: 'target ≤ 20 MB',
      },
    ];
  } finally {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchDownload().then(
    (figures) => {
      for (const figure of figures) console.log(`${figure.name.padEnd(58)} ${figure.value.padStart(14)}  ${figure.target ?? ''}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
