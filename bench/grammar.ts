/**
 * Grammar benchmark: tokenizes a maximum-size .lyrics document with our TextMate
 * grammar and with VS Code's Markdown grammar (same text, same YAML grammar for
 * the front matter), line by line carrying the rule stack as VS Code does, and
 * times a pathological 10,000-character line of "[[[[…".
 *
 * Used by bench/bench.ts; also runnable alone: `node out/bench/grammar.js`.
 */
import { performance } from 'perf_hooks';
import type { IGrammar } from 'vscode-textmate';
import { maxSizeDocument } from './documents';
import { median } from './measure';
import { LYRICS_SCOPE, MARKDOWN_SCOPE, createRegistry, loadGrammar, splitLines, tokenizeLinesFast } from '../test/unit/grammarHarness';

export const PATHOLOGICAL_CHARS = 10_000;
/** Limits the benchmark checks. */
export const MAX_RATIO_TO_MARKDOWN = 1;
export const MAX_PATHOLOGICAL_MS = 5;

const WARMUP_RUNS = 20;
const MEASURED_RUNS = 51;

export interface GrammarBenchNumbers {
  documentChars: number;
  documentLines: number;
  lyricsMs: number;
  markdownMs: number;
  ratio: number;
  /** The same without the front matter, whose 2,000-character prompt both grammars hand to the same YAML grammar. */
  bodyLyricsMs: number;
  bodyMarkdownMs: number;
  bodyRatio: number;
  pathologicalMs: number;
  pathologicalP90Ms: number;
}

export interface BenchEntry {
  name: string;
  value: string;
  target?: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface Timing {
  median: number;
  p90: number;
}

/**
 * Wall time (ms) of tokenizing each document from the initial state. Runs are
 * interleaved (A, B, A, B, …) after warm-up so that GC pauses and CPU frequency
 * changes hit every contender alike, which keeps ratios stable.
 */
function timeTokenize(jobs: ReadonlyArray<{ grammar: IGrammar; lines: readonly string[] }>): Timing[] {
  for (let i = 0; i < WARMUP_RUNS; i++) {
    for (const job of jobs) {
      tokenizeLinesFast(job.grammar, job.lines);
    }
  }
  const samples: number[][] = jobs.map(() => []);
  for (let i = 0; i < MEASURED_RUNS; i++) {
    jobs.forEach((job, j) => {
      const start = performance.now();
      tokenizeLinesFast(job.grammar, job.lines);
      samples[j]?.push(performance.now() - start);
    });
  }
  return samples.map((s) => ({ median: median(s), p90: percentile(s, 90) }));
}

export async function measureGrammar(): Promise<GrammarBenchNumbers> {
  const registry = await createRegistry();
  const lyricsGrammar = await loadGrammar(registry, LYRICS_SCOPE);
  const markdownGrammar = await loadGrammar(registry, MARKDOWN_SCOPE);

  const text = maxSizeDocument();
  const lines = splitLines(text);
  const closing = lines.indexOf('---', 1);
  const body = lines.slice(closing + 1);
  const [lyrics, markdown, lyricsBody, markdownBody] = timeTokenize([
    { grammar: lyricsGrammar, lines },
    { grammar: markdownGrammar, lines },
    { grammar: lyricsGrammar, lines: body },
    { grammar: markdownGrammar, lines: body },
  ]);

  // The pathological line both as line 1 (the front-matter rule is live) and as a lyrics line; report the worse.
  const brackets = '['.repeat(PATHOLOGICAL_CHARS);
  const pathological = timeTokenize([
    { grammar: lyricsGrammar, lines: [brackets] },
    { grammar: lyricsGrammar, lines: ['---', 'title: x', '---', brackets] },
  ]);
  if (!lyrics || !markdown || !lyricsBody || !markdownBody) {
    throw new Error('missing timings');
  }

  return {
    documentChars: text.length,
    documentLines: lines.length,
    lyricsMs: lyrics.median,
    markdownMs: markdown.median,
    ratio: lyrics.median / markdown.median,
    bodyLyricsMs: lyricsBody.median,
    bodyMarkdownMs: markdownBody.median,
    bodyRatio: lyricsBody.median / markdownBody.median,
    pathologicalMs: Math.max(...pathological.map((t) => t.median)),
    pathologicalP90Ms: Math.max(...pathological.map((t) => t.p90)),
  };
}

export async function benchGrammar(): Promise<BenchEntry[]> {
  const n = await measureGrammar();
  return [
    { name: `max-size document, source.lyrics (${n.documentLines} lines)`, value: `${n.lyricsMs.toFixed(3)} ms` },
    { name: 'same text, VS Code Markdown grammar', value: `${n.markdownMs.toFixed(3)} ms` },
    { name: 'ratio source.lyrics / Markdown', value: n.ratio.toFixed(2), target: `target ≤ ${MAX_RATIO_TO_MARKDOWN}` },
    { name: 'ratio without the front matter (lyrics part only)', value: n.bodyRatio.toFixed(2) },
    {
      name: `${PATHOLOGICAL_CHARS.toLocaleString('en-US')}-character "[[[[…" line`,
      value: `${n.pathologicalMs.toFixed(3)} ms`,
      target: `target ≤ ${MAX_PATHOLOGICAL_MS} ms`,
    },
  ];
}

/** True when every limit holds; for callers that want to fail the run. */
export function grammarWithinLimits(n: GrammarBenchNumbers): boolean {
  return n.ratio <= MAX_RATIO_TO_MARKDOWN && n.pathologicalMs <= MAX_PATHOLOGICAL_MS;
}

if (require.main === module) {
  measureGrammar().then(
    (n) => {
      console.log(`document: ${n.documentChars} chars, ${n.documentLines} lines; medians of ${MEASURED_RUNS} interleaved runs`);
      console.log(`source.lyrics        ${n.lyricsMs.toFixed(3)} ms   (lyrics part only ${n.bodyLyricsMs.toFixed(3)} ms)`);
      console.log(`text.html.markdown   ${n.markdownMs.toFixed(3)} ms   (lyrics part only ${n.bodyMarkdownMs.toFixed(3)} ms)`);
      console.log(`ratio lyrics/markdown ${n.ratio.toFixed(3)} (limit ≤ ${MAX_RATIO_TO_MARKDOWN}); lyrics part only ${n.bodyRatio.toFixed(3)}`);
      console.log(
        `${PATHOLOGICAL_CHARS}-char "[[[[…" line: ${n.pathologicalMs.toFixed(3)} ms median, ${n.pathologicalP90Ms.toFixed(3)} ms p90 (limit ≤ ${MAX_PATHOLOGICAL_MS} ms)`,
      );
      const ok = grammarWithinLimits(n);
      console.log(ok ? 'within limits' : 'OVER LIMIT');
      if (!ok) {
        process.exitCode = 1;
      }
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
