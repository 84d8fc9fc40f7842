import { strict as assert } from 'node:assert';
import { Ear, formatSyllables, parseUserPronunciations, stressPattern } from '../../src/core/ear';
import { builtDictionary } from './earHarness';

describe('ear: pronouncing words', () => {
  let ear: Ear;
  before(async () => {
    ear = new Ear({ dictionary: await builtDictionary() });
  });

  const sound = (word: string) => {
    const found = ear.pronounce(word);
    assert.ok(found, `no sound for ${word}`);
    return { syllables: found.syllables, source: found.source, phones: found.phones.map((phones) => phones.join(' ')) };
  };

  it('g-dropping: lovin’ is loving with the final NG sung as N (not CMUdict’s surname lovin)', () => {
    assert.deepEqual(sound("lovin'"), { syllables: { min: 2, max: 2, common: 2 }, source: 'dictionary', phones: ['L AH1 V IH0 N'] });
    assert.deepEqual(sound('Lovin’'), sound("lovin'"), 'a curly apostrophe and a capital change nothing');
    assert.deepEqual(sound('lovin').phones, ['L AH1 V IH0 N'], 'written without the apostrophe too');
    assert.deepEqual(sound("cryin'").phones, ['K R AY1 IH0 N']);
    assert.deepEqual(sound("nothin'").phones, ['N AH1 TH IH0 N']);
    assert.deepEqual(sound('cousin').phones, ['K AH1 Z AH0 N'], 'a real word ending in -in stays itself');
  });

  it('sung forms: ’cause, gonna, tryna, stretched words, poetic elision', () => {
    assert.deepEqual(sound("'cause"), { syllables: { min: 1, max: 1, common: 1 }, source: 'dictionary', phones: ['K AH0 Z'] });
    assert.deepEqual(sound('‘cause').phones, ['K AH0 Z']);
    assert.deepEqual(sound('gonna'), { syllables: { min: 2, max: 2, common: 2 }, source: 'dictionary', phones: ['G AA1 N AH0'] });
    assert.deepEqual(sound('tryna'), { syllables: { min: 2, max: 2, common: 2 }, source: 'rule', phones: ['T R AY1 N AH0'] });
    assert.deepEqual(sound('sooo').phones, ['S OW1']);
    assert.deepEqual(sound('yeahhh').phones, ['Y AE1']);
    assert.deepEqual(sound("ev'ry").syllables, { min: 2, max: 2, common: 2 });
    assert.deepEqual(sound("heav'n"), { syllables: { min: 1, max: 1, common: 1 }, source: 'rule', phones: ['HH EH1 V N'] });
  });

  it('counts are ranges where pronunciations disagree: every 2–3, fire 1–2 (the common one first)', () => {
    assert.deepEqual(sound('every'), { syllables: { min: 2, max: 3, common: 3 }, source: 'dictionary', phones: ['EH1 V ER0 IY0', 'EH1 V R IY0'] });
    assert.deepEqual(sound('fire'), { syllables: { min: 1, max: 2, common: 2 }, source: 'dictionary', phones: ['F AY1 ER0', 'F AY1 R'] });
  });

  it('compounds and endings on known words: heartbreaker, sunkissed, dimm’d, wander’st', () => {
    assert.deepEqual(sound('heartbreaker'), { syllables: { min: 3, max: 3, common: 3 }, source: 'rule', phones: ['HH AA1 R T B R EY2 K ER0'] });
    assert.deepEqual(sound('sunkissed'), { syllables: { min: 2, max: 2, common: 2 }, source: 'rule', phones: ['S AH1 N K IH2 S T'] });
    assert.deepEqual(sound("dimm'd").phones, ['D IH1 M D']);
    assert.deepEqual(sound("wander'st").syllables, { min: 2, max: 2, common: 2 });
    assert.deepEqual(sound('heartbreakers').phones, ['HH AA1 R T B R EY2 K ER0 Z']);
  });

  it('numbers are sung as words; unknown words fall back on the heuristic count', () => {
    assert.deepEqual(sound('24').syllables, { min: 3, max: 3, common: 3 });
    assert.deepEqual(sound('1999').syllables, { min: 5, max: 5, common: 5 }, 'nineteen ninety nine');
    assert.deepEqual(sound('zorbulating'), { syllables: { min: 4, max: 4, common: 4 }, source: 'heuristic', phones: [] });
  });

  it('stress patterns read as a songwriter reads them', () => {
    assert.equal(stressPattern(ear.pronounce('away')?.phones[0] ?? []), 'da-DUM');
    assert.equal(stressPattern(ear.pronounce('heartbreaker')?.phones[0] ?? []), 'DUM-dum-da');
    assert.equal(stressPattern(ear.pronounce('heart')?.phones[0] ?? []), 'DUM');
  });

  it('the user’s pronunciations override everything: phones or a count', () => {
    const { pronunciations, problems } = parseUserPronunciations({ fire: 1, Lovin: 'L AH1 V N', Skrrt: 'S K ER1 T', bad: 'XX YY', zero: 0 });
    assert.deepEqual(problems, [
      '"bad": "XX YY" is neither ARPAbet phones (like "T R AY1 N AH0") nor a syllable count',
      '"zero": a syllable count must be a whole number from 1 to 20',
    ]);
    const own = new Ear({ dictionary: ear.dictionary, pronunciations });
    assert.deepEqual(own.pronounce('fire')?.syllables, { min: 1, max: 1, common: 1 });
    assert.equal(own.pronounce('fire')?.source, 'user');
    assert.deepEqual(own.pronounce('fire')?.phones.length, 2, 'a count alone keeps the dictionary’s sounds for rhyming');
    assert.deepEqual(own.pronounce('lovin')?.phones, [['L', 'AH1', 'V', 'N']]);
    assert.deepEqual(own.pronounce('skrrt')?.syllables, { min: 1, max: 1, common: 1 });
  });
});

describe('ear: lines', () => {
  let ear: Ear;
  before(async () => {
    ear = new Ear({ dictionary: await builtDictionary() });
  });

  const summary = (text: string) => {
    const line = ear.lineSyllables(text);
    return { shown: formatSyllables(line), words: line.words.map((word) => `${word.word}:${word.syllables.common}${word.cue ? ' (cue)' : ''}`) };
  };

  it('counts a line word by word, with offsets, splits and sources', () => {
    const line = ear.lineSyllables('Paper boats on a winter stream');
    assert.deepEqual([line.min, line.max, line.common], [8, 8, 8]);
    assert.deepEqual(
      line.words.map(({ word, start, end, split, source }) => ({ word, start, end, split, source })),
      [
        { word: 'Paper', start: 0, end: 5, split: ['Pa', 'per'], source: 'dictionary' },
        { word: 'boats', start: 6, end: 11, split: undefined, source: 'dictionary' },
        { word: 'on', start: 12, end: 14, split: undefined, source: 'dictionary' },
        { word: 'a', start: 15, end: 16, split: undefined, source: 'dictionary' },
        { word: 'winter', start: 17, end: 23, split: ['win', 'ter'], source: 'dictionary' },
        { word: 'stream', start: 24, end: 30, split: undefined, source: 'dictionary' },
      ],
    );
  });

  it('slang and contractions in a line; cues in parentheses are counted apart', () => {
    assert.deepEqual(summary("I'm cryin' 'cause I'm gonna miss you (oh, oh)"), {
      shown: '9 (+2)',
      words: ["I'm:1", "cryin':2", "'cause:1", "I'm:1", 'gonna:2', 'miss:1', 'you:1', 'oh:1 (cue)', 'oh:1 (cue)'],
    });
    assert.deepEqual(summary('Heartbreaker, every fire (ooh)').shown, '6–8 (+1)');
    assert.equal(ear.endWord('Heartbreaker, every fire (ooh)')?.word, 'fire', 'the end word is the last one outside the cue');
    assert.equal(ear.endWord('(ooh, ahh)')?.word, 'ahh', 'a line that is all cue ends on its last word');
  });

  it('Han characters are one syllable each; a mixed line counts each script its own way', () => {
    assert.deepEqual(summary('我爱你中国'), { shown: '5', words: ['我:1', '爱:1', '你:1', '中:1', '国:1'] });
    assert.deepEqual(summary('我们 love the night'), { shown: '5', words: ['我:1', '们:1', 'love:1', 'the:1', 'night:1'] });
    assert.deepEqual(summary('사랑해 baby').shown, '5', 'a Hangul block is a syllable');
    assert.deepEqual(summary('ありがとう').shown, '5', 'kana count by mora');
  });

  it('without the dictionary (still loading) a line is counted by the heuristic, never waits', () => {
    const early = new Ear();
    const line = early.lineSyllables("Heartbreaker, I'm lovin' you");
    assert.deepEqual([line.common, line.words.map((word) => word.source)], [7, ['heuristic', 'heuristic', 'heuristic', 'heuristic']]);
    assert.equal(early.findRhymes('heart'), undefined, 'no rhymes before the dictionary');
  });
});
