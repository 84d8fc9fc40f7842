/**
 * ARPAbet, the phone set of CMUdict: 15 vowels carrying a stress digit
 * (1 primary, 2 secondary, 0 none) and 24 consonants. A pronunciation is an
 * array of phones, `['HH', 'AA1', 'R', 'T']` for "heart".
 */

export type Phones = readonly string[];

const VOWELS = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);
const CONSONANTS = new Set(['B', 'CH', 'D', 'DH', 'F', 'G', 'HH', 'JH', 'K', 'L', 'M', 'N', 'NG', 'P', 'R', 'S', 'SH', 'T', 'TH', 'V', 'W', 'Y', 'Z', 'ZH']);

/** A phone without its stress digit: `AA1` → `AA`. */
export function basePhone(phone: string): string {
  const last = phone.charCodeAt(phone.length - 1);
  return last >= 48 && last <= 57 ? phone.slice(0, -1) : phone;
}

export function isVowel(phone: string): boolean {
  return VOWELS.has(basePhone(phone));
}

/** The stress digit of a vowel (0, 1 or 2); undefined for a consonant. */
export function stressOf(phone: string): number | undefined {
  if (!isVowel(phone)) return undefined;
  const digit = Number(phone.slice(-1));
  return Number.isNaN(digit) ? 1 : digit;
}

export function countSyllables(phones: Phones): number {
  let count = 0;
  for (const phone of phones) if (isVowel(phone)) count++;
  return count;
}

/** `HH AA1 R T` → `['HH', 'AA1', 'R', 'T']`, as the data files store pronunciations. */
export function splitPhones(text: string): string[] {
  return text.split(' ');
}

/**
 * A pronunciation a user typed (`lyrics.pronunciations`): ARPAbet phones
 * separated by spaces, any case; a vowel without a digit is taken as
 * stressed when it is the only vowel, unstressed otherwise, except the first
 * vowel of a word whose vowels all lack digits, which gets the primary
 * stress. Undefined when a phone is not ARPAbet.
 */
export function parseArpabet(text: string): string[] | undefined {
  const phones = text.trim().toUpperCase().split(/\s+/).filter(Boolean);
  if (phones.length === 0) return undefined;
  for (const phone of phones) {
    const base = basePhone(phone);
    if (VOWELS.has(base)) {
      if (base !== phone && !/^[A-Z]+[012]$/.test(phone)) return undefined;
    } else if (!CONSONANTS.has(phone)) {
      return undefined;
    }
  }
  const vowels = phones.filter((phone) => VOWELS.has(basePhone(phone)));
  if (vowels.length === 0) return undefined;
  const anyDigit = vowels.some((phone) => phone !== basePhone(phone));
  let first = true;
  return phones.map((phone) => {
    if (!VOWELS.has(phone)) return phone;
    const stress = !anyDigit && first ? '1' : '0';
    first = false;
    return phone + stress;
  });
}

/**
 * Where the rhyme of a pronunciation starts: its last primary-stressed
 * vowel; without one (the unstressed `the`, `a`), its last secondary-stressed
 * vowel, else its last vowel. -1 when it has no vowel.
 */
export function rhymeStart(phones: Phones): number {
  let secondary = -1;
  let anyVowel = -1;
  for (let i = phones.length - 1; i >= 0; i--) {
    const stress = stressOf(phones[i] ?? '');
    if (stress === undefined) continue;
    if (stress === 1) return i;
    if (stress === 2 && secondary < 0) secondary = i;
    if (anyVowel < 0) anyVowel = i;
  }
  return secondary >= 0 ? secondary : anyVowel;
}

/** Where the last stressed vowel (primary or secondary) is: `moonlight` M UW1 N L AY2 T → the AY2. */
export function lastStressedVowel(phones: Phones): number {
  for (let i = phones.length - 1; i >= 0; i--) {
    const stress = stressOf(phones[i] ?? '');
    if (stress === 1 || stress === 2) return i;
  }
  return rhymeStart(phones);
}

/**
 * The stress pattern as a songwriter reads it: one part per syllable,
 * `DUM` for a primary stress, `dum` for a secondary, `da` unstressed
 * (`da-DUM` for "away"). A one-syllable word is `DUM`.
 */
export function stressPattern(phones: Phones): string {
  const parts: string[] = [];
  const vowels = phones.filter(isVowel);
  for (const phone of vowels) {
    const stress = vowels.length === 1 ? 1 : stressOf(phone);
    parts.push(stress === 1 ? 'DUM' : stress === 2 ? 'dum' : 'da');
  }
  return parts.join('-');
}

/**
 * Consonant families after Pattison: consonants of the same manner of
 * articulation and voicing sound alike at the end of a rhyme: the voiced
 * plosives B D G, the voiceless plosives P T K, the voiced fricatives and
 * affricate V DH Z ZH JH, the voiceless ones F TH S SH CH (and HH), the
 * nasals M N NG (`time`/`line`, `heart`/`dark`). L, R and the glides W, Y
 * each stand alone.
 */
const FAMILY: Readonly<Record<string, string>> = {
  B: 'voiced-plosive',
  D: 'voiced-plosive',
  G: 'voiced-plosive',
  P: 'voiceless-plosive',
  T: 'voiceless-plosive',
  K: 'voiceless-plosive',
  V: 'voiced-fricative',
  DH: 'voiced-fricative',
  Z: 'voiced-fricative',
  ZH: 'voiced-fricative',
  JH: 'voiced-fricative',
  F: 'voiceless-fricative',
  TH: 'voiceless-fricative',
  S: 'voiceless-fricative',
  SH: 'voiceless-fricative',
  CH: 'voiceless-fricative',
  HH: 'voiceless-fricative',
  M: 'nasal',
  N: 'nasal',
  NG: 'nasal',
};

/** The family of a consonant (see FAMILY); a consonant without one is its own family. */
export function consonantFamily(phone: string): string {
  return FAMILY[phone] ?? phone;
}

/**
 * Vowels as they sound when unstressed: the reduced vowels AH0 and IH0 (and
 * ER0's schwa) are one sound in a rhyme (`roses` R OW1 Z IH0 Z / `closes`
 * K L OW1 Z AH0 Z), other vowels keep their quality.
 */
export function vowelQuality(phone: string): string {
  const base = basePhone(phone);
  if (phone.endsWith('0') && (base === 'AH' || base === 'IH')) return 'AH';
  return base;
}

/**
 * Vowels that CMUdict spells two ways before R, though they sound alike
 * there (`here` HH IY1 R, `near` N IH1 R; `care` EH R, `prayer` EY R;
 * `poor` UW R, `tour` UH R): a rhyme key (stress removed) with one spelling.
 */
export function mergeVowelsBeforeR(key: string): string {
  return key.replace(/\b(IY|EY|UW)(?= R\b)/g, (vowel) => (vowel === 'IY' ? 'IH' : vowel === 'EY' ? 'EH' : 'UH'));
}
