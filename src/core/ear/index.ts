/**
 * The songwriter's ear: syllables, stress, rhymes and rhyme schemes, offline.
 * Pure TypeScript (node:fs for the data files, no vscode); the editor and the
 * CLI use this module and nothing below it.
 *
 * ## Loading (never on the typing path)
 * The data lives in dist/data/ (built by scripts/buildLanguageData.mjs:
 * CMUdict with commonness ranks, WordNet synonyms, Han rhyme groups).
 *
 *     const dictionary = await loadLanguageData(dataFolder);  // once per folder, shared; ~0.1 s, ~4 MB
 *     peekLanguageData(dataFolder);  // the dictionary if loaded, else undefined: never waits
 *     const thesaurus = await loadThesaurus(dataFolder);   // separately, for hovers and pickers
 *
 * In the editor the ear is a separate bundle, dist/ear.js (built from this
 * file, like dist/generateSong.js: `require(path.join(__dirname, 'ear.js'))
 * as typeof import('../core/ear')`), so dist/extension.js carries neither
 * this code nor the `syllable` package; its data folder is
 * `path.join(context.extensionPath, 'dist', 'data')`.
 *
 * ## Pronouncing, counting, rhyming
 *
 *     const { pronunciations, problems } = parseUserPronunciations(settingValue); // lyrics.pronunciations
 *     const ear = new Ear({ dictionary: peekLanguageData(dataFolder), pronunciations });
 *
 * Make a new Ear when the dictionary arrives or the setting changes; an Ear
 * remembers the words it has pronounced. Before the dictionary is there, an
 * Ear still counts (the user's pronunciations, then the `syllable` package's
 * heuristic), and rhymes by spelling only.
 *
 * - `ear.pronounce(word)` → `WordSound { word, phones: Phones[], syllables: { min, max, common }, source, hanGroup? }`;
 *   `source` is 'dictionary' | 'user' | 'rule' | 'heuristic'; `phones` are
 *   ARPAbet arrays, most common first (empty when only a count is known).
 *   `stressPattern(phones)` gives `da-DUM`.
 * - `ear.lineSyllables(text)` → `LineSyllables { min, max, common, cues: { min, max, common }, words: LineWord[] }`,
 *   each `LineWord { word, start, end, syllables, split?, source, cue, sound }`
 *   (UTF-16 offsets in the line; `split` cuts a word of several syllables for
 *   a tooltip). Words in parentheses are cues, counted apart.
 *   `formatSyllables(line)` prints `8`, `7–8`, `8 (+2)`.
 * - `ear.endWord(text)` → the LineWord a line rhymes on.
 * - `ear.rhymeKind(a, b)` → 'identical' | 'perfect' | 'near' | 'assonance' | undefined
 *   (definitions in rhyme.ts, for the README).
 * - `ear.rhymeScheme(lines)` → one letter per line (A, B, … in order of
 *   first appearance; undefined for a line without a word).
 * - `ear.sectionAnalysis(analysis)` → `SectionSounds[]` over
 *   `analysis.structure.sections`: `{ section, name, syllables, lines: SungLine[] }`,
 *   `SungLine { line, text, syllables, endWord, rhyme }` (only sung lines;
 *   the scheme restarts in each section).
 * - `meterMismatches(sections, tolerance)` → the sung lines whose count is
 *   more than `tolerance` from line n of the first earlier section of the
 *   same name (ranges compared by their distance: 0 when they overlap).
 * - `ear.findRhymes(word, { limit = 50, kinds })` → `RhymeList { word, pronunciation, syllables, source, rhymes: Rhyme[] }`,
 *   `Rhyme { word, syllables, kind, rank }`, best kind first, then common
 *   words first; only words the frequency list ranks. Undefined before the
 *   dictionary loads or for a word without phones. `groupBySyllables(rhymes)`
 *   groups them for a picker. The index is built on the first call
 *   (~0.5 s once), later calls take about a millisecond.
 * - `ear.rhymingSynonyms(word, rhymeWith, thesaurus)`; `thesaurus.synonyms(word)`.
 */
export { Ear, type EarOptions, type RhymeList } from './ear';
export { Dictionary, findDataFolder, loadLanguageData, peekLanguageData, DATA_FILES } from './data';
export { formatSyllables, type LineSyllables, type LineWord } from './line';
export { stressPattern, parseArpabet, countSyllables, type Phones } from './phonemes';
export { parseUserPronunciations, type PronunciationSource, type SyllableCount, type UserPronunciations, type WordSound } from './pronounce';
export { RHYME_KINDS, schemeLetter, type RhymeKind } from './rhyme';
export { groupBySyllables, prepareRhymeIndex, type Rhyme, type RhymeOptions } from './rhymes';
export { countDistance, meterMismatches, type MeterMismatch, type SectionSounds, type SungLine } from './song';
export { loadThesaurus, peekThesaurus, Thesaurus, type PartOfSpeech, type SynonymSet } from './synonyms';
