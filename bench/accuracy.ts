/**
 * `npm run accuracy`: how well the ear counts and rhymes, printed (never
 * asserted: the figures go in the README).
 *
 * 1. The fallback path (everything but the dictionary's own entry for the
 *    word: lyric normalisation, rules on known parts, the heuristic count)
 *    against CMUdict, on a held-out sample: every 10th word of CMUdict from
 *    a fixed seeded offset, leaving out the words the rules were written
 *    and tested against (TUNING_WORDS and those of test/unit/ear*.test.ts).
 *    The whole sample is hidden from the dictionary at once, so no rule can
 *    lean on a held-out word. The `syllable` package alone is the baseline.
 * 2. Public-domain verse with known meter and scheme (bench/verse/*.txt):
 *    the share of lines whose count the meter gives, and the precision and
 *    recall of rhyming line pairs within a section.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syllable } from 'syllable';
import { countSyllables, Ear, loadLanguageData, type Dictionary } from '../src/core/ear';

const repoRoot = path.resolve(__dirname, '../..');
const dataFolder = path.join(repoRoot, 'dist', 'data');

/** Words looked at while the normalisation and the rules were written: never in the held-out sample. */
const TUNING_WORDS = new Set(
  `lovin lovin' cryin' 'cause gonna every fire heartbreaker sunkissed nothin' tryna sooo ev'ry heav'n rock'n'roll la-la-la dreamers kissed
  vibin' unbroken starlight whoa mm cafe everything desire poem hearts yeahhh it'll couldn't cousin rain heart start part smart art apart
  free love night time day you orange heartbreakers moonlight walked stopped running smiling happily sunny dimm'd untrimm'd ow'st grow'st wander'st`.split(
    /\s+/,
  ),
);

/** Park–Miller: a fixed sequence, so the sample is the same in every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function testWords(): Set<string> {
  const words = new Set<string>();
  const testDir = path.join(repoRoot, 'test', 'unit');
  for (const file of fs.readdirSync(testDir).filter((name) => /^ear.*\.test\.ts$/.test(name))) {
    for (const match of fs.readFileSync(path.join(testDir, file), 'utf8').matchAll(/[a-z']+/gi)) words.add(match[0].toLowerCase());
  }
  return words;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
}

function heldOutSample(dictionary: Dictionary): string[] {
  const excluded = new Set([...TUNING_WORDS, ...testWords()]);
  const offset = Math.floor(seededRandom(20260611)() * 10);
  const sample: string[] = [];
  let index = 0;
  for (const { word } of dictionary.entries()) {
    if (index++ % 10 === offset && /^[a-z]+(?:'[a-z]+)?$/.test(word) && !excluded.has(word)) sample.push(word);
  }
  return sample;
}

function fallbackFigures(dictionary: Dictionary): void {
  const sample = heldOutSample(dictionary);
  const ear = new Ear({ dictionary: dictionary.without(new Set(sample)) });
  const rows = {
    all: { words: 0, exact: 0, agrees: 0, baselineExact: 0, baselineAgrees: 0, withinOne: 0 },
    ranked: { words: 0, exact: 0, agrees: 0, baselineExact: 0, baselineAgrees: 0, withinOne: 0 },
  };
  const bySource = new Map<string, { words: number; agrees: number }>();
  for (const word of sample) {
    const variants = (dictionary.pronunciations(word) ?? []).map((phones) => Math.max(1, countSyllables(phones)));
    const reference = variants[0];
    if (reference === undefined) continue;
    const sound = ear.pronounce(word);
    if (!sound) continue;
    const guess = sound.syllables.common;
    const baseline = Math.max(1, syllable(word));
    const targets = dictionary.rank(word) === undefined ? [rows.all] : [rows.all, rows.ranked];
    for (const row of targets) {
      row.words++;
      if (guess === reference) row.exact++;
      if (variants.includes(guess)) row.agrees++;
      if (Math.abs(guess - reference) <= 1) row.withinOne++;
      if (baseline === reference) row.baselineExact++;
      if (variants.includes(baseline)) row.baselineAgrees++;
    }
    const source = bySource.get(sound.source) ?? { words: 0, agrees: 0 };
    source.words++;
    if (variants.includes(guess)) source.agrees++;
    bySource.set(sound.source, source);
  }
  console.log(`\nSyllables of held-out words, fallback path (no dictionary entry for the word) against CMUdict`);
  console.log(`  sample: every 10th CMUdict word (seeded offset), ${sample.length} words, tuning and test words left out`);
  for (const [name, row] of Object.entries(rows)) {
    console.log(
      `  ${name === 'all' ? 'all words (names included)' : 'common words (ranked)'}`.padEnd(34) +
        `${String(row.words).padStart(6)} words  exact ${percent(row.exact, row.words).padStart(7)}  any variant ${percent(row.agrees, row.words).padStart(7)}  ±1 ${percent(row.withinOne, row.words).padStart(7)}` +
        `   | syllable package alone: exact ${percent(row.baselineExact, row.words)}, any variant ${percent(row.baselineAgrees, row.words)}`,
    );
  }
  for (const [source, row] of bySource)
    console.log(`    by ${source.padEnd(10)} ${String(row.words).padStart(6)} words, any variant ${percent(row.agrees, row.words)}`);
}

interface VerseLine {
  readonly syllables: number;
  readonly letter: string;
  readonly text: string;
}

function readVerse(file: string): VerseLine[][] {
  const sections: VerseLine[][] = [[]];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line.trim() === '---') {
      sections.push([]);
      continue;
    }
    const match = /^(\d+) ([A-Z]+) (.+)$/.exec(line);
    if (!match) throw new Error(`${file}: cannot read "${line}"`);
    sections[sections.length - 1]?.push({ syllables: Number(match[1]), letter: match[2] ?? '', text: match[3] ?? '' });
  }
  return sections.filter((section) => section.length > 0);
}

function verseFigures(ear: Ear): void {
  const verseDir = path.join(repoRoot, 'bench', 'verse');
  console.log('\nPublic-domain verse (bench/verse): lines with the meter’s count, rhyming line pairs');
  const total = { lines: 0, exact: 0, inRange: 0, truePairs: 0, falsePairs: 0, missedPairs: 0, perfectTrue: 0, perfectFalse: 0, perfectMissed: 0 };
  for (const name of fs.readdirSync(verseDir).filter((file) => file.endsWith('.txt'))) {
    const row = { lines: 0, exact: 0, inRange: 0, truePairs: 0, falsePairs: 0, missedPairs: 0, perfectTrue: 0, perfectFalse: 0, perfectMissed: 0 };
    const misses: string[] = [];
    for (const section of readVerse(path.join(verseDir, name))) {
      const letters = ear.rhymeScheme(section.map((line) => line.text));
      section.forEach((line, i) => {
        const counted = ear.lineSyllables(line.text);
        row.lines++;
        if (counted.common === line.syllables) row.exact++;
        if (counted.min <= line.syllables && line.syllables <= counted.max) row.inRange++;
        else misses.push(`${counted.min === counted.max ? counted.min : `${counted.min}–${counted.max}`} for ${line.syllables}: ${line.text}`);
        for (let j = i + 1; j < section.length; j++) {
          const other = section[j];
          if (!other) continue;
          const expected = line.letter === other.letter;
          const found = letters[i] !== undefined && letters[i] === letters[j];
          if (expected && found) row.truePairs++;
          else if (found) row.falsePairs++;
          else if (expected) row.missedPairs++;
          // The same pairs judged by perfect rhymes (and repeated words) alone, for comparison.
          const a = ear.endWord(line.text)?.word ?? '';
          const b = ear.endWord(other.text)?.word ?? '';
          const kind = ear.rhymeKind(a, b);
          const perfect = kind === 'perfect' || kind === 'identical';
          if (expected && perfect) row.perfectTrue++;
          else if (perfect) row.perfectFalse++;
          else if (expected) row.perfectMissed++;
        }
      });
    }
    for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += row[key];
    printVerseRow(name.replace(/\.txt$/, ''), row);
    for (const miss of misses) console.log(`      count ${miss}`);
  }
  printVerseRow('all verse', total);
}

function printVerseRow(
  name: string,
  row: {
    lines: number;
    exact: number;
    inRange: number;
    truePairs: number;
    falsePairs: number;
    missedPairs: number;
    perfectTrue: number;
    perfectFalse: number;
    perfectMissed: number;
  },
): void {
  const precision = percent(row.truePairs, row.truePairs + row.falsePairs);
  const recall = percent(row.truePairs, row.truePairs + row.missedPairs);
  const perfectPrecision = percent(row.perfectTrue, row.perfectTrue + row.perfectFalse);
  const perfectRecall = percent(row.perfectTrue, row.perfectTrue + row.perfectMissed);
  console.log(
    `  ${name.padEnd(26)} ${String(row.lines).padStart(3)} lines: count exact ${percent(row.exact, row.lines).padStart(7)}, in range ${percent(row.inRange, row.lines).padStart(7)};` +
      ` pairs precision ${precision.padStart(7)}, recall ${recall.padStart(7)} (perfect only: ${perfectPrecision}, ${perfectRecall})`,
  );
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dataFolder, 'cmudict.txt'))) throw new Error('run `npm run build` first (dist/data is missing)');
  const dictionary = await loadLanguageData(dataFolder);
  fallbackFigures(dictionary);
  verseFigures(new Ear({ dictionary }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
