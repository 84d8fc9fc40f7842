/**
 * An offline thesaurus: WordNet's synonym sets of single words, extracted at
 * build time into dist/data/synonyms.txt (`pos word word…` a line, the most
 * used senses first). Loaded on its own, later than the dictionary: only a
 * hover or the Find Rhymes picker asks for synonyms.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { DATA_FILES } from './data';

export type PartOfSpeech = 'noun' | 'verb' | 'adjective' | 'adverb';
const PARTS: Readonly<Record<string, PartOfSpeech>> = { n: 'noun', v: 'verb', a: 'adjective', r: 'adverb' };

export interface SynonymSet {
  readonly partOfSpeech: PartOfSpeech;
  readonly words: readonly string[];
}

export class Thesaurus {
  private constructor(
    private readonly sets: readonly SynonymSet[],
    /** word → indices of its sets, most used sense first. */
    private readonly setsOfWord: ReadonlyMap<string, readonly number[]>,
  ) {}

  static parse(text: string): Thesaurus {
    const sets: SynonymSet[] = [];
    const setsOfWord = new Map<string, number[]>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const [pos = '', ...words] = line.split(' ');
      const partOfSpeech = PARTS[pos];
      if (!partOfSpeech || words.length < 2) continue;
      for (const word of words) {
        const list = setsOfWord.get(word);
        if (list) list.push(sets.length);
        else setsOfWord.set(word, [sets.length]);
      }
      sets.push({ partOfSpeech, words });
    }
    return new Thesaurus(sets, setsOfWord);
  }

  /** The synonym sets a word belongs to (lower case; WordNet's base forms: `hearts` has none, `heart` has several). */
  setsOf(word: string): SynonymSet[] {
    return (this.setsOfWord.get(word.toLowerCase()) ?? []).flatMap((index) => this.sets[index] ?? []);
  }

  /** A word's synonyms, each once, the most used senses first. */
  synonyms(word: string, limit = 30): string[] {
    const key = word.toLowerCase();
    const found: string[] = [];
    for (const set of this.setsOf(key)) {
      for (const synonym of set.words) {
        if (synonym !== key && !found.includes(synonym)) found.push(synonym);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }
}

const loads = new Map<string, Promise<Thesaurus>>();
const loaded = new Map<string, Thesaurus>();

/** The thesaurus of a data folder, read once (like loadLanguageData; a failed load is forgotten). */
export function loadThesaurus(dataFolder: string): Promise<Thesaurus> {
  const key = path.resolve(dataFolder);
  let load = loads.get(key);
  if (!load) {
    load = fsp.readFile(path.join(key, DATA_FILES.synonyms), 'latin1').then(
      (text) => {
        const thesaurus = Thesaurus.parse(text);
        loaded.set(key, thesaurus);
        return thesaurus;
      },
      (error: unknown) => {
        loads.delete(key);
        throw error;
      },
    );
    loads.set(key, load);
  }
  return load;
}

/** The thesaurus if it has loaded; undefined before (never waits, never starts a load). */
export function peekThesaurus(dataFolder: string): Thesaurus | undefined {
  return loaded.get(path.resolve(dataFolder));
}
