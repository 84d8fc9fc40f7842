/**
 * Outline and formatter speed for `npm run bench`: for a maximum-size song,
 * the median of `songSymbols` and of `formatEdits`, each as a ratio to the
 * median lint (`lintLyrics`) of the same song in the same run, so the figure
 * reads the same on a fast machine and a slow one (goal ≤ 2×).
 *
 * Each feature is timed as the editor runs it: on the document version's
 * analysis, which the lint has already built, but whose structure (sections
 * and line kinds, computed on first use) is still to be computed. So every
 * run gets a fresh analysis, built outside the timing.
 */
import { analyzeSong, type SongAnalysis } from '../src/core/analysis';
import { formatEdits } from '../src/core/format';
import { lintLyrics } from '../src/core/lint';
import { songSymbols } from '../src/core/symbols';
import { maxSizeDocument } from './documents';
import { median, timeMs } from './measure';

export interface OutlineFormatRow {
  name: string;
  value: string;
  target?: string;
}

const WARMUP = 200;
const RUNS = 1000;
export const GOAL_RATIO = 2;

/** Median milliseconds of `work` on a fresh analysis of `text` each run. */
function onFreshAnalysis(text: string, work: (analysis: SongAnalysis) => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const analysis = analyzeSong(text);
    const started = process.hrtime.bigint();
    work(analysis);
    if (run >= WARMUP) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/**
 * The same song as the formatter finds it at its worst: every line with
 * trailing white space, every tag in lower case with stray spaces, no blank
 * line before any tag — every line gets an edit.
 */
function untidy(text: string): string {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (line.startsWith('[') ? `  ${line.toLowerCase().replace('[', '[ ')}  ` : line.startsWith('#') ? line : `${line}  `))
    .join('\n');
}

export function benchOutlineFormat(): OutlineFormatRow[] {
  const rows: OutlineFormatRow[] = [];
  for (const [name, text] of [
    ['max-size song', maxSizeDocument()],
    ['max-size song, untidy (every line changes)', untidy(maxSizeDocument())],
  ] as const) {
    const lintMs = median(timeMs(() => lintLyrics(text), { warmup: WARMUP, runs: RUNS }));
    const symbolsMs = onFreshAnalysis(text, songSymbols);
    const formatMs = onFreshAnalysis(text, formatEdits);
    const target = `goal ≤ ${GOAL_RATIO}× lint`;
    rows.push(
      { name: `${name}: lint`, value: `${lintMs.toFixed(3)} ms` },
      { name: `  symbols ÷ lint`, value: `${(symbolsMs / lintMs).toFixed(2)}×`, target: `${target} (${symbolsMs.toFixed(3)} ms)` },
      { name: `  formatting ÷ lint`, value: `${(formatMs / lintMs).toFixed(2)}×`, target: `${target} (${formatMs.toFixed(3)} ms)` },
    );
  }
  return rows;
}
