/**
 * Rhymes for a word, from the dictionary: perfect, near and assonance (the
 * definitions are in rhyme.ts), common words first. Only words the
 * frequency list ranks are offered, so surnames and abbreviations never
 * appear (CMUdict's raw rhymes for `heart` start with ahart, bart, bossart);
 * neither do possessives and the contractions `'re`, `'ve`, `'d`, `'ll`,
 * nor words whose common pronunciation has no stress (`the`, `a`).
 *
 * The index is built once per dictionary, on the first look-up: ranked words
 * grouped by their perfect rhyme (`AA R T`: start, part, art, …, in rank
 * order); the groups by their near skeleton and by their stressed vowel; and
 * the words whose last stress is secondary (`moonlight`) by the rhyme from
 * it. A look-up reads a handful of groups (the near skeletons one consonant
 * longer or shorter included) and never scans the dictionary.
 */
import type { Dictionary } from './data';
import { consonantFamily, mergeVowelsBeforeR, type Phones } from './phonemes';
import { RHYME_KINDS, type RhymeKind } from './rhyme';

export interface Rhyme {
  readonly word: string;
  /** The syllables of the word's common pronunciation. */
  readonly syllables: number;
  readonly kind: RhymeKind;
  /** Commonness: 0 the most common word. */
  readonly rank: number;
}

export interface RhymeOptions {
  /** At most this many rhymes in all (default 50). */
  readonly limit?: number;
  /** Only these kinds (default all three). */
  readonly kinds?: readonly RhymeKind[];
}

interface Candidate {
  readonly word: string;
  readonly rank: number;
  readonly syllables: number;
}

/** Ranked words sharing a perfect rhyme, in rank order. */
interface RhymeGroup {
  readonly key: string;
  readonly words: Candidate[];
}

interface RhymeIndex {
  readonly perfect: Map<string, RhymeGroup>;
  readonly near: Map<string, RhymeGroup[]>;
  /** Words whose last stressed vowel is secondary (after the primary), by the rhyme from that vowel. */
  readonly secondary: Map<string, Candidate[]>;
  readonly byVowel: Map<string, RhymeGroup[]>;
  /** Per stressed vowel, every word of its groups in rank order: built on the first assonance look-up of the vowel. */
  readonly assonance: Map<string, Candidate[]>;
}

const indexes = new WeakMap<Dictionary, RhymeIndex>();

/** The near-skeleton families of the consonants that may be added or dropped (not R: see rhyme.ts). */
const FAMILIES = [...new Set(['B', 'P', 'V', 'F', 'M', 'L', 'W', 'Y'].map(consonantFamily))];
const VOWELS = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);

/**
 * The rhyme keys of a pronunciation written as CMUdict stores it
 * (`M UW1 N L AY2 T`): `perfect` from the last primary stress (else the
 * last secondary, else the last vowel) to the end, stress removed (`UW N L AY T`);
 * `stressed` the same from the last stressed vowel, primary or secondary (`AY T`).
 */
export function rhymeKeys(phones: string): { perfect: string; stressed: string } | undefined {
  const primary = phones.lastIndexOf('1');
  const secondary = phones.lastIndexOf('2');
  const unstressed = phones.lastIndexOf('0');
  const at = primary >= 0 ? primary : secondary >= 0 ? secondary : unstressed;
  if (at < 0) return undefined;
  const from = (digit: number): string => {
    const key = phones.slice(phones.lastIndexOf(' ', digit) + 1).replace(/[012]/g, '');
    return key.includes(' R') ? mergeVowelsBeforeR(key) : key;
  };
  const perfect = from(at);
  return { perfect, stressed: secondary > at ? from(secondary) : perfect };
}

/**
 * The near skeleton of a perfect key (see nearRhymeKey in rhyme.ts): the
 * stressed vowel, then each consonant's family and each later vowel (AH and
 * IH as one): `AY M` → `AY nasal`.
 */
export function nearKeyOf(perfect: string): string {
  const [vowel = '', ...rest] = perfect.split(' ');
  return [vowel, ...rest.map((phone) => (VOWELS.has(phone) ? (phone === 'IH' ? 'AH' : phone) : consonantFamily(phone)))].join(' ');
}

/** Words offered as rhymes: letters, and of the contractions only `'m` and `n't` (i'm, don't). */
const WORD = /^[a-z]+(?:'(?:m|t))?$/;

/** Entries read between two yields of prepareRhymeIndex. */
const SLICE = 8000;

/** Builds (or returns) the rhyme index of a dictionary (see the header for what it leaves out), all at once. */
export function rhymeIndex(dictionary: Dictionary): RhymeIndex {
  const ready = indexes.get(dictionary);
  if (ready) return ready;
  const builder = new IndexBuilder();
  builder.add(dictionary, 0, dictionary.rankedCount);
  return builder.finish(dictionary);
}

/**
 * Builds the rhyme index of a dictionary in slices, yielding to the event
 * loop between them, so an editor can prepare it right after the dictionary
 * loads without a pause in typing (a look-up before it is done builds the
 * rest at once).
 */
export async function prepareRhymeIndex(dictionary: Dictionary): Promise<void> {
  if (indexes.has(dictionary)) return;
  const builder = new IndexBuilder();
  for (let from = 0; from < dictionary.rankedCount; from += SLICE) {
    if (indexes.has(dictionary)) return;
    builder.add(dictionary, from, from + SLICE);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!indexes.has(dictionary)) builder.finish(dictionary);
}

class IndexBuilder {
  private readonly perfect = new Map<string, RhymeGroup>();
  private readonly secondary = new Map<string, Candidate[]>();

  add(dictionary: Dictionary, from: number, to: number): void {
    const { perfect, secondary } = this;
    dictionary.forEachRanked(from, to, (word, rank, phones) => {
      if ((word.length === 1 && word !== 'i') || !WORD.test(word)) return;
      const variants = phones.split('|');
      const first = variants[0] ?? '';
      if (!first.includes('1') && !first.includes('2')) return;
      let syllables = 0;
      for (let i = 0; i < first.length; i++) if (first.charCodeAt(i) >= 48 && first.charCodeAt(i) <= 50) syllables++;
      const candidate: Candidate = { word, rank, syllables };
      let previous: string | undefined;
      for (const variant of variants) {
        const keys = rhymeKeys(variant);
        // Variants mostly differ before the rhyme (`every`): the same rhyme twice would list the word twice.
        if (!keys || keys.perfect === previous || (variants.length > 2 && perfect.get(keys.perfect)?.words.includes(candidate))) continue;
        previous = keys.perfect;
        const group = perfect.get(keys.perfect);
        if (group) group.words.push(candidate);
        else perfect.set(keys.perfect, { key: keys.perfect, words: [candidate] });
        if (keys.stressed !== keys.perfect) {
          const list = secondary.get(keys.stressed);
          if (list) list.push(candidate);
          else secondary.set(keys.stressed, [candidate]);
        }
      }
    });
  }

  finish(dictionary: Dictionary): RhymeIndex {
    const { perfect, secondary } = this;
    const near = new Map<string, RhymeGroup[]>();
    const byVowel = new Map<string, RhymeGroup[]>();
    const push = (map: Map<string, RhymeGroup[]>, key: string, group: RhymeGroup): void => {
      const list = map.get(key);
      if (list) list.push(group);
      else map.set(key, [group]);
    };
    // The words came in rank order (forEachRanked), so every list is already sorted by rank.
    for (const group of perfect.values()) {
      push(near, nearKeyOf(group.key), group);
      push(byVowel, group.key.split(' ')[0] ?? '', group);
    }
    const index: RhymeIndex = { perfect, near, secondary, byVowel, assonance: new Map() };
    for (const vowel of byVowel.keys()) assonanceList(index, vowel); // sorted once here, so no look-up pays for it
    indexes.set(dictionary, index);
    return index;
  }
}

/**
 * The rhymes of a word given its pronunciations (from pronounce.ts, so a
 * word the dictionary lacks but a rule or the user pronounces has rhymes
 * too): best kind first, then most common first; each word once, with its
 * best kind. The word itself (and its spellings: `'cause` for `cause`) is
 * left out. Near rhymes include the secondary-stress rhymes (`maker` for
 * `heartbreaker`, `moonlight` for `night`).
 */
export function findRhymesOf(word: string, pronunciations: readonly Phones[], dictionary: Dictionary, options: RhymeOptions = {}): Rhyme[] {
  const limit = options.limit ?? 50;
  const kinds = options.kinds ?? RHYME_KINDS;
  const index = rhymeIndex(dictionary);
  const bare = word.replace(/'/g, '');
  const tiers: Record<RhymeKind, Candidate[][]> = { perfect: [], near: [], assonance: [] };
  const vowels = new Set<string>();
  const perfectKeys = new Set<string>();
  for (const phones of pronunciations) {
    const keys = rhymeKeys(phones.join(' '));
    if (!keys) continue;
    perfectKeys.add(keys.perfect);
    vowels.add(keys.perfect.split(' ')[0] ?? '');
    const own = index.perfect.get(keys.perfect);
    if (own) tiers.perfect.push(own.words);
    for (const key of nearNeighbours(nearKeyOf(keys.perfect))) {
      for (const group of index.near.get(key) ?? []) if (group.key !== keys.perfect) tiers.near.push(group.words);
    }
    // Secondary stress on either side: heartbreaker ~ maker, night ~ moonlight.
    const fromSecondary = index.perfect.get(keys.stressed);
    if (fromSecondary && keys.stressed !== keys.perfect) tiers.near.push(fromSecondary.words);
    tiers.near.push(index.secondary.get(keys.perfect) ?? [], index.secondary.get(keys.stressed) ?? []);
  }
  for (const vowel of vowels) tiers.assonance.push(assonanceList(index, vowel));

  const chosen: Rhyme[] = [];
  const taken = new Set<string>();
  for (const kind of RHYME_KINDS) {
    // Each list is in rank order: the best `limit` of the tier are among the first `limit` of each list.
    const pool: Candidate[] = [];
    for (const list of tiers[kind]) {
      let added = 0;
      for (const candidate of list) {
        if (added >= limit + 8) break;
        if (taken.has(candidate.word)) continue;
        pool.push(candidate);
        added++;
      }
    }
    pool.sort((a, b) => a.rank - b.rank);
    for (const candidate of pool) {
      if (taken.has(candidate.word)) continue;
      taken.add(candidate.word);
      if (candidate.word === word || candidate.word.replace(/'/g, '') === bare) continue;
      if (kinds.includes(kind) && chosen.length < limit) chosen.push({ word: candidate.word, syllables: candidate.syllables, kind, rank: candidate.rank });
    }
    if (chosen.length >= limit) break;
  }
  return chosen;
}

function assonanceList(index: RhymeIndex, vowel: string): Candidate[] {
  let list = index.assonance.get(vowel);
  if (!list) {
    const seen = new Set<string>();
    list = (index.byVowel.get(vowel) ?? [])
      .flatMap((group) => group.words)
      .sort((a, b) => a.rank - b.rank)
      .filter((candidate) => !seen.has(candidate.word) && seen.add(candidate.word));
    index.assonance.set(vowel, list);
  }
  return list;
}

/**
 * A near skeleton and those one consonant shorter or longer after the
 * stressed vowel, as long as both keep a consonant (see rhyme.ts).
 */
function nearNeighbours(key: string): string[] {
  const [vowel = '', ...rest] = key.split(' ');
  const keys = new Set([key]);
  const join = (sounds: readonly string[]): string => [vowel, ...sounds].join(' ');
  const hasConsonant = (sounds: readonly string[]): boolean => sounds.some((sound) => !VOWELS.has(sound));
  if (!hasConsonant(rest)) return [key];
  for (let i = 0; i < rest.length; i++) {
    const shorter = [...rest.slice(0, i), ...rest.slice(i + 1)];
    if (FAMILIES.includes(rest[i] ?? '') && hasConsonant(shorter)) keys.add(join(shorter));
  }
  for (let i = 0; i <= rest.length; i++) {
    for (const family of FAMILIES) keys.add(join([...rest.slice(0, i), family, ...rest.slice(i)]));
  }
  return [...keys];
}

/** Rhymes grouped by syllable count, fewest first, each group keeping the order it was given (for pickers that group). */
export function groupBySyllables(rhymes: readonly Rhyme[]): Array<{ syllables: number; rhymes: Rhyme[] }> {
  const groups = new Map<number, Rhyme[]>();
  for (const rhyme of rhymes) {
    const group = groups.get(rhyme.syllables);
    if (group) group.push(rhyme);
    else groups.set(rhyme.syllables, [rhyme]);
  }
  return [...groups].sort(([a], [b]) => a - b).map(([syllables, list]) => ({ syllables, rhymes: list }));
}
