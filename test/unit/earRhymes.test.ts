import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { Ear, groupBySyllables, meterMismatches } from '../../src/core/ear';
import { builtDictionary } from './earHarness';

describe('ear: rhymes', () => {
  let ear: Ear;
  before(async () => {
    ear = new Ear({ dictionary: await builtDictionary() });
  });

  it('tells perfect, near and assonance apart, by the definitions of rhyme.ts', () => {
    assert.equal(ear.rhymeKind('heart', 'start'), 'perfect');
    assert.equal(ear.rhymeKind('lover', 'cover'), 'perfect');
    assert.equal(ear.rhymeKind('here', 'near'), 'perfect', 'IY R and IH R are one sound');
    assert.equal(ear.rhymeKind('time', 'line'), 'near', 'nasals are one family');
    assert.equal(ear.rhymeKind('heart', 'dark'), 'near', 'voiceless plosives');
    assert.equal(ear.rhymeKind('star', 'start'), 'near', 'a consonant added');
    assert.equal(ear.rhymeKind('night', 'moonlight'), 'near', 'a rhyme on a secondary stress');
    assert.equal(ear.rhymeKind('day', 'date'), 'assonance', 'an open vowel against a closed one');
    assert.equal(ear.rhymeKind('heart', 'hot'), 'assonance', 'R is never the consonant added or dropped: not near');
    assert.equal(ear.rhymeKind('love', 'enough'), 'assonance', 'V and F differ in voicing');
    assert.equal(ear.rhymeKind('heart', 'heart'), 'identical');
    assert.equal(ear.rhymeKind('爱', '来'), 'perfect', 'the same Chinese rhyme group (怀来)');
    assert.equal(ear.rhymeKind('心', '来'), undefined);
  });

  it('finds the rhymes of heart with common words first: start, part, art, apart, smart; no surnames', () => {
    const found = ear.findRhymes('heart');
    assert.ok(found);
    assert.deepEqual([found.word, found.pronunciation.join(' '), found.syllables.common, found.source], ['heart', 'HH AA1 R T', 1, 'dictionary']);
    assert.deepEqual(
      found.rhymes.slice(0, 5).map((rhyme) => rhyme.word),
      ['start', 'part', 'art', 'apart', 'smart'],
    );
    assert.ok(
      found.rhymes.slice(0, 16).every((rhyme) => rhyme.kind === 'perfect'),
      'perfect rhymes lead',
    );
    const words = found.rhymes.map((rhyme) => rhyme.word);
    for (const surname of ['ahart', 'bart', 'bossart', 'goulart', 'hartt']) assert.ok(!words.includes(surname), `${surname} is not offered`);
    assert.deepEqual(found.rhymes.length, 50, 'the default limit');
    assert.deepEqual(new Set(found.rhymes.map((rhyme) => rhyme.kind)), new Set(['perfect', 'near']), 'perfect and near rhymes fill 50');
    const assonance = ear.findRhymes('heart', { kinds: ['assonance'], limit: 5 })?.rhymes ?? [];
    assert.deepEqual(
      assonance.map((rhyme) => rhyme.kind),
      ['assonance', 'assonance', 'assonance', 'assonance', 'assonance'],
    );
  });

  it('groups rhymes by syllable count, and looks up words the dictionary lacks by their built sounds', () => {
    const found = ear.findRhymes('heart', { limit: 16, kinds: ['perfect'] });
    assert.deepEqual(
      groupBySyllables(found?.rhymes ?? []).map((group) => [group.syllables, group.rhymes.map((rhyme) => rhyme.word).slice(0, 4)]),
      [
        [1, ['start', 'part', 'art', 'smart']],
        [2, ['apart', 'restart', 'depart', 'impart']],
      ],
    );
    assert.deepEqual(
      ear.findRhymes('heartbreaker', { limit: 3 })?.rhymes.map((rhyme) => `${rhyme.word} ${rhyme.kind}`),
      ['maker near', 'acre near', 'taker near'],
    );
    assert.equal(ear.findRhymes('xzqj'), undefined, 'a word without sounds has no rhymes');
  });

  it('gives the rhyme scheme of a known stanza (Frost: AABA BBCB) and of a ballad (ABCB)', () => {
    assert.deepEqual(
      ear.rhymeScheme([
        'Whose woods these are I think I know.',
        'His house is in the village though;',
        'He will not see me stopping here',
        'To watch his woods fill up with snow.',
        'My little horse must think it queer',
        'To stop without a farmhouse near',
        'Between the woods and frozen lake',
        'The darkest evening of the year.',
      ]),
      ['A', 'A', 'B', 'A', 'B', 'B', 'C', 'B'],
    );
    assert.deepEqual(
      ear.rhymeScheme(['Mary had a little lamb,', 'Its fleece was white as snow;', 'And everywhere that Mary went', 'The lamb was sure to go.']),
      ['A', 'B', 'C', 'B'],
    );
    assert.deepEqual(ear.rhymeScheme(['Running out of time', '', 'out of line']), ['A', undefined, 'A'], 'near rhymes share a letter; an empty line has none');
  });
});

describe('ear: a song’s sections', () => {
  const SONG = [
    '---',
    'title: Paper Boats',
    '---',
    'Hello (hello)',
    '[Verse 1]',
    'Paper boats on a winter stream',
    '# a note',
    'Folded hopes and a borrowed dream',
    '',
    '[Chorus]',
    'Sail away, sail away',
    '[Verse 2]',
    'Candles burning down to the wick of the night',
    'Half a dream',
  ].join('\n');

  let ear: Ear;
  before(async () => {
    ear = new Ear({ dictionary: await builtDictionary() });
  });

  it('lists each section’s sung lines with syllables, end word and letter; the scheme restarts per section', () => {
    const sections = ear.sectionAnalysis(analyzeSong(SONG));
    assert.deepEqual(
      sections.map((section) => ({
        name: section.name,
        syllables: section.syllables,
        lines: section.lines.map((line) => `${line.line} ${line.syllables.common} ${line.rhyme ?? '-'} ${line.endWord?.word ?? ''}`),
      })),
      [
        { name: null, syllables: 2, lines: ['3 2 A Hello'] },
        { name: 'Verse 1', syllables: 16, lines: ['5 8 A stream', '7 8 A dream'] },
        { name: 'Chorus', syllables: 6, lines: ['10 6 A away'] },
        { name: 'Verse 2', syllables: 14, lines: ['12 11 A night', '13 3 B dream'] },
      ],
    );
  });

  it('flags a line whose count is further than the tolerance from the same line of the first section of that name', () => {
    const sections = ear.sectionAnalysis(analyzeSong(SONG));
    assert.deepEqual(
      meterMismatches(sections, 2).map((mismatch) => ({ line: mismatch.line, count: mismatch.syllables.common, against: mismatch.reference })),
      [
        { line: 12, count: 11, against: { line: 5, syllables: { min: 8, max: 8, common: 8 }, section: 'Verse 1' } },
        { line: 13, count: 3, against: { line: 7, syllables: { min: 8, max: 8, common: 8 }, section: 'Verse 1' } },
      ],
    );
    assert.deepEqual(
      meterMismatches(sections, 5).map((mismatch) => mismatch.line),
      [],
      'within the tolerance',
    );
  });
});
