/**
 * Pronunciations built from known parts, for words the dictionary does not
 * list: endings (`-s`, `-es`, `-ed`, `'d`, `-ing`, `-er`, `-ly`, …) and
 * contractions on a known word, a known prefix (`un-`, `re-`), and two
 * known words written as one (`heartbreaker`, `sunkissed`). Each rule keeps
 * every pronunciation of the base, so a range stays a range (`fires`).
 */
import { basePhone, isVowel, type Phones } from './phonemes';

/** Pronunciations of a word from the dictionary (after lyric normalisation), or undefined. */
export type Lookup = (word: string) => readonly Phones[] | undefined;
/** A word's commonness rank (0 most common), undefined when unranked. */
export type RankOf = (word: string) => number | undefined;

const VOICELESS = new Set(['P', 'T', 'K', 'F', 'TH']);
const SIBILANTS = new Set(['S', 'Z', 'SH', 'ZH', 'CH', 'JH']);

const lastBase = (phones: Phones): string => basePhone(phones[phones.length - 1] ?? '');
const endsInVowel = (phones: Phones): boolean => isVowel(phones[phones.length - 1] ?? '');

/** `-s` / `-es` / `'s`: IH0 Z after a sibilant (kisses), S after a voiceless sound (hearts), else Z (dreams). */
export function withPlural(phones: Phones): Phones {
  const last = lastBase(phones);
  if (SIBILANTS.has(last)) return [...phones, 'IH0', 'Z'];
  return [...phones, VOICELESS.has(last) ? 'S' : 'Z'];
}

/** `-ed`: IH0 D after T or D (started), T after a voiceless sound (kissed), else D (loved). */
export function withPast(phones: Phones): Phones {
  const last = lastBase(phones);
  if (last === 'T' || last === 'D') return [...phones, 'IH0', 'D'];
  return [...phones, VOICELESS.has(last) || (SIBILANTS.has(last) && last !== 'Z' && last !== 'ZH' && last !== 'JH') ? 'T' : 'D'];
}

interface Ending {
  readonly suffix: string;
  /** The bases to try for a word with this ending (the part before it, with its spelling repaired). */
  readonly bases: (stem: string) => string[];
  readonly apply: (phones: Phones) => Phones | undefined;
}

const plain = (stem: string): string[] => [stem];
/** stem, stem + e (smiling → smile), stem less a doubled consonant (running → run). */
const stemVariants = (stem: string): string[] => {
  const variants = [stem, `${stem}e`];
  if (/([b-df-hj-np-tv-z])\1$/.test(stem)) variants.push(stem.slice(0, -1));
  return variants;
};
const toY = (stem: string): string[] => [`${stem}y`];
const append =
  (...sounds: string[]) =>
  (phones: Phones): Phones => [...phones, ...sounds];
/** After a vowel one sound, after a consonant the same with a schwa: `he'll` HH IY1 L, `it'll` IH1 T AH0 L. */
const appendReduced =
  (...sounds: string[]) =>
  (phones: Phones): Phones =>
    endsInVowel(phones) ? [...phones, ...sounds] : [...phones, 'AH0', ...sounds];

/** Endings, longest first within a family. `in'`/`in` (g-dropping) is handled before the rules, in pronounce.ts. */
const ENDINGS: readonly Ending[] = [
  { suffix: "'s", bases: plain, apply: withPlural },
  { suffix: "'ll", bases: plain, apply: appendReduced('L') },
  // `he'd`, `it'd`; in older verse a past tense (`dimm'd`, `lov'd`).
  { suffix: "'d", bases: stemVariants, apply: (phones) => (endsInVowel(phones) ? [...phones, 'D'] : withPast(phones)) },
  // Older verse: `thou ow'st`, `wander'st`.
  { suffix: "'st", bases: stemVariants, apply: append('S', 'T') },
  { suffix: "'re", bases: plain, apply: (phones) => (endsInVowel(phones) ? [...phones, 'R'] : [...phones, 'ER0']) },
  { suffix: "'ve", bases: plain, apply: appendReduced('V') },
  { suffix: "'m", bases: plain, apply: append('M') },
  { suffix: "n't", bases: plain, apply: appendReduced('N', 'T') },
  { suffix: 'ies', bases: toY, apply: withPlural },
  { suffix: 'ied', bases: toY, apply: withPast },
  { suffix: 'es', bases: plain, apply: withPlural },
  { suffix: 's', bases: plain, apply: withPlural },
  { suffix: 'ed', bases: stemVariants, apply: withPast },
  { suffix: 'ing', bases: stemVariants, apply: append('IH0', 'NG') },
  { suffix: 'ers', bases: stemVariants, apply: append('ER0', 'Z') },
  { suffix: 'er', bases: stemVariants, apply: append('ER0') },
  { suffix: 'est', bases: stemVariants, apply: append('AH0', 'S', 'T') },
  {
    suffix: 'ily',
    bases: toY,
    apply: (phones) => (lastBase(phones) === 'IY' ? [...phones.slice(0, -1), 'AH0', 'L', 'IY0'] : undefined),
  },
  { suffix: 'ly', bases: plain, apply: append('L', 'IY0') },
  { suffix: 'iness', bases: toY, apply: (phones) => [...phones, 'N', 'AH0', 'S'] },
  { suffix: 'ness', bases: plain, apply: append('N', 'AH0', 'S') },
  { suffix: 'less', bases: plain, apply: append('L', 'AH0', 'S') },
  { suffix: 'ful', bases: plain, apply: append('F', 'AH0', 'L') },
  { suffix: 'ment', bases: plain, apply: append('M', 'AH0', 'N', 'T') },
  { suffix: 'ish', bases: stemVariants, apply: append('IH0', 'SH') },
  { suffix: 'able', bases: stemVariants, apply: append('AH0', 'B', 'AH0', 'L') },
  { suffix: 'y', bases: stemVariants, apply: append('IY0') },
];

/** Prefixes with the sound they add (the rest must be a known word). */
const PREFIXES: ReadonlyArray<readonly [string, Phones]> = [
  ['un', ['AH0', 'N']],
  ['re', ['R', 'IY0']],
  ['dis', ['D', 'IH0', 'S']],
  ['mis', ['M', 'IH0', 'S']],
  ['pre', ['P', 'R', 'IY0']],
  ['non', ['N', 'AA2', 'N']],
];

/** A word by one ending (or contraction) on a known base: `dreamers`, `kissed`, `heartbreak'll`. */
export function byEnding(word: string, lookup: Lookup): Phones[] | undefined {
  for (const ending of ENDINGS) {
    if (!word.endsWith(ending.suffix) || word.length - ending.suffix.length < 2) continue;
    const stem = word.slice(0, -ending.suffix.length);
    for (const base of ending.bases(stem)) {
      const found = lookup(base);
      if (!found) continue;
      const derived = found.map(ending.apply).filter((phones): phones is Phones => phones !== undefined);
      if (derived.length > 0) return unique(derived);
    }
  }
  for (const [prefix, sounds] of PREFIXES) {
    if (!word.startsWith(prefix) || word.length - prefix.length < 3) continue;
    const rest = word.slice(prefix.length);
    const found = lookup(rest) ?? byEnding(rest, lookup);
    if (found) return unique(found.map((phones) => [...sounds, ...phones]));
  }
  return undefined;
}

/**
 * Two known words written as one (`heartbreaker` = heart + breaker,
 * `sunkissed` = sun + kissed): the second may carry an ending. Its primary
 * stresses become secondary, as CMUdict writes compounds (`heartbreak`
 * HH AA1 R T B R EY2 K). Of the possible cuts, the one whose parts are
 * common words listed as they are wins (sun + kissed, not sunk + iss-ed),
 * then the one with the longer shorter part; a part of two letters must be
 * among the 2,000 commonest words (`up`, `in`).
 */
export function byCompound(word: string, lookup: Lookup, rankOf: RankOf): Phones[] | undefined {
  let best: { phones: Phones[]; score: number } | undefined;
  for (let cut = 2; cut <= word.length - 2; cut++) {
    const first = word.slice(0, cut);
    const second = word.slice(cut);
    if (first.endsWith("'") || second.startsWith("'") || second.startsWith('-')) continue;
    if (!partAllowed(first, rankOf) || !partAllowed(second, rankOf)) continue;
    const head = lookup(first);
    if (!head) continue;
    const listed = lookup(second);
    const tail = listed ?? byEnding(second, lookup);
    if (!tail) continue;
    // Common words over rare ones, a listed second part over a built one (sun + kissed, not sunk + iss-ed).
    const score = (rankOf(first) !== undefined ? 100 : 0) + (listed ? (rankOf(second) !== undefined ? 200 : 50) : 0) + Math.min(first.length, second.length);
    if (best && best.score >= score) continue;
    const phones: Phones[] = [];
    for (const headPhones of head) for (const tailPhones of tail) phones.push([...headPhones, ...tailPhones.map((phone) => phone.replace(/1$/, '2'))]);
    best = { phones: unique(phones), score };
  }
  return best?.phones;
}

function partAllowed(part: string, rankOf: RankOf): boolean {
  if (part.length >= 3) return true;
  const rank = rankOf(part);
  return rank !== undefined && rank < 2000;
}

function unique(list: readonly Phones[]): Phones[] {
  const seen = new Set<string>();
  return list.filter((phones) => {
    const key = phones.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
