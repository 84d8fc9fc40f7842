/**
 * "Did you mean …?" suggestions for tags and setting keys.
 */

/** Scratch rows for editDistance, grown as needed: no allocation per call. */
let previousRow = new Uint32Array(64);
let currentRow = new Uint32Array(64);

/** Edit distance (insertions, deletions, substitutions), two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (previousRow.length <= b.length) {
    previousRow = new Uint32Array(b.length + 1);
    currentRow = new Uint32Array(b.length + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/** Candidates passed through `normalize`, once per list and function (both are module constants in practice). */
const normalizedCandidates = new WeakMap<readonly string[], { normalize: (s: string) => string; values: string[] }>();

function normalizedOf(candidates: readonly string[], normalize: (s: string) => string): string[] {
  const cached = normalizedCandidates.get(candidates);
  if (cached && cached.normalize === normalize) return cached.values;
  const values = candidates.map(normalize);
  normalizedCandidates.set(candidates, { normalize, values });
  return values;
}

/**
 * The candidate closest to `input` after both are passed through `normalize`.
 * Inputs are cut to a bounded length first so that a pathological line
 * (a 5 MB "tag") costs no more than a normal one; candidates are normalized
 * once per list, so a file of 100,000 unknown tags costs microseconds a tag.
 */
export function closest<T extends string>(
  input: string,
  candidates: readonly T[],
  normalize: (s: string) => string = identity,
): { candidate: T; distance: number } | undefined {
  const needle = normalize(input.slice(0, 64));
  const normalized = normalizedOf(candidates, normalize);
  let best: { candidate: T; distance: number } | undefined;
  candidates.forEach((candidate, index) => {
    const distance = editDistance(needle, normalized[index] ?? '');
    if (!best || distance < best.distance) best = { candidate, distance };
  });
  return best;
}

function identity(text: string): string {
  return text;
}
