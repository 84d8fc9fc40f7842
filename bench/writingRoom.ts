/**
 * The writing room's figures for `npm run bench` (issue 10): each editor
 * feature's median time on a maximum-size song, as a ratio to the median lint
 * time (`lintLyrics`, which parses and lints the text) measured in the same
 * run, so the figure reads the same on any machine. Goal: ≤ 2×.
 *
 * The editor computes one analysis per document version (LintCache) and every
 * feature reads it, so each feature is timed on a prepared analysis (its lazy
 * structure already computed, as the diagnostics and outline will have done):
 * the figure is the feature's own cost on top of the lint, not a second parse.
 *
 * One section per feature: add yours to FEATURES as `{ name, run }`.
 */
import { analyzeSong, type SongAnalysis } from '../src/core/analysis';
import { completeAt } from '../src/core/completion';
import { hoverAt } from '../src/core/hover';
import { lintLyrics } from '../src/core/lint';
import { LYRICS_LIMIT, PROMPT_LIMIT } from '../src/core/schema';
import { countCodePoints } from '../src/core/text';
import type { BenchEntry } from './grammar';
import { median, timeMs } from './measure';

export const MAX_RATIO_TO_LINT = 2;
const RUNS = { warmup: 200, runs: 1001 };

/** A song at the limits: every setting in the front matter, a 2,000-character prompt, lyrics of exactly 3,500 characters as sent. */
export function maxSizeSong(): string {
  const words = 'Upbeat indie pop, 118 BPM, A major, bright female vocals, handclaps, jangly guitars, ';
  const prompt = words
    .repeat(Math.ceil(PROMPT_LIMIT / words.length))
    .slice(0, PROMPT_LIMIT)
    .trim();
  const frontMatter = [
    '---',
    'title: Summer Road Trip',
    `prompt: "${prompt}"`,
    'provider: minimax',
    'model: music-2.6',
    'is_instrumental: false',
    'lyrics_optimizer: false',
    'sample_rate: 44100',
    'bitrate: 256000',
    'format: mp3',
    '---',
  ];
  const sections = [
    ['[Verse]', 'Windows down and the radio loud', '# TODO: stronger rhyme', 'Chasing the sun past the edge of town (ooh)'],
    ['[Pre-Chorus]', 'And the road keeps singing our names'],
    ['[Chorus]', 'Drive, drive, till the stars come out (hey!)', 'Summer in our lungs and we are shouting out 🎸'],
    ['[Bridge]', 'Close your eyes, feel the wind', 'This is where the good part begins'],
  ];
  const body: string[] = [];
  let sent = 0;
  for (let i = 0; ; i++) {
    const section = sections[i % sections.length] ?? [];
    const lines = [...section, ''];
    const cost = lines.filter((line) => !line.startsWith('#')).reduce((sum, line) => sum + countCodePoints(line) + 1, 0);
    if (sent + cost > LYRICS_LIMIT) break;
    body.push(...lines);
    sent += cost;
  }
  // Top up with one line to land exactly on the limit: it adds itself and two line breaks (the blank line before it is sent now).
  const payload = lintLyrics([...frontMatter, ...body].join('\n')).lyricsLength;
  body.push('x'.repeat(LYRICS_LIMIT - payload - 2));
  const text = [...frontMatter, ...body].join('\n');
  if (lintLyrics(text).lyricsLength !== LYRICS_LIMIT) throw new Error('the bench song missed the lyrics limit');
  return text;
}

interface Feature {
  readonly name: string;
  /** The work of one request, on the prepared analysis of the song. */
  readonly run: (analysis: SongAnalysis, song: SongText) => unknown;
}

/** Positions of interest in the song, found once. */
interface SongText {
  /** A `[]` line near the end, as the editor has it right after typing `[`. */
  readonly openTagLine: number;
  /** The last real tag before it. */
  readonly tagLine: number;
  readonly modelLine: number;
}

function lineOf(lines: readonly string[], predicate: (line: string) => boolean, fromEnd = false): number {
  const indices = lines.map((_, index) => index);
  const found = (fromEnd ? indices.reverse() : indices).find((index) => predicate(lines[index] ?? ''));
  if (found === undefined) throw new Error('bench song lacks a line it needs');
  return found;
}

// ---------------------------------------------------------------- completion and hover

const completionAndHover: readonly Feature[] = [
  {
    name: 'completion after [ (tags, next numbers)',
    run: (analysis, song) => completeAt(analysis, { line: song.openTagLine, character: 1 }, { kind: 'character', character: '[' }),
  },
  {
    name: 'completion after "model:" (values)',
    run: (analysis, song) => completeAt(analysis, { line: song.modelLine, character: 6 }, { kind: 'character', character: ':' }),
  },
  {
    name: 'hover on a tag near the end',
    run: (analysis, song) => hoverAt(analysis, { line: song.tagLine, character: 2 }),
  },
  {
    name: 'hover on a key',
    run: (analysis, song) => hoverAt(analysis, { line: song.modelLine, character: 2 }),
  },
];

/** Every feature's section, in the order printed. */
const FEATURES: readonly Feature[] = [...completionAndHover];

/** Medians of each feature on the prepared analysis of the max-size song, ÷ the median lint of the same text. */
export function benchWritingRoom(): BenchEntry[] {
  const lines = maxSizeSong().split('\n');
  const openTagLine = lineOf(lines, (line) => line.startsWith('['), true);
  lines[openTagLine] = '[]';
  const text = lines.join('\n');
  const song: SongText = {
    openTagLine,
    tagLine: lineOf(lines, (line) => line.startsWith('[') && line !== '[]', true),
    modelLine: lineOf(lines, (line) => line.startsWith('model:')),
  };
  const options = { defaultProvider: 'cloudflare' } as const;
  const lintMedian = median(timeMs(() => lintLyrics(text, options), RUNS));
  const entries: BenchEntry[] = [{ name: 'lint of the max-size song (the unit of the ratios below)', value: `${lintMedian.toFixed(3)} ms` }];
  const ratio = (name: string, ms: number, lintMs: number): BenchEntry => ({
    name: `  ${name}`,
    value: `${(ms / lintMs).toFixed(2)}×`,
    target: `(${ms.toFixed(4)} ms) goal ≤ ${MAX_RATIO_TO_LINT}×`,
  });

  const analysis = analyzeSong(text, options);
  // Prepared: the structure is computed once per version and shared by the features.
  if (analysis.structure.tags.length === 0) throw new Error('the bench song has no tags');
  for (const feature of FEATURES) entries.push(ratio(feature.name, median(timeMs(() => feature.run(analysis, song), RUNS)), lintMedian));

  // The costliest hover: on a line past the limit it counts the code points before that line.
  const over = `${maxSizeSong()}\nover the limit`;
  const overLint = median(timeMs(() => lintLyrics(over, options), RUNS));
  const overAnalysis = analyzeSong(over, options);
  const overLine = over.split('\n').length - 1;
  entries.push(ratio('hover on a line past the limit', median(timeMs(() => hoverAt(overAnalysis, { line: overLine, character: 2 }), RUNS)), overLint));
  return entries;
}
