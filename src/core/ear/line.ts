/**
 * A sung line cut into words, each counted in its own script's way:
 * English (and other Latin-script) words through pronounce.ts; a Han
 * character is one syllable; a Hangul block is one; kana count by mora
 * (small ゃ, ゅ, ょ and the long mark ー add none); words of other alphabets
 * by their vowel groups. Words in parentheses are cues (backing vocals,
 * ad-libs) and are counted apart: `8 (+2)`.
 */
import { splitSpelling } from './heuristic';
import type { PronunciationSource, SyllableCount, WordSound } from './pronounce';

/** A word of a line. Offsets are UTF-16 code units within the line, as VS Code counts characters. */
export interface LineWord {
  /** The word as written (`Lovin'`, `心`). */
  readonly word: string;
  readonly start: number;
  readonly end: number;
  readonly syllables: SyllableCount;
  /** The word cut into its syllables for a tooltip (`heart·brea·ker`), when it has more than one. */
  readonly split?: readonly string[];
  readonly source: PronunciationSource;
  /** Inside parentheses: a cue, counted apart. */
  readonly cue: boolean;
  readonly sound: WordSound;
}

/** The syllables of a line: `min`/`max`/`common` over the words outside parentheses, `cues` over those inside. */
export interface LineSyllables extends SyllableCount {
  readonly words: readonly LineWord[];
  readonly cues: SyllableCount;
}

export type WordKind = 'word' | 'han' | 'hangul' | 'kana';

/** A token of a line before it is pronounced. */
export interface LineToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly kind: WordKind;
  readonly cue: boolean;
}

const HAN = /\p{Script=Han}/u;
const HANGUL = /\p{Script=Hangul}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;
const APOSTROPHE = /['’‘ʼ]/;
const SMALL_KANA = /[ぁぃぅぇぉゃゅょゎァィゥェォャュョヮー]/u;

type CharacterKind = WordKind | 'letter' | undefined;

/** What a character is; ASCII without a regular expression (most lyrics are ASCII, and this runs per character). */
function kindOf(character: string): CharacterKind {
  const code = character.charCodeAt(0);
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) ? 'letter' : undefined;
  if (HAN.test(character)) return 'han';
  if (HANGUL.test(character)) return 'hangul';
  if (KANA.test(character)) return 'kana';
  return WORD_CHARACTER.test(character) ? 'letter' : undefined;
}

const isApostrophe = (character: string | undefined): boolean => character !== undefined && APOSTROPHE.test(character);

/**
 * The words of a line. A word may hold inner apostrophes and hyphens
 * (`rock'n'roll`, `sun-kissed`), begin with an apostrophe after a space
 * (`'cause`) and end with one (`lovin'`). `(` and `)` open and close cues.
 * Offsets are UTF-16 code units (a character outside the BMP counts two).
 */
export function tokenizeLine(text: string): LineToken[] {
  const tokens: LineToken[] = [];
  // The line's characters (code points) with their offsets and kinds.
  const characters: string[] = [];
  const offsets: number[] = [];
  const kinds: CharacterKind[] = [];
  for (let offset = 0; offset < text.length;) {
    const code = text.codePointAt(offset) ?? 0;
    const character = code > 0xffff ? text.slice(offset, offset + 2) : (text[offset] ?? '');
    characters.push(character);
    offsets.push(offset);
    kinds.push(kindOf(character));
    offset += character.length;
  }
  offsets.push(text.length);
  let depth = 0;
  for (let i = 0; i < characters.length;) {
    const character = characters[i] ?? '';
    const kind = kinds[i];
    if (character === '(') depth++;
    else if (character === ')') depth = Math.max(0, depth - 1);
    const cue = depth > 0;
    if (kind === 'han') {
      tokens.push({ text: character, start: offsets[i] ?? 0, end: offsets[i + 1] ?? 0, kind, cue });
      i++;
      continue;
    }
    if (kind === 'hangul' || kind === 'kana') {
      let end = i + 1;
      while (end < characters.length && kinds[end] === kind) end++;
      tokens.push({ text: text.slice(offsets[i], offsets[end]), start: offsets[i] ?? 0, end: offsets[end] ?? 0, kind, cue });
      i = end;
      continue;
    }
    const leadingApostrophe = isApostrophe(character) && kinds[i + 1] === 'letter' && (i === 0 || kinds[i - 1] === undefined);
    if (kind !== 'letter' && !leadingApostrophe) {
      i++;
      continue;
    }
    let end = i + 1;
    for (;;) {
      if (kinds[end] === 'letter') end++;
      else if ((isApostrophe(characters[end]) || characters[end] === '-') && kinds[end + 1] === 'letter') end += 2;
      else break;
    }
    // A dropped g (`lovin'`) or a plural possessive (`girls'`): the apostrophe belongs to the word.
    const last = (characters[end - 1] ?? '').toLowerCase();
    if (isApostrophe(characters[end]) && kinds[end + 1] === undefined && (last === 's' || (last === 'n' && (characters[end - 2] ?? '').toLowerCase() === 'i')))
      end++;
    tokens.push({ text: text.slice(offsets[i], offsets[end]), start: offsets[i] ?? 0, end: offsets[end] ?? 0, kind: 'word', cue });
    i = end;
  }
  return tokens;
}

/** Syllables of a kana run: one per mora, small kana and the long mark adding none. */
export function kanaSyllables(text: string): number {
  let count = 0;
  for (const character of text) if (!SMALL_KANA.test(character)) count++;
  return Math.max(1, count);
}

/** Syllables of a Hangul run: one per syllable block. */
export function hangulSyllables(text: string): number {
  let count = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code >= 0xac00 && code <= 0xd7a3) count++;
  }
  return Math.max(1, count);
}

/** How a token splits into syllables for a tooltip: undefined for one syllable (or a spelling that won't split). */
export function tokenSplit(token: LineToken, sound: WordSound): readonly string[] | undefined {
  const count = sound.syllables.common;
  let split: readonly string[] | undefined;
  if (count > 1 && token.kind === 'word') split = splitSpelling(token.text, count);
  else if (count > 1 && token.kind === 'hangul') split = Array.from(token.text);
  return split && split.length > 1 ? split : undefined;
}

/** A word of a line from its token, its sound and its split (tokenSplit). */
export function lineWord(token: LineToken, sound: WordSound, split: readonly string[] | undefined): LineWord {
  const { text: word, start, end, cue } = token;
  const { syllables, source } = sound;
  return split ? { word, start, end, syllables, split, source, cue, sound } : { word, start, end, syllables, source, cue, sound };
}

/** Sums the words of a line into its counts. */
export function sumLine(words: readonly LineWord[]): LineSyllables {
  let min = 0;
  let max = 0;
  let common = 0;
  let cueMin = 0;
  let cueMax = 0;
  let cueCommon = 0;
  for (const { syllables, cue } of words) {
    if (cue) {
      cueMin += syllables.min;
      cueMax += syllables.max;
      cueCommon += syllables.common;
    } else {
      min += syllables.min;
      max += syllables.max;
      common += syllables.common;
    }
  }
  return { min, max, common, words, cues: { min: cueMin, max: cueMax, common: cueCommon } };
}

/** The word a line ends on for rhyming: its last word outside parentheses, else (a line that is all cue) its last word. */
export function lastWord(words: readonly LineWord[]): LineWord | undefined {
  for (let i = words.length - 1; i >= 0; i--) if (!words[i]?.cue) return words[i];
  return words[words.length - 1];
}

/**
 * `8`, `7–8`, `8 (+2)`, `7–8 (+1–2)`: a line's count as the editor and the CLI print it.
 */
export function formatSyllables(line: LineSyllables): string {
  const range = (count: SyllableCount): string => (count.min === count.max ? String(count.min) : `${count.min}–${count.max}`);
  const cues = line.cues.max > 0 ? ` (+${range(line.cues)})` : '';
  return `${range(line)}${cues}`;
}
