/**
 * When two words rhyme, and how well. The definitions (the README quotes them):
 *
 * - **Perfect**: identical sounds from the last primary-stressed vowel to
 *   the end, stress aside (`heart` / `start`, `lover` / `cover`); before R
 *   the vowels CMUdict writes two ways count as one (`here` / `near`).
 * - **Near** (after Pat Pattison's families): the same stressed vowel, and
 *   after it either
 *   - the same number of sounds, each consonant in the same family as its
 *     counterpart (voiced plosives B D G; voiceless plosives P T K; voiced
 *     fricatives V DH Z ZH JH; voiceless fricatives F TH S SH CH HH; nasals
 *     M N NG; L, R, W and Y only themselves) and each later vowel the same
 *     (the unstressed AH and IH count as one): `time` / `line`,
 *     `heart` / `dark`, `lover` / `other` (family rhyme); or
 *   - the same after one consonant other than R (which colours the vowel:
 *     `heart` is no `hot`) is added or dropped anywhere after the vowel,
 *     when both keep a consonant after it: `star` / `start`, `hand` / `man`,
 *     `mind` / `time` (additive and subtractive rhyme; an open vowel against
 *     a closed one, `day` / `date`, is assonance);
 *
 *   or identical sounds from the last stressed vowel, primary or secondary,
 *   to the end (`moonlight` / `night`, `sunkissed` / `missed`).
 * - **Assonance**: the same stressed vowel, whatever follows (`heart` / `far`).
 *
 * A word rhymes with itself (`identical`): a repeated end word keeps its
 * letter in a rhyme scheme. A Han character rhymes (perfectly) with another
 * of the same rhyme group (十三辙: 江阳 holds -ang, -iang, -uang). A word
 * known only by its spelling rhymes (near) with another whose spelling ends
 * the same from the last vowel group (`starlight` / `tonight`).
 */
import { spellingRhyme } from './heuristic';
import { basePhone, consonantFamily, isVowel, lastStressedVowel, mergeVowelsBeforeR, rhymeStart, vowelQuality, type Phones } from './phonemes';
import { hasPhones, type WordSound } from './pronounce';

export type RhymeKind = 'perfect' | 'near' | 'assonance';

/** Rhyme kinds, best first. */
export const RHYME_KINDS: readonly RhymeKind[] = ['perfect', 'near', 'assonance'];

/** The sounds of a rhyme, stress aside (and vowels before R merged: mergeVowelsBeforeR): `HH AA1 R T` → `AA R T`. */
export function perfectRhymeKey(phones: Phones): string {
  const start = rhymeStart(phones);
  return start < 0 ? '' : mergeVowelsBeforeR(phones.slice(start).map(basePhone).join(' '));
}

/** The sounds from the last stressed vowel, primary or secondary: `M UW1 N L AY2 T` → `AY T`. */
export function stressedRhymeKey(phones: Phones): string {
  const start = lastStressedVowel(phones);
  return start < 0 ? '' : mergeVowelsBeforeR(phones.slice(start).map(basePhone).join(' '));
}

/** The stressed vowel of a rhyme: `AA` for heart. */
export function assonanceKey(phones: Phones): string {
  return perfectRhymeKey(phones).split(' ')[0] ?? '';
}

/** One sound of a rhyme as near rhymes hear it: a vowel by its quality, a consonant by its family. */
export function nearSound(phone: string): string {
  return isVowel(phone) ? vowelQuality(phone) : consonantFamily(phone);
}

/** The near-rhyme skeleton: the stressed vowel, then the family or quality of each later sound (`time` → `AY nasal`). */
export function nearRhymeKey(phones: Phones): string {
  const start = rhymeStart(phones);
  if (start < 0) return '';
  return [assonanceKey(phones), ...phones.slice(start + 1).map(nearSound)].join(' ');
}

interface RhymeKeys {
  readonly perfect: string;
  readonly stressed: string;
  /** The near skeleton: the stressed vowel, then the near sounds after it. */
  readonly near: readonly string[];
}

/** The keys of each pronunciation, computed once (the ear keeps its sounds, so a song's schemes reuse them). */
const keysOfPhones = new WeakMap<Phones, RhymeKeys>();

function keysOf(phones: Phones): RhymeKeys {
  let keys = keysOfPhones.get(phones);
  if (!keys) {
    keys = { perfect: perfectRhymeKey(phones), stressed: stressedRhymeKey(phones), near: nearRhymeKey(phones).split(' ') };
    keysOfPhones.set(phones, keys);
  }
  return keys;
}

/** How two pronunciations rhyme, by the definitions above; undefined when their stressed vowels differ. */
export function phonesRhyme(a: Phones, b: Phones): RhymeKind | undefined {
  const keysA = keysOf(a);
  const keysB = keysOf(b);
  if (keysA.perfect !== '' && keysA.perfect === keysB.perfect) return 'perfect';
  const sameStressed = keysA.stressed !== '' && keysA.stressed === keysB.stressed;
  const [vowelA = '', ...restA] = keysA.near;
  const [vowelB = '', ...restB] = keysB.near;
  if (vowelA !== vowelB || vowelA === '') return sameStressed ? 'near' : undefined;
  if (sameStressed || nearSkeletonsMatch(restA, restB)) return 'near';
  return 'assonance';
}

/**
 * Two near skeletons (after the stressed vowel) are alike, or alike after
 * one consonant is dropped from the longer while the shorter keeps one.
 */
function nearSkeletonsMatch(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length) return a.every((sound, i) => sound === b[i]);
  if (Math.abs(a.length - b.length) !== 1) return false;
  if (!a.some(isConsonantSound) || !b.some(isConsonantSound)) return false;
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  for (let drop = 0; drop < longer.length; drop++) {
    // R colours the vowel before it (`heart` is no `hot`): it is never the consonant added or dropped.
    if (VOWEL_QUALITIES.has(longer[drop] ?? '') || longer[drop] === 'R') continue;
    if (shorter.every((sound, i) => sound === longer[i < drop ? i : i + 1])) return true;
  }
  return false;
}

const VOWEL_QUALITIES = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);
const isConsonantSound = (sound: string): boolean => !VOWEL_QUALITIES.has(sound);

/** How two words rhyme: `identical` for the same word, else the best kind over their pronunciations; undefined when they don't. */
export function rhymeKind(a: WordSound, b: WordSound): RhymeKind | 'identical' | undefined {
  if (a.word === b.word) return 'identical';
  if (a.hanGroup !== undefined || b.hanGroup !== undefined) return a.hanGroup === b.hanGroup ? 'perfect' : undefined;
  if (hasPhones(a) && hasPhones(b)) {
    let best: RhymeKind | undefined;
    for (const phonesA of a.phones) {
      for (const phonesB of b.phones) {
        const kind = phonesRhyme(phonesA, phonesB);
        if (kind !== undefined && (best === undefined || RHYME_KINDS.indexOf(kind) < RHYME_KINDS.indexOf(best))) best = kind;
        if (best === 'perfect') return best;
      }
    }
    return best;
  }
  const spellingA = spellingRhyme(a.word);
  return spellingA !== '' && spellingA === spellingRhyme(b.word) ? 'near' : undefined;
}

/** Whether two words rhyme for a rhyme scheme: the same word, a perfect or a near rhyme. */
export function rhymesInScheme(a: WordSound, b: WordSound): boolean {
  const kind = rhymeKind(a, b);
  return kind === 'identical' || kind === 'perfect' || kind === 'near';
}

/** The letter of the n-th rhyme group of a section: A … Z, then AA, AB, … */
export function schemeLetter(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : schemeLetter(Math.floor(index / 26) - 1) + letter;
}

/**
 * How far back a line looks for a rhyme: the ear hears a rhyme over a few
 * lines, not over a hundred, and without a bound a huge section (a 40,000-line
 * file) took seconds per keystroke (every line against every earlier one).
 */
export const SCHEME_LOOK_BACK = 32;

/**
 * The rhyme scheme of a run of lines, given their end words: letters in
 * order of first appearance; a line takes the letter of the earlier line it
 * rhymes with best (the same word or a perfect rhyme before a near one, then
 * the earliest) among the SCHEME_LOOK_BACK lines before it, else the next new
 * letter. A line without an end word has no letter.
 */
export function rhymeScheme(endWords: readonly (WordSound | undefined)[]): (string | undefined)[] {
  const letters: (string | undefined)[] = [];
  let groups = 0;
  endWords.forEach((word, index) => {
    if (!word) {
      letters.push(undefined);
      return;
    }
    let chosen: string | undefined;
    let chosenRank = Number.POSITIVE_INFINITY;
    for (let earlier = Math.max(0, index - SCHEME_LOOK_BACK); earlier < index; earlier++) {
      const other = endWords[earlier];
      const letter = letters[earlier];
      if (!other || letter === undefined) continue;
      const kind = rhymeKind(word, other);
      const rank = kind === 'identical' || kind === 'perfect' ? 0 : kind === 'near' ? 1 : Number.POSITIVE_INFINITY;
      if (rank < chosenRank) {
        chosen = letter;
        chosenRank = rank;
        if (rank === 0) break; // the earliest perfect rhyme: nothing later can beat it
      }
    }
    letters.push(chosen ?? schemeLetter(groups++));
  });
  return letters;
}
