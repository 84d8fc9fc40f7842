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
 * The candidates close enough to `input` to be worth offering, closest first
 * (ties keep the candidates' order, so the documented spelling leads). "Close
 * enough" is TypeScript's rule for its spelling suggestions: a length within
 * max(2, 34 %) of the input's, and fewer than 40 % of its characters (plus one)
 * edited; so `foo` suggests nothing, where plain nearest-match offered
 * `format`. Inputs are cut to a bounded length first so that a pathological
 * line (a 5 MB "tag") costs no more than a normal one; candidates are
 * normalized once per list, so a file of 100,000 unknown tags costs
 * microseconds a tag.
 */
export function closeMatches<T extends string>(
  input: string,
  candidates: readonly T[],
  normalize: (s: string) => string = identity,
): Array<{ candidate: T; distance: number }> {
  const needle = normalize(input.slice(0, 64));
  const normalized = normalizedOf(candidates, normalize);
  const maximumLengthDifference = Math.max(2, Math.floor(needle.length * 0.34));
  const worstDistance = Math.floor(needle.length * 0.4) + 1; // a match must be strictly closer than this
  const matches: Array<{ candidate: T; distance: number; index: number }> = [];
  candidates.forEach((candidate, index) => {
    const other = normalized[index] ?? '';
    if (Math.abs(other.length - needle.length) > maximumLengthDifference) return;
    const distance = editDistance(needle, other);
    if (distance < worstDistance) matches.push({ candidate, distance, index });
  });
  matches.sort((a, b) => a.distance - b.distance || a.index - b.index);
  return matches.map(({ candidate, distance }) => ({ candidate, distance }));
}

/** The closest candidate within the cut-off of closeMatches, or undefined when none is close. */
export function closest<T extends string>(
  input: string,
  candidates: readonly T[],
  normalize: (s: string) => string = identity,
): { candidate: T; distance: number } | undefined {
  return closeMatches(input, candidates, normalize)[0];
}

function identity(text: string): string {
  return text;
}
