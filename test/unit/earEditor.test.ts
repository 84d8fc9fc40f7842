import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { Ear, meterMismatches, type Rhyme, type SectionSounds } from '../../src/core/ear';
import { songSymbols } from '../../src/core/symbols';
import {
  commandLink,
  escapeMarkdown,
  hintLabel,
  hintsInRange,
  hintTooltip,
  meterProblems,
  previousSungLine,
  rhymeColours,
  rhymeGroups,
  rhymePickEntries,
  rhymeSortText,
  wordAt,
  wordHoverMarkdown,
  wordStartBefore,
} from '../../src/extension/ear/presentation';
import { builtDictionary } from './earHarness';

const SONG = [
  '---', // 0
  'title: Paper Boats', // 1
  'prompt: Folk ballad', // 2
  '---', // 3
  '[Verse 1]', // 4
  'Paper boats on a winter stream', // 5
  'Every wish we ever made', // 6
  '# a note', // 7
  '', // 8
  'Folded up inside a dream (oh oh)', // 9
  'Sailing out before they fade', // 10
  '[Chorus]', // 11
  'Let them go', // 12
  'Let them go', // 13
  '[Verse 2]', // 14
  'All the paper boats we sent down the river to the sea', // 15
  'Every wish', // 16
].join('\n');

const BOTH = { syllables: true, rhymeLetters: true };

describe('the ear in the editor: hints, colours, meter, rhymes (presentation)', () => {
  let ear: Ear;
  let sections: SectionSounds[];
  before(async () => {
    ear = new Ear({ dictionary: await builtDictionary() });
    sections = ear.sectionAnalysis(analyzeSong(SONG));
  });

  const line = (number: number) => {
    const found = sections.flatMap((section) => section.lines).find((sung) => sung.line === number);
    assert.ok(found, `line ${number} is not sung`);
    return found;
  };

  it('labels each sung line (and only sung lines) with its syllables and rhyme letter: ranges, cues apart', () => {
    assert.deepEqual(
      hintsInRange(sections, 0, 100, BOTH).map(({ line: sung, label }) => [sung.line, label]),
      [
        [5, '8 · A'],
        [6, '7–8 · B'],
        [9, '7 (+2) · A'],
        [10, '7 · B'],
        [12, '3 · A'],
        [13, '3 · A'],
        [15, '14 · A'],
        [16, '3–4 · B'],
      ],
    );
  });

  it('gives hints only for the requested lines, and only the parts the settings ask for', () => {
    assert.deepEqual(
      hintsInRange(sections, 9, 12, { syllables: false, rhymeLetters: true }).map(({ line: sung, label }) => [sung.line, label]),
      [
        [9, 'A'],
        [10, 'B'],
        [12, 'A'],
      ],
    );
    assert.equal(hintLabel(line(9), { syllables: true, rhymeLetters: false }), '7 (+2)');
    assert.equal(hintLabel(line(9), { syllables: false, rhymeLetters: false }), undefined);
  });

  it('a line without a word gets no hint', () => {
    const [section] = new Ear().sectionAnalysis(analyzeSong('[Verse]\n…\nla la'));
    assert.deepEqual(
      hintsInRange(section ? [section] : [], 0, 10, BOTH).map(({ line: sung, label }) => [sung.line, label]),
      [[2, '2 · A']],
    );
  });

  it('the tooltip splits the line into syllables word by word, with ranges, cues and the rhyme', () => {
    assert.equal(hintTooltip(line(5), true), '**8 syllables** · rhyme **A** on _stream_\n\nPa·per boats on a win·ter stream');
    assert.equal(hintTooltip(line(6), true), '**7–8 syllables** · most often 8 · rhyme **B** on _made_\n\nE·ve·ry (2–3) wish we e·ver made');
    assert.equal(
      hintTooltip(line(9), true),
      '**7 syllables** · +2 in parentheses (cues, counted apart) · rhyme **A** on _dream_\n\nFol·ded up in·side a dream \\(oh oh\\)',
    );
  });

  it('the tooltip closes a cue in the middle of a line where it ends', () => {
    const [section] = ear.sectionAnalysis(analyzeSong('[Verse]\nLet them go (oh oh) tonight'));
    assert.ok(section?.lines[0]);
    assert.match(hintTooltip(section.lines[0], true), /\n\nLet them go \\\(oh oh\\\) to·night$/);
  });

  it('the tooltip marks words counted from their spelling, and says when the dictionary is still loading', () => {
    const [section] = new Ear({ dictionary: ear.dictionary }).sectionAnalysis(analyzeSong('[Verse]\nblorptastic night'));
    const sung = section?.lines[0];
    assert.ok(sung);
    assert.equal(
      hintTooltip(sung, true),
      '**4 syllables** · rhyme **A** on _night_\n\n_blorp·tas·tic_ night\n\n_Italics_: not in the dictionary, counted from the spelling (hover the word to set its pronunciation).',
    );
    const [early] = new Ear().sectionAnalysis(analyzeSong('[Verse]\nPaper boats'));
    assert.ok(early?.lines[0]);
    assert.match(hintTooltip(early.lines[0], false), /\n\n_Counted from the spelling while the dictionary loads\._$/);
  });

  it('colours the end words of rhyme groups by letter (A the first colour), leaving lines that rhyme with nothing plain', () => {
    assert.deepEqual(rhymeColours(sections, 6), [
      { line: 5, start: 24, end: 30, colour: 0 },
      { line: 6, start: 19, end: 23, colour: 1 },
      { line: 9, start: 19, end: 24, colour: 0 },
      { line: 10, start: 24, end: 28, colour: 1 },
      { line: 12, start: 9, end: 11, colour: 0 },
      { line: 13, start: 9, end: 11, colour: 0 },
    ]);
    // Verse 2's A (sea) and B (wish) have one line each: no colour. Past the palette the colours cycle.
    const [many] = ear.sectionAnalysis(analyzeSong('[Verse]\nday\nnight\nsun\nday\nnight\nsun'));
    assert.deepEqual(
      rhymeColours(many ? [many] : [], 2).map((word) => word.colour),
      [0, 1, 0, 0, 1, 0],
    );
  });

  it('meter check: names both lines and both counts, ranges compared by their distance', () => {
    assert.deepEqual(meterProblems(sections, meterMismatches(sections, 2), 2), [
      { line: 15, message: 'Line 1 of [Verse 2] has 14 syllables, line 1 of [Verse 1] has 8 (more than 2 apart).' },
      { line: 16, message: 'Line 2 of [Verse 2] has 3–4 syllables, line 2 of [Verse 1] has 7–8 (more than 2 apart).' },
    ]);
    assert.deepEqual(meterProblems(sections, meterMismatches(sections, 5), 5), [
      { line: 15, message: 'Line 1 of [Verse 2] has 14 syllables, line 1 of [Verse 1] has 8 (more than 5 apart).' },
    ]);
  });

  it('orders rhymes by tier, then syllables, then commonness; the picker has a separator per group, rhyming synonyms first', () => {
    const rhymes: Rhyme[] = [
      { word: 'extreme', syllables: 2, kind: 'perfect', rank: 1739 },
      { word: 'seen', syllables: 1, kind: 'near', rank: 300 },
      { word: 'dream', syllables: 1, kind: 'perfect', rank: 952 },
      { word: 'seem', syllables: 1, kind: 'perfect', rank: 155 },
      { word: 'me', syllables: 1, kind: 'assonance', rank: 10 },
    ];
    assert.deepEqual(rhymes.map(rhymeSortText), ['002001739', '101000300', '001000952', '001000155', '201000010']);
    assert.deepEqual(
      rhymeGroups(rhymes).map((group) => [group.kind, group.syllables, group.rhymes.map((rhyme) => rhyme.word)]),
      [
        ['perfect', 1, ['seem', 'dream']],
        ['perfect', 2, ['extreme']],
        ['near', 1, ['seen']],
        ['assonance', 1, ['me']],
      ],
    );
    assert.deepEqual(rhymePickEntries(rhymes, { of: 'wish', rhymeWith: 'made', words: [{ word: 'desire', syllables: 2 }] }), [
      { separator: 'Synonyms of “wish” that rhyme with “made”' },
      { word: 'desire', description: '2 syllables' },
      { separator: 'Perfect rhymes · 1 syllable' },
      { word: 'seem', description: '1 syllable' },
      { word: 'dream', description: '1 syllable' },
      { separator: 'Perfect rhymes · 2 syllables' },
      { word: 'extreme', description: '2 syllables' },
      { separator: 'Near rhymes · 1 syllable' },
      { word: 'seen', description: '1 syllable' },
      { separator: 'Assonance · 1 syllable' },
      { word: 'me', description: '1 syllable' },
    ]);
    assert.deepEqual(rhymePickEntries([], { of: 'wish', rhymeWith: 'made', words: [] }), [], 'no empty synonym group');
  });

  it('the word hover: pronunciations with stress, syllables, rhymes, synonyms, and the link that sets a pronunciation', () => {
    assert.equal(
      wordHoverMarkdown({
        written: 'every',
        source: 'dictionary',
        syllables: { min: 2, max: 3, common: 3 },
        split: ['ev', 'er', 'y'],
        pronunciations: [
          { phones: 'EH1 V ER0 IY0', stress: 'DUM-da-da' },
          { phones: 'EH1 V R IY0', stress: 'DUM-da' },
        ],
        rhymes: [
          { word: 'heavenly', syllables: 3, kind: 'perfect', rank: 9000 },
          { word: 'memory', syllables: 3, kind: 'near', rank: 800 },
        ],
        synonyms: [{ word: 'each', syllables: { min: 1, max: 1, common: 1 } }],
        setPronunciationLink: commandLink('lyrics.setPronunciation', ['every']),
      }),
      [
        '**every** · `EH1 V ER0 IY0` · DUM-da-da',
        '2–3 syllables: ev·er·y (CMUdict)',
        'Also: `EH1 V R IY0` DUM-da',
        'Rhymes: perfect heavenly (3) · near memory (3)',
        'Synonyms: each (1)',
        `[Set pronunciation…](command:lyrics.setPronunciation?%5B%22every%22%5D "Write this word's pronunciation or syllable count into lyrics.pronunciations")`,
      ].join('\n\n'),
    );
  });

  it('escapes the user’s words in Markdown, so a line cannot inject links or formatting', () => {
    assert.equal(escapeMarkdown('[click](command:x) *b* _i_ `c` <b>'), '\\[click\\]\\(command:x\\) \\*b\\* \\_i\\_ \\`c\\` \\<b\\>');
  });

  it('finds the word at the cursor, the word being typed, and the previous sung line of a section', () => {
    const words = ear.lineSyllables("Heartbreaker lovin' every night").words;
    assert.equal(wordAt(words, 13, false)?.word, "lovin'");
    assert.equal(wordAt(words, 19, false), undefined, 'after a word, a hover finds none');
    assert.equal(wordAt(words, 19, true)?.word, "lovin'", 'a cursor just after a word is on it');
    assert.equal(wordStartBefore('Folded up inside a dr', 21), 19);
    assert.equal(wordStartBefore('Folded up inside a ', 19), 19);
    assert.equal(wordStartBefore("Sailing out lovin'", 18), 12);
    const analysis = analyzeSong(SONG);
    const kind = (number: number) => analysis.lineKind(number);
    assert.equal(previousSungLine(kind, 9), 6, 'across a comment and a blank line');
    assert.equal(previousSungLine(kind, 12), undefined, 'not across a tag');
    assert.equal(previousSungLine(kind, 13), 12);
  });

  it('a line looks back at most 32 lines for its rhyme (a huge section would otherwise cost every line against every earlier one)', () => {
    const scheme = (between: number) => ear.rhymeScheme(['day', ...Array<string>(between).fill('stop'), 'way']).at(-1);
    assert.equal(scheme(31), 'A', 'day is 32 lines back: heard');
    assert.equal(scheme(32), 'C', 'day is 33 lines back: a new letter');
  });

  it('the Outline gains the sections’ syllables when the ear has them', () => {
    const analysis = analyzeSong(SONG);
    const heard = new Map(ear.sectionAnalysis(analysis).map((section) => [section.section, section.syllables]));
    const details = (syllables?: Parameters<typeof songSymbols>[1]) =>
      songSymbols(analysis, syllables)
        .filter((symbol) => symbol.kind === 'section')
        .map((symbol) => `${symbol.name} ${symbol.detail}`);
    assert.deepEqual(
      details((section) => heard.get(section)),
      ['[Verse 1] 4 lines · 30 syl · 113 chars', '[Chorus] 2 lines · 6 syl · 22 chars', '[Verse 2] 2 lines · 18 syl · 63 chars'],
    );
    assert.deepEqual(details(), ['[Verse 1] 4 lines · 113 chars', '[Chorus] 2 lines · 22 chars', '[Verse 2] 2 lines · 63 chars']);
  });
});
