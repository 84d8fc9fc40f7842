/**
 * The language data of the ear, read from the files scripts/buildLanguageData.mjs
 * writes into dist/data/ (never bundled: dist/extension.js stays small):
 *
 * - `cmudict.txt` (ASCII): one word a line, `word RANK PHONES[|PHONES…]`, sorted
 *   by word in UTF-16 order, lower case, apostrophes kept (`'cause`, `y'all`);
 *   RANK is the word's commonness (0 the most common) or `-` for a word the
 *   frequency list does not hold (names, abbreviations, rare spellings);
 *   the variants are in CMUdict's order (the first is taken as the common
 *   one). Lines starting with `#` are comments and come first.
 * - `han-rhymes.txt`: `group characters`, one line per Chinese rhyme group.
 * - `synonyms.txt`: read by synonyms.ts, separately and later.
 *
 * Loaded once per folder, asynchronously (read off the main thread), on
 * first use; `peekLanguageData` answers
 * synchronously with the loaded data or undefined, so no caller ever waits.
 * The dictionary stays one string: a word is found by binary search over
 * the line starts, so loading costs a read (as latin1: a one-byte string,
 * no UTF-8 decoding) and one pass over the text (no map of 126,000 entries
 * to build).
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { splitPhones, type Phones } from './phonemes';

/** The files of a data folder, as the build writes them. */
export const DATA_FILES = { dictionary: 'cmudict.txt', han: 'han-rhymes.txt', synonyms: 'synonyms.txt' } as const;

/** CJK Unified Ideographs Extension A (U+3400) to the end of the basic block (U+9FFF): the characters with a rhyme group. */
const HAN_FIRST = 0x3400;
const HAN_LAST = 0x9fff;
const SPACE = 32;
const NEWLINE = 10;

export interface DictionaryTexts {
  /** The text of cmudict.txt. */
  readonly dictionary: string;
  /** The text of han-rhymes.txt. */
  readonly han?: string;
}

/** One line of the dictionary, split. */
export interface DictionaryEntry {
  readonly word: string;
  readonly rank: number | undefined;
  /** The pronunciations as stored, `HH AA1 R T|…`. */
  readonly phones: string;
}

/** CMUdict with commonness ranks and the Han rhyme groups: what the ear knows about words. */
export class Dictionary {
  /** The line index of each rank, computed on first use (rankOrder). */
  private ranked: Int32Array | undefined;

  private constructor(
    private readonly text: string,
    /** Offset of each word line (comments left out), in sorted order. */
    private readonly lineStarts: Int32Array,
    /** Index + 1 into hanGroupNames per code point from HAN_FIRST; 0 = none. */
    private readonly hanGroups: Uint8Array,
    private readonly hanGroupNames: readonly string[],
    /** Words hidden from look-ups (the accuracy bench's held-out sample). */
    private readonly hidden: ReadonlySet<string> | undefined,
  ) {}

  /** Parses the texts of the data files (see the header). */
  static parse(texts: DictionaryTexts): Dictionary {
    const { dictionary: text } = texts;
    const starts: number[] = [];
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start && text.charCodeAt(start) !== 35 /* # */) starts.push(start);
      start = end + 1;
    }
    const hanGroups = new Uint8Array(HAN_LAST - HAN_FIRST + 1);
    const hanGroupNames: string[] = [];
    for (const line of (texts.han ?? '').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const space = line.indexOf(' ');
      if (space <= 0) continue;
      hanGroupNames.push(line.slice(0, space));
      for (const character of line.slice(space + 1)) {
        const code = character.codePointAt(0) ?? 0;
        if (code >= HAN_FIRST && code <= HAN_LAST) hanGroups[code - HAN_FIRST] = hanGroupNames.length;
      }
    }
    return new Dictionary(text, Int32Array.from(starts), hanGroups, hanGroupNames, undefined);
  }

  /** How many words the dictionary holds (variants of one word count once). */
  get size(): number {
    return this.lineStarts.length;
  }

  has(word: string): boolean {
    return this.find(word) >= 0;
  }

  /** The pronunciations of a word as CMUdict spells it (lower case), most common first; undefined when not listed. */
  pronunciations(word: string): Phones[] | undefined {
    const entry = this.entry(word);
    return entry === undefined ? undefined : entry.phones.split('|').map(splitPhones);
  }

  /** 0 for the most common word; undefined for a word the frequency list does not hold (names, abbreviations, rare words). */
  rank(word: string): number | undefined {
    return this.entry(word)?.rank;
  }

  /** A word's line, split; undefined when not listed. */
  entry(word: string): DictionaryEntry | undefined {
    const index = this.find(word);
    return index < 0 ? undefined : this.entryAt(index);
  }

  /** The rhyme group (十三辙, e.g. `江阳`) of a Han character by its most common reading; undefined for other characters. */
  hanRhymeGroup(character: string): string | undefined {
    const code = character.codePointAt(0) ?? 0;
    if (code < HAN_FIRST || code > HAN_LAST) return undefined;
    const index = this.hanGroups[code - HAN_FIRST] ?? 0;
    return index === 0 ? undefined : this.hanGroupNames[index - 1];
  }

  /** Every entry in word order (or only the ranked ones, skipped without being split), for the rhyme index and the benches. */
  *entries(options: { rankedOnly?: boolean; from?: number; to?: number } = {}): IterableIterator<DictionaryEntry> {
    const to = Math.min(options.to ?? this.lineStarts.length, this.lineStarts.length);
    for (let index = options.from ?? 0; index < to; index++) {
      if (options.rankedOnly) {
        const start = this.lineStarts[index] ?? 0;
        if (this.text.charCodeAt(this.text.indexOf(' ', start) + 1) === 45 /* - */) continue;
      }
      const entry = this.entryAt(index);
      if (!this.hidden?.has(entry.word)) yield entry;
    }
  }

  /** The same dictionary without some words: how the accuracy bench holds words out to test the fallback path. */
  without(words: ReadonlySet<string>): Dictionary {
    return new Dictionary(this.text, this.lineStarts, this.hanGroups, this.hanGroupNames, new Set([...(this.hidden ?? []), ...words]));
  }

  /** How many words are ranked. */
  get rankedCount(): number {
    return this.rankOrder().length;
  }

  /**
   * Calls `visit` with the ranked words from rank `from` to rank `to`
   * (excluded), most common first, with their stored pronunciations, without
   * building an entry object per line: the rhyme index reads 50,000 lines at
   * once and wants them in rank order.
   */
  forEachRanked(from: number, to: number, visit: (word: string, rank: number, phones: string) => void): void {
    const { text } = this;
    const order = this.rankOrder();
    const end = Math.min(to, order.length);
    for (let rank = from; rank < end; rank++) {
      const index = order[rank] ?? -1;
      if (index < 0) continue;
      const start = this.lineStarts[index] ?? 0;
      const wordEnd = text.indexOf(' ', start);
      const rankEnd = text.indexOf(' ', wordEnd + 1);
      let lineEnd = text.indexOf('\n', rankEnd);
      if (lineEnd < 0) lineEnd = text.length;
      const word = text.slice(start, wordEnd);
      if (this.hidden?.has(word)) continue;
      visit(word, rank, text.slice(rankEnd + 1, lineEnd));
    }
  }

  /** The line index of each rank (the build gives the ranked words the ranks 0, 1, 2, …), read on first use. */
  private rankOrder(): Int32Array {
    if (this.ranked) return this.ranked;
    const { text } = this;
    const byRank: (number | undefined)[] = []; // sparse until every rank is seen
    for (let index = 0; index < this.lineStarts.length; index++) {
      let at = text.indexOf(' ', this.lineStarts[index] ?? 0) + 1;
      if (text.charCodeAt(at) === 45 /* - */) continue;
      let rank = 0;
      for (let code = text.charCodeAt(at); code >= 48 && code <= 57; code = text.charCodeAt(++at)) rank = rank * 10 + code - 48;
      byRank[rank] = index;
    }
    this.ranked = Int32Array.from(byRank, (index) => index ?? -1);
    return this.ranked;
  }

  private entryAt(index: number): DictionaryEntry {
    const start = this.lineStarts[index] ?? 0;
    const wordEnd = this.text.indexOf(' ', start);
    const rankEnd = this.text.indexOf(' ', wordEnd + 1);
    let lineEnd = this.text.indexOf('\n', rankEnd);
    if (lineEnd < 0) lineEnd = this.text.length;
    const rank = this.text.slice(wordEnd + 1, rankEnd);
    return { word: this.text.slice(start, wordEnd), rank: rank === '-' ? undefined : Number(rank), phones: this.text.slice(rankEnd + 1, lineEnd) };
  }

  /** The line index of a word (binary search: the lines are sorted by word in UTF-16 order), or -1. */
  private find(word: string): number {
    if (this.hidden?.has(word)) return -1;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = this.compareWithLine(word, this.lineStarts[middle] ?? 0);
      if (order === 0) return middle;
      if (order < 0) high = middle - 1;
      else low = middle + 1;
    }
    return -1;
  }

  /** Negative when `word` sorts before the word of the line at `start`, 0 when equal. */
  private compareWithLine(word: string, start: number): number {
    for (let i = 0; ; i++) {
      let lineCode = this.text.charCodeAt(start + i);
      if (lineCode === SPACE || lineCode === NEWLINE || Number.isNaN(lineCode)) lineCode = -1;
      const wordCode = i < word.length ? word.charCodeAt(i) : -1;
      if (wordCode !== lineCode) return wordCode - lineCode;
      if (wordCode === -1) return 0;
    }
  }
}

const loads = new Map<string, Promise<Dictionary>>();
const loaded = new Map<string, Dictionary>();

/**
 * The dictionary of a data folder (dist/data/), read once: the first call
 * starts the load, later calls share it. A failed load (a missing file) is
 * forgotten, so the next call tries again.
 */
export function loadLanguageData(dataFolder: string): Promise<Dictionary> {
  const key = path.resolve(dataFolder);
  let load = loads.get(key);
  if (!load) {
    load = readLanguageData(key).then(
      (dictionary) => {
        loaded.set(key, dictionary);
        return dictionary;
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

/** The dictionary of a data folder if it has loaded; undefined before (never waits, never starts a load). */
export function peekLanguageData(dataFolder: string): Dictionary | undefined {
  return loaded.get(path.resolve(dataFolder));
}

async function readLanguageData(dataFolder: string): Promise<Dictionary> {
  const [dictionary, han] = await Promise.all([
    fsp.readFile(path.join(dataFolder, DATA_FILES.dictionary), 'latin1'),
    fsp.readFile(path.join(dataFolder, DATA_FILES.han), 'utf8'),
  ]);
  return Dictionary.parse({ dictionary, han });
}

/**
 * The first of `candidates` that holds the data files (the CLI looks beside
 * dist/cli.js, then in the repository's dist/ when it runs compiled from out/).
 */
export async function findDataFolder(candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) {
    try {
      await fsp.access(path.join(candidate, DATA_FILES.dictionary));
      return candidate;
    } catch {
      // not here; try the next
    }
  }
  return undefined;
}
