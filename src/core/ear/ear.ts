/**
 * The ear: one object that pronounces words, counts lines, finds end words,
 * rhyme schemes and rhymes, with the dictionary (if loaded) and the user's
 * pronunciations it was made with. It remembers each word it has pronounced,
 * so analysing a song again after a keystroke costs little. Make a new one
 * when the dictionary loads or the user's pronunciations change.
 */
import type { SongAnalysis } from '../analysis';
import type { Dictionary } from './data';
import {
  hangulSyllables,
  kanaSyllables,
  lastWord,
  lineWord,
  sumLine,
  tokenizeLine,
  tokenSplit,
  type LineSyllables,
  type LineToken,
  type LineWord,
} from './line';
import type { Phones } from './phonemes';
import { hasPhones, pronounceWord, type PronunciationSource, type SyllableCount, type UserPronunciations, type WordSound } from './pronounce';
import { rhymeKind, rhymeScheme, type RhymeKind } from './rhyme';
import { findRhymesOf, type Rhyme, type RhymeOptions } from './rhymes';
import type { SectionSounds, SungLine } from './song';
import type { Thesaurus } from './synonyms';

export interface EarOptions {
  /** The loaded dictionary (loadLanguageData / peekLanguageData); without it, counts come from the user's pronunciations and the heuristic. */
  readonly dictionary?: Dictionary;
  /** The user's pronunciations (parseUserPronunciations of `lyrics.pronunciations`). */
  readonly pronunciations?: UserPronunciations;
}

/** The rhymes of a word, with how the word itself sounds. */
export interface RhymeList {
  readonly word: string;
  /** The word's common pronunciation (ARPAbet). */
  readonly pronunciation: Phones;
  readonly syllables: SyllableCount;
  readonly source: PronunciationSource;
  /** Best kind first, then most common first. */
  readonly rhymes: readonly Rhyme[];
}

/** Past this many remembered words the memory starts afresh (a long session over many songs). */
const MAX_REMEMBERED_WORDS = 50_000;
const EMPTY_PRONUNCIATIONS: UserPronunciations = new Map();

export class Ear {
  readonly dictionary: Dictionary | undefined;
  private readonly user: UserPronunciations;
  private readonly sounds = new Map<string, WordSound | undefined>();
  private readonly splits = new Map<string, readonly string[] | undefined>();

  constructor(options: EarOptions = {}) {
    this.dictionary = options.dictionary;
    this.user = options.pronunciations ?? EMPTY_PRONUNCIATIONS;
  }

  /**
   * How a word sounds (see pronounce.ts for the order of look-ups);
   * undefined for text without a letter or digit. A Han character (or a run
   * of them: each is a syllable), a Hangul or kana run is counted as a line
   * counts it; the sound of a Han run rhymes by its last character.
   */
  pronounce(word: string): WordSound | undefined {
    return this.remember(`p${word}`, () => {
      const tokens = tokenizeLine(word);
      const first = tokens[0];
      if (!first || first.kind === 'word' || tokens.some((token) => token.kind === 'word')) {
        return pronounceWord(word, { dictionary: this.dictionary, user: this.user });
      }
      const sounds = tokens.map((token) => this.soundOf(token)).filter((sound): sound is WordSound => sound !== undefined);
      const last = sounds[sounds.length - 1];
      if (sounds.length === 1 || !last) return last;
      const count = sounds.reduce((sum, sound) => sum + sound.syllables.common, 0);
      return { ...last, word: tokens.map((token) => token.text).join(''), syllables: { min: count, max: count, common: count } };
    });
  }

  /** The syllables of a line, word by word, cues in parentheses apart. */
  lineSyllables(text: string): LineSyllables {
    const words: LineWord[] = [];
    for (const token of tokenizeLine(text)) {
      const sound = this.soundOf(token);
      if (!sound) continue;
      let split = this.splits.get(token.text);
      if (split === undefined && !this.splits.has(token.text)) {
        if (this.splits.size >= MAX_REMEMBERED_WORDS) this.splits.clear();
        split = tokenSplit(token, sound);
        this.splits.set(token.text, split);
      }
      words.push(lineWord(token, sound, split));
    }
    return sumLine(words);
  }

  /** The word a line rhymes on: its last word outside parentheses (or its last word when all of it is a cue). */
  endWord(text: string): LineWord | undefined {
    return lastWord(this.lineSyllables(text).words);
  }

  /** How two words rhyme: `identical`, `perfect`, `near`, `assonance`, or undefined (see rhyme.ts for the definitions). */
  rhymeKind(a: string, b: string): RhymeKind | 'identical' | undefined {
    const soundA = this.pronounce(a);
    const soundB = this.pronounce(b);
    return soundA && soundB ? rhymeKind(soundA, soundB) : undefined;
  }

  /** The rhyme scheme of lines (one letter per line, undefined for a line without a word): see rhymeScheme in rhyme.ts. */
  rhymeScheme(lines: readonly string[]): (string | undefined)[] {
    return rhymeScheme(lines.map((line) => this.endWord(line)?.sound));
  }

  /**
   * Every section of a song as heard: per sung line (tags, comments and
   * blank lines have none) its syllables, end word and rhyme letter, the
   * scheme restarting in each section.
   */
  sectionAnalysis(analysis: SongAnalysis): SectionSounds[] {
    const { lines } = analysis.document;
    return analysis.structure.sections.map((section) => {
      const counted = section.lyricLines.map((line) => {
        let text = lines.lineText(line).trimEnd();
        if (line === 0 && text.startsWith('\uFEFF')) text = text.slice(1);
        const syllables = this.lineSyllables(text);
        return { line, text, syllables, endWord: lastWord(syllables.words) };
      });
      const letters = rhymeScheme(counted.map(({ endWord }) => endWord?.sound));
      const sung: SungLine[] = counted.map((line, index) => ({ ...line, rhyme: letters[index] }));
      return {
        section,
        name: section.tag ? section.tag.inner.trim() : null,
        lines: sung,
        syllables: sung.reduce((sum, line) => sum + line.syllables.common, 0),
      };
    });
  }

  /**
   * The rhymes of a word: perfect, near, then assonance, common words first
   * (see rhymes.ts). Undefined when the dictionary has not loaded or the
   * word has no pronunciation (only a syllable count, or nothing).
   */
  findRhymes(word: string, options: RhymeOptions = {}): RhymeList | undefined {
    const sound = this.pronounce(word);
    const pronunciation = sound?.phones[0];
    if (!this.dictionary || !sound || !pronunciation || !hasPhones(sound)) return undefined;
    return {
      word: sound.word,
      pronunciation,
      syllables: sound.syllables,
      source: sound.source,
      rhymes: findRhymesOf(sound.word, sound.phones, this.dictionary, options),
    };
  }

  /** Synonyms of `word` that rhyme (perfect or near) with `rhymeWith`: "means A, rhymes with B". */
  rhymingSynonyms(word: string, rhymeWith: string, thesaurus: Thesaurus): string[] {
    const target = this.pronounce(rhymeWith);
    if (!target) return [];
    return thesaurus.synonyms(word, 200).filter((synonym) => {
      const sound = this.pronounce(synonym);
      const kind = sound ? rhymeKind(sound, target) : undefined;
      return kind === 'perfect' || kind === 'near';
    });
  }

  private soundOf(token: LineToken): WordSound | undefined {
    switch (token.kind) {
      case 'word':
        return this.remember(`w${token.text}`, () => pronounceWord(token.text, { dictionary: this.dictionary, user: this.user }));
      case 'han':
        return this.remember(`h${token.text}`, () => {
          const hanGroup = this.dictionary?.hanRhymeGroup(token.text);
          const sound: WordSound = { word: token.text, phones: [], syllables: { min: 1, max: 1, common: 1 }, source: 'rule' };
          return hanGroup === undefined ? sound : { ...sound, hanGroup };
        });
      case 'hangul':
      case 'kana': {
        const count = token.kind === 'hangul' ? hangulSyllables(token.text) : kanaSyllables(token.text);
        return { word: token.text, phones: [], syllables: { min: count, max: count, common: count }, source: 'rule' };
      }
    }
  }

  private remember(key: string, compute: () => WordSound | undefined): WordSound | undefined {
    if (this.sounds.has(key)) return this.sounds.get(key);
    if (this.sounds.size >= MAX_REMEMBERED_WORDS) this.sounds.clear();
    const sound = compute();
    this.sounds.set(key, sound);
    return sound;
  }
}
