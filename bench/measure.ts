/** Timing helpers for `npm run bench`. */

export function timeMs(work: () => unknown, { warmup, runs }: { warmup: number; runs: number }): number[] {
  for (let i = 0; i < warmup; i++) work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The floor for linting a text: one pass that only splits it into lines
 * (LF, CRLF or a lone CR, as the linter counts them) and counts code points.
 * `npm run bench` prints lint's time over this one's on the same text, a
 * ratio that means the same on a fast machine and a slow one.
 */
export function splitLinesAndCountCodePoints(text: string): { lines: number; codePoints: number } {
  let lines = 1;
  let codePoints = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        i++;
        codePoints++; // the \r; the \n is counted below
      }
      lines++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    codePoints++;
  }
  return { lines, codePoints };
}
