/**
 * Code actions benchmark: for a maximum-size song full of fixable problems,
 * the medians of computing every diagnostic's fixes (what the light bulb
 * asks, from the cached analysis) and of fix-all (what runs on save: the safe
 * fixes, in two rounds here since keys are renamed), each as a ratio to linting the
 * same song in the same run (goal ≤ 2×).
 *
 * Used by bench/bench.ts; also runnable alone: `node out/bench/codeActions.js`.
 */
import { analyzeSong } from '../src/core/analysis';
import { fixAll, fixesFor } from '../src/core/fixes';
import { lintLyrics } from '../src/core/lint';
import { maxSizeDocument } from './documents';
import type { BenchEntry } from './grammar';
import { median, timeMs } from './measure';

const RUNS = { warmup: 100, runs: 501 };

/** The max-size song with a misspelt tag for every section and a front matter of fixable mistakes. */
export function fixableMaxSizeDocument(): string {
  const song = maxSizeDocument()
    .replace(/^\[Verse\]$/gm, '[Vrese]')
    .replace(/^\[Chorus 2\]$/gm, '[Chrous 2]')
    .replace(/^\[Bridge\]$/gm, '[Pst Chorus]') // two close tags: offered, never applied
    .replace(/^\[Pre-Chorus\]$/gm, '[xyzzy]'); // nothing close: no fix
  return song.replace(
    'provider: cloudflare\nformat: mp3\n',
    'provider: Cloudflare\nFormat: MP3\nis_instrumental: no\nlyricsOptimizer: off\nsample_rate: 48000\nbitrate: "256000"\nmodel: music-3.0\n',
  );
}

export function benchCodeActions(): BenchEntry[] {
  const text = fixableMaxSizeDocument();
  const analysis = analyzeSong(text);
  const diagnostics = analysis.lint.diagnostics;
  const fixCount = diagnostics.reduce((sum, diagnostic) => sum + fixesFor(analysis, diagnostic).length, 0);
  const applied = fixAll(analysis).fixed.length;

  const lintMs = median(timeMs(() => lintLyrics(text), RUNS));
  // On the cached analysis, as the editor asks (its front-matter index is built on the first request).
  const fixesMs = median(
    timeMs(() => {
      for (const diagnostic of diagnostics) fixesFor(analysis, diagnostic);
    }, RUNS),
  );
  const fixAllMs = median(timeMs(() => fixAll(analysis), RUNS));
  const ratio = (ms: number): string => `${(ms / lintMs).toFixed(2)}×`;
  return [
    { name: `song with ${diagnostics.length} diagnostics, ${fixCount} fixes, ${applied} safe`, value: `${lintMs.toFixed(3)} ms`, target: 'lint, the unit' },
    { name: '  fixesFor every diagnostic ÷ lint', value: ratio(fixesMs), target: 'goal ≤ 2×' },
    { name: '  fixAll (two rounds: keys, then values) ÷ lint', value: ratio(fixAllMs), target: 'goal ≤ 2×' },
  ];
}

if (require.main === module) {
  for (const { name, value, target } of benchCodeActions()) console.log(`${name.padEnd(58)} ${value.padStart(14)}  ${target ?? ''}`);
}
