/**
 * "Did you mean …?" suggestions for tags and setting keys.
 */

/** Edit distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `input` after both are passed through `normalize`.
 * Inputs are cut to a bounded length first so that a pathological line
 * (a 5 MB "tag") costs no more than a normal one.
 */
export function closest<T extends string>(
  input: string,
  candidates: readonly T[],
  normalize: (s: string) => string = (s) => s,
): { candidate: T; distance: number } | undefined {
  const needle = normalize(input.slice(0, 64));
  let best: { candidate: T; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(needle, normalize(candidate));
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best;
}
