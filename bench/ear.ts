/**
 * The ear's figures for `npm run bench`: the dictionary's load time and the
 * heap it adds, the rhyme index's, a maximum-size song's analysis after
 * loading as a ratio to its lint time in the same run, the inlay hints of its
 * visible lines, and rhyme look-ups.
 *
 * Best run in a fresh process (`node --expose-gc out/bench/ear.js`), as the
 * download bench is: the load happens once per process and the heap figures
 * are cleaner without the other benches' garbage. `benchEar()` returns the
 * rows for bench.ts to print.
 */
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { analyzeSong } from '../src/core/analysis';
import { Ear, loadLanguageData, prepareRhymeIndex } from '../src/core/ear';
import { lintLyrics } from '../src/core/lint';
import { hintsInRange } from '../src/extension/ear/presentation';
import { maxSizeDocument } from './documents';
import { median, timeMs } from './measure';

export interface EarBenchRow {
  name: string;
  value: string;
  target?: string;
}

const dataFolder = path.resolve(__dirname, '../..', 'dist', 'data');

/** Words a songwriter looks up: common end words, and a few that only rules or lyric spellings pronounce. */
const LOOKUPS = `heart love night fire time day you away rain free home alone tonight forever dream light mind soul sky eyes
  again gone road town stream heartbreaker sunkissed lovin' cryin' gonna every world believe money baby city summer`.split(/\s+/);

function collectGarbage(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  // Without --expose-gc: the flag can be set at run time and the function read from a fresh context.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function heapMb(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

export async function benchEar(): Promise<EarBenchRow[]> {
  const rows: EarBenchRow[] = [];
  const gc = collectGarbage();

  // CPU time beside wall time: on a shared machine the wall clock also counts the waits for a core.
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const heapBefore = heapMb(gc);
  const loadStarted = performance.now();
  const loadCpu = process.cpuUsage();
  const dictionary = await loadLanguageData(dataFolder);
  const loadMs = performance.now() - loadStarted;
  const loadCpuMs = cpuMs(loadCpu);
  const heapDictionary = heapMb(gc);
  rows.push({
    name: `dictionary load (${dictionary.size.toLocaleString('en')} words, first use)`,
    value: `${loadMs.toFixed(0)} ms`,
    target: `target < 1 s (CPU ${loadCpuMs.toFixed(0)} ms)`,
  });
  rows.push({ name: 'heap added by the dictionary', value: `${(heapDictionary - heapBefore).toFixed(1)} MB` });

  const indexStarted = performance.now();
  const indexCpu = process.cpuUsage();
  await prepareRhymeIndex(dictionary);
  const indexMs = performance.now() - indexStarted;
  const indexCpuMs = cpuMs(indexCpu);
  const heapIndex = heapMb(gc);
  rows.push({ name: 'rhyme index (built in slices after the load)', value: `${indexMs.toFixed(0)} ms`, target: `(CPU ${indexCpuMs.toFixed(0)} ms)` });
  rows.push({ name: 'heap added by dictionary and rhyme index', value: `${(heapIndex - heapBefore).toFixed(1)} MB`, target: 'target < 60 MB' });

  // A maximum-size song: the ear's analysis of every section against the lint of the same text.
  const song = maxSizeDocument();
  const runs = { warmup: 100, runs: 1001 };
  const lintMs = median(timeMs(() => lintLyrics(song), runs));
  const warmEar = new Ear({ dictionary });
  const warmMs = median(timeMs(() => warmEar.sectionAnalysis(analyzeSong(song)), runs)) - median(timeMs(() => analyzeSong(song).structure, runs));
  const coldMs =
    median(timeMs(() => new Ear({ dictionary }).sectionAnalysis(analyzeSong(song)), runs)) - median(timeMs(() => analyzeSong(song).structure, runs));
  rows.push({ name: 'max-size song: lint', value: `${lintMs.toFixed(3)} ms` });
  rows.push({
    name: 'max-size song: syllables + schemes, words remembered (typing)',
    value: `${(warmMs / lintMs).toFixed(1)}×`,
    target: `target ≤ 3× lint (${warmMs.toFixed(3)} ms)`,
  });
  rows.push({
    name: 'max-size song: syllables + schemes, new ear (first analysis)',
    value: `${(coldMs / lintMs).toFixed(1)}×`,
    target: `(${coldMs.toFixed(3)} ms)`,
  });

  // Inlay hints as the editor asks for them: the visible lines (a screenful, 60) of a maximum-size song after
  // a keystroke (a new analysis of the whole song, the ear remembering its words), then the labels of that range alone.
  const visible = { first: 0, last: 59 };
  const parts = { syllables: true, rhymeLetters: true };
  const hintsMs = median(timeMs(() => hintsInRange(warmEar.sectionAnalysis(analyzeSong(song)), visible.first, visible.last, parts), runs));
  const heard = warmEar.sectionAnalysis(analyzeSong(song));
  const labelsMs = median(timeMs(() => hintsInRange(heard, visible.first, visible.last, parts), runs));
  rows.push({
    name: 'max-size song: hints for 60 visible lines, after a keystroke',
    value: `${hintsMs.toFixed(3)} ms`,
    target: `(${(hintsMs / lintMs).toFixed(1)}× lint, incl. the song's analysis)`,
  });
  rows.push({ name: 'max-size song: hint labels of 60 visible lines (cached)', value: `${labelsMs.toFixed(3)} ms` });

  const ear = new Ear({ dictionary });
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const word of LOOKUPS) {
      const started = performance.now();
      ear.findRhymes(word);
      times.push(performance.now() - started);
    }
  }
  rows.push({ name: `rhyme look-up, limit 50 (${times.length} look-ups): median`, value: `${median(times).toFixed(2)} ms`, target: 'target ≤ 10 ms' });
  rows.push({ name: 'rhyme look-up: 95th percentile', value: `${percentile(times, 0.95).toFixed(2)} ms` });
  return rows;
}

if (require.main === module) {
  benchEar().then(
    (rows) => {
      console.log('\nThe ear (core/ear: dictionary, syllables, rhymes)');
      for (const row of rows) console.log(`${row.name.padEnd(62)} ${row.value.padStart(12)}  ${row.target ?? ''}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
