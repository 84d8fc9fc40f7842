/**
 * Downloading a 50 MB WAV from the fake provider on loopback through the real
 * pipeline (`runGeneration`: submit, poll, asset, then the streamed, checked
 * download into a `.part` file and the link into place): throughput in MB/s
 * and peak RSS growth while it runs (the audio must stream, never be held
 * whole). Run alone with `node out/bench/download.js`; `bench/bench.ts` calls
 * `benchDownload()`.
 *
 * The WAV is written to disk first and served from memory by the fake (its
 * "MP3 fixture" slot, through Scenario, whose takes are saved as whatever
 * their bytes are): the fake's own WAV renderer synthesises samples at about
 * 45 MB/s, which would measure the fake, not the client.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
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
const RUNS = 3;
const MB = 1024 * 1024;

/** A real 16-bit stereo 44.1 kHz WAV of exactly `bytes` bytes: one rendered second, repeated. */
function writeWav(file: string, bytes: number): void {
  const second = renderWav({ sampleRate: 44100, channels: 2, durationSeconds: 1 }).subarray(44);
  const dataBytes = bytes - 44;
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, wavHeader(dataBytes, 44100, 2));
    for (let written = 0; written < dataBytes; ) {
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

async function downloadOnce(fake: FakeProvider, dir: string, run: number, gc: (() => void) | undefined): Promise<RunFigures> {
  const songPath = path.join(dir, 'song.lyrics');
  const outputFolder = path.join(dir, `takes-${run}`);
  const song = prepareSong(fs.readFileSync(songPath, 'utf8'), 'scenario');
  gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const sampler = setInterval(sample, 2);
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
        sample();
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
    // Warm-up: loads the served file into the fake's memory, and music-metadata and the code paths into this process.
    await downloadOnce(fake, dir, 0, gc);
    const runs: RunFigures[] = [];
    for (let run = 1; run <= RUNS; run++) runs.push(await downloadOnce(fake, dir, run, gc));
    const throughput = median(runs.map((r) => r.mbPerSecond));
    const growth = Math.max(...runs.map((r) => r.peakGrowthMb));
    return [
      {
        name: `50 MB WAV download, loopback (median of ${RUNS})`,
        value: `${throughput.toFixed(0)} MB/s`,
        target: 'target ≥ 200 MB/s',
      },
      {
        name: `peak RSS growth during the download (max of ${RUNS}${gc ? ', after gc' : ''})`,
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
