/**
 * How a written word sounds: its pronunciations (ARPAbet), its syllables as
 * a range, and where that knowledge came from. The look-up order:
 *
 * 1. the user's own pronunciations (`lyrics.pronunciations`), which override
 *    everything, by the word as written (lower case) or normalised;
 * 2. the dictionary, after lyric normalisation (normalize.ts): the word as
 *    written, then without outer apostrophes, then shrunk (`sooo`);
 *    g-dropping: `lovin'` (or a `lovin` the frequency list does not know as
 *    a word: CMUdict's `lovin` is a surname) is `loving` with its final NG
 *    sung as N; sung forms CMUdict lacks (`tryna`, `cuz`); poetic elision
 *    (`ev'ry`, `heav'n`: the shortest variant, or one unstressed vowel fewer);
 * 3. rules on known parts (rules.ts): endings and contractions, prefixes,
 *    compounds, hyphenated parts, numbers (`24` → twenty four);
 * 4. the `syllable` package's count from the spelling.
 *
 * Without the dictionary (before it has loaded), only 1 and 4 apply.
 */
import type { Dictionary } from './data';
import { heuristicSyllables } from './heuristic';
import { lookupForms, normalizeWord, numberWords, SUNG_FORMS } from './normalize';
import { countSyllables, isVowel, parseArpabet, splitPhones, stressOf, type Phones } from './phonemes';
import { byCompound, byEnding } from './rules';

export type PronunciationSource = 'dictionary' | 'user' | 'rule' | 'heuristic';

/** Syllables of a word or line: the range over its pronunciations, and the count of the common one. */
export interface SyllableCount {
  readonly min: number;
  readonly max: number;
  /** The count of the most common pronunciation (CMUdict's first variant), what a single number shows. */
  readonly common: number;
}

/** A word's sounds. */
export interface WordSound {
  /** The word as looked up: normalised (`lovin'`, `'cause`, `heart`). */
  readonly word: string;
  /** Its pronunciations, most common first; empty when only its syllables are known (a user's count, the heuristic, a Han character). */
  readonly phones: readonly Phones[];
  readonly syllables: SyllableCount;
  readonly source: PronunciationSource;
  /** For a Han character: its rhyme group (十三辙), when the data is loaded. */
  readonly hanGroup?: string;
}

/** The user's pronunciations, by normalised word: phones, or a syllable count. */
export type UserPronunciations = ReadonlyMap<string, Phones | number>;

export interface PronounceContext {
  /** Undefined until the data has loaded: then only the user's pronunciations and the heuristic count. */
  readonly dictionary: Dictionary | undefined;
  readonly user: UserPronunciations;
}

/**
 * Reads `lyrics.pronunciations`: `{ "word": "ARPAbet phones" | syllables }`,
 * e.g. `{ "tryna": "T R AY1 N AH0", "heartbreaker": 3 }`. Keys are normalised
 * like lyrics (`Lovin’` → `lovin'`); a count is a whole number from 1 to 20
 * (a string of digits is read as one). Each entry that can't be used is
 * named in `problems` and left out.
 */
export function parseUserPronunciations(setting: unknown): { pronunciations: UserPronunciations; problems: string[] } {
  const pronunciations = new Map<string, Phones | number>();
  const problems: string[] = [];
  if (setting === undefined || setting === null) return { pronunciations, problems };
  if (typeof setting !== 'object' || Array.isArray(setting))
    return { pronunciations, problems: ['lyrics.pronunciations must be an object: { "word": "ARPAbet" | syllables }'] };
  for (const [key, value] of Object.entries(setting as Record<string, unknown>)) {
    const word = normalizeWord(key);
    if (word === '') {
      problems.push(`"${key}" is not a word`);
      continue;
    }
    const count = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
    if (count !== undefined) {
      if (Number.isInteger(count) && count >= 1 && count <= 20) pronunciations.set(word, count);
      else problems.push(`"${key}": a syllable count must be a whole number from 1 to 20`);
      continue;
    }
    const phones = typeof value === 'string' ? parseArpabet(value) : undefined;
    if (phones) pronunciations.set(word, phones);
    else problems.push(`"${key}": ${JSON.stringify(value)} is neither ARPAbet phones (like "T R AY1 N AH0") nor a syllable count`);
  }
  return { pronunciations, problems };
}

/** The syllables of a set of pronunciations; a pronunciation without a vowel (`mm` M) is hummed: one syllable. */
export function syllablesOf(phones: readonly Phones[]): SyllableCount {
  const counts = phones.map((one) => Math.max(1, countSyllables(one)));
  const common = counts[0] ?? 1;
  return { min: Math.min(common, ...counts), max: Math.max(common, ...counts), common };
}

const single = (count: number): SyllableCount => ({ min: count, max: count, common: count });

/** How a word sounds; undefined for text that holds no letter or digit. */
export function pronounceWord(text: string, context: PronounceContext): WordSound | undefined {
  const word = normalizeWord(text);
  if (!/[\p{L}\p{N}]/u.test(word)) return undefined;
  const { dictionary, user } = context;

  const own = user.get(text.toLowerCase().replace(/[’‘]/g, "'")) ?? user.get(word);
  if (own !== undefined) {
    if (typeof own !== 'number') return { word, phones: [own], syllables: single(Math.max(1, countSyllables(own))), source: 'user' };
    // A count alone: the dictionary's sounds (if any) still serve rhymes.
    const known = dictionary ? lookUp(word, dictionary) : undefined;
    return { word, phones: known?.phones ?? [], syllables: single(own), source: 'user' };
  }

  if (dictionary) {
    const found = lookUp(word, dictionary) ?? derive(word, dictionary, context);
    if (found) return { word, phones: found.phones, syllables: syllablesOf(found.phones), source: found.source };
  }
  return fallback(word, context);
}

interface Found {
  readonly phones: Phones[];
  readonly source: PronunciationSource;
}

/** Step 2: the dictionary after lyric normalisation. */
function lookUp(word: string, dictionary: Dictionary): Found | undefined {
  const dropped = gDropped(word, dictionary);
  if (dropped) return { phones: dropped, source: 'dictionary' };
  for (const form of lookupForms(word)) {
    const phones = dictionary.pronunciations(form);
    if (phones) return { phones, source: 'dictionary' };
    const sung = SUNG_FORMS[form];
    if (sung) return { phones: [splitPhones(sung)], source: 'rule' };
  }
  const elided = elision(word, dictionary);
  if (elided) return { phones: elided, source: 'rule' };
  return undefined;
}

/**
 * `lovin'` → `loving` with the final NG as N. A written `lovin` (no
 * apostrophe) is g-dropped too when the frequency list does not know it as a
 * word (CMUdict's `lovin` is a surname), while `cousin`, `robin` stay.
 */
function gDropped(word: string, dictionary: Dictionary): Phones[] | undefined {
  const match = /^(.+)in'?$/.exec(word);
  if (!match) return undefined;
  if (!word.endsWith("'") && dictionary.has(word) && dictionary.rank(word) !== undefined) return undefined;
  const full = `${match[1] ?? ''}ing`;
  // A written `-in` needs `-ing` in the dictionary itself (`rain` is no `raing`); `-in'` may be built (`vibin'`).
  const phones = dictionary.pronunciations(full) ?? (word.endsWith("'") ? byEnding(full, (base) => dictionary.pronunciations(base)) : undefined);
  if (!phones) return undefined;
  return phones.map((one) => (one[one.length - 1] === 'NG' ? [...one.slice(0, -1), 'N'] : one));
}

/** `ev'ry`, `heav'n`, `pow'r`: the word with an `e` for the apostrophe, one syllable shorter. */
function elision(word: string, dictionary: Dictionary): Phones[] | undefined {
  if (!/\p{L}'\p{L}/u.test(word)) return undefined;
  const full = dictionary.pronunciations(word.replace(/(?<=\p{L})'(?=\p{L})/gu, 'e'));
  if (!full) return undefined;
  const longest = Math.max(...full.map(countSyllables));
  const shorter = full.filter((phones) => countSyllables(phones) < longest);
  if (shorter.length > 0) return shorter;
  // Drop the first unstressed vowel after the stressed one: heaven HH EH1 V AH0 N → HH EH1 V N.
  return full.map((phones) => {
    const stressed = phones.findIndex((phone) => stressOf(phone) === 1);
    const reduced = phones.findIndex((phone, i) => i > stressed && stressOf(phone) === 0);
    if (stressed < 0 || reduced < 0) return phones;
    return phones[reduced] === 'ER0'
      ? [...phones.slice(0, reduced), 'R', ...phones.slice(reduced + 1)]
      : [...phones.slice(0, reduced), ...phones.slice(reduced + 1)];
  });
}

/** Step 3: rules on known parts. */
function derive(word: string, dictionary: Dictionary, context: PronounceContext): Found | undefined {
  const lookup = (part: string): Phones[] | undefined => lookUp(part, dictionary)?.phones;
  const rankOf = (part: string): number | undefined => dictionary.rank(part);
  const bare = word.replace(/^'+|'+$/g, '');
  const derived = byEnding(bare, lookup) ?? byCompound(bare, lookup, rankOf);
  if (derived) return { phones: derived, source: 'rule' };
  return byParts(word, context);
}

/**
 * A hyphenated word (`la-la-la`, `sun-kissed`), one written with inner
 * apostrophes (`rock'n'roll`) or a number: the sounds of its parts in order.
 * Only when every part has sounds; otherwise undefined (the heuristic counts).
 */
function byParts(word: string, context: PronounceContext): Found | undefined {
  const digits = /^\d+$/.test(word) ? numberWords(word) : undefined;
  const parts = digits ?? word.split(/-+|(?<=\p{L})(?=')/u).filter((part) => /[\p{L}\p{N}]/u.test(part));
  if (parts.length < 2 && !digits) return undefined;
  const phones: string[] = [];
  let source: PronunciationSource = 'rule';
  for (const part of parts) {
    const sound = pronounceWord(part, context);
    const first = sound?.phones[0];
    if (!sound || !first) return undefined;
    if (sound.source === 'heuristic') source = 'heuristic';
    phones.push(...first);
  }
  return { phones: [phones], source };
}

const OTHER_VOWELS = /[аеиоуыэюяіїєαεηιουω]+/gu;

/** Step 4, and all there is before the data has loaded. */
function fallback(word: string, context: PronounceContext): WordSound {
  const digits = /^\d+$/.test(word) ? numberWords(word) : undefined;
  if (digits) {
    const count = digits.reduce((sum, part) => sum + (pronounceWord(part, context)?.syllables.common ?? 1), 0);
    return { word, phones: [], syllables: single(count), source: 'rule' };
  }
  if (!/[a-z]/.test(word)) {
    // Another alphabet (Cyrillic, Greek): its vowel groups; one syllable when it has none we know.
    return { word, phones: [], syllables: single(Math.max(1, word.match(OTHER_VOWELS)?.length ?? 0)), source: 'heuristic' };
  }
  const parts = word.split(/-+/).filter((part) => /\p{L}/u.test(part));
  const count = parts.reduce((sum, part) => sum + heuristicSyllables(part.replace(/'/g, '')), 0);
  return { word, phones: [], syllables: single(Math.max(1, count)), source: 'heuristic' };
}

/** Whether a sound is one of the user's, the dictionary's or a rule's (it has phones), so it can rhyme by sound. */
export function hasPhones(sound: WordSound | undefined): boolean {
  return (sound?.phones.length ?? 0) > 0 && (sound?.phones[0]?.some(isVowel) ?? false);
}
