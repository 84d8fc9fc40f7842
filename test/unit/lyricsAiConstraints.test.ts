/**
 * The words that keep a rewrite in shape (src/core/lyricsAi/constraints.ts)
 * and what a selection covers (shape.ts), with exact text.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { analyzeSong } from '../../src/core/analysis';
import { Ear, loadLanguageData } from '../../src/core/ear';
import { editPrompt, scopeSentence, sectionConstraint, sectionPhrase } from '../../src/core/lyricsAi/constraints';
import { scopePhrases, sectionsInLines, shapeOf } from '../../src/core/lyricsAi/shape';

describe('lyrics AI: constraint text', () => {
  it('says a section’s lines, syllables per line and rhyme scheme', () => {
    assert.equal(
      sectionConstraint({
        name: 'Chorus',
        lines: [
          { syllables: 8, rhyme: 'A' },
          { syllables: 8, rhyme: 'A' },
          { syllables: 7, rhyme: 'B' },
          { syllables: 8, rhyme: 'B' },
        ],
      }),
      '[Chorus]: 4 lines of 8, 8, 7, 8 syllables, rhyme scheme AABB.',
    );
  });

  it('names the lines before the first tag, marks a line without a word with -, and says nothing of an empty section', () => {
    assert.equal(
      sectionConstraint({
        name: null,
        lines: [
          { syllables: 5, rhyme: 'A' },
          { syllables: 0, rhyme: undefined },
        ],
      }),
      'The opening lines: 2 lines of 5, 0 syllables, rhyme scheme A-.',
    );
    assert.equal(sectionConstraint({ name: 'Outro', lines: [{ syllables: 1, rhyme: 'A' }] }), '[Outro]: 1 line of 1 syllable, rhyme scheme A.');
    assert.equal(sectionConstraint({ name: 'Inst', lines: [] }), undefined);
  });

  it('names sections, with an ordinal when the song has several of that name', () => {
    assert.equal(sectionPhrase('Verse 2'), 'the [Verse 2] section');
    assert.equal(sectionPhrase('Chorus', 2, 3), 'the second [Chorus] section');
    assert.equal(sectionPhrase('Chorus', 12, 12), 'the 12th [Chorus] section');
    assert.equal(sectionPhrase(null), 'the opening lines (before the first tag)');
  });

  it('scopes the change to one section or several', () => {
    assert.equal(scopeSentence(['the [Verse 2] section']), 'Change only the [Verse 2] section; keep every other line exactly as it is.');
    assert.equal(
      scopeSentence(['the [Verse 2] section', 'the [Pre-Chorus] section', 'the first [Chorus] section']),
      'Change only the [Verse 2] section, the [Pre-Chorus] section and the first [Chorus] section; keep every other line exactly as it is.',
    );
  });

  it('builds the whole edit prompt: instruction, scope, then the shape', () => {
    const prompt = editPrompt({
      instruction: '  make the chorus punchier ',
      scope: ['the [Chorus] section'],
      shape: [
        {
          name: 'Chorus',
          lines: [
            { syllables: 6, rhyme: 'A' },
            { syllables: 6, rhyme: 'A' },
          ],
        },
      ],
    });
    assert.deepEqual(prompt, {
      ok: true,
      prompt:
        'make the chorus punchier. Change only the [Chorus] section; keep every other line exactly as it is.\n\n' +
        'Keep the shape: the same number of lines in each section, the same syllables in each line and the same rhyme scheme.\n' +
        '[Chorus]: 2 lines of 6, 6 syllables, rhyme scheme AA.',
      shapeKept: 1,
      shapeDropped: 0,
    });
  });

  it('without scope or shape, the prompt is the instruction as typed (ending kept)', () => {
    assert.deepEqual(editPrompt({ instruction: 'continue with a bridge!' }), { ok: true, prompt: 'continue with a bridge!', shapeKept: 0, shapeDropped: 0 });
  });

  it('leaves out the sections whose shape would pass the limit, never the instruction', () => {
    const line = { syllables: 8, rhyme: 'A' };
    const shape = [
      { name: 'Verse 1', lines: [line, line] },
      { name: 'Verse 2', lines: [line, line] },
    ];
    const full = editPrompt({ instruction: 'rewrite', shape });
    assert.ok(full.ok);
    const limit = full.prompt.length - 1;
    const cut = editPrompt({ instruction: 'rewrite', shape }, limit);
    assert.ok(cut.ok);
    assert.equal(cut.shapeKept, 1);
    assert.equal(cut.shapeDropped, 1);
    assert.ok(cut.prompt.endsWith('[Verse 1]: 2 lines of 8, 8 syllables, rhyme scheme AA.'));

    assert.deepEqual(editPrompt({ instruction: 'x'.repeat(30) }, 20), {
      ok: false,
      reason: "the instruction is 30 characters; MiniMax's lyrics model takes at most 20",
    });
    assert.deepEqual(editPrompt({ instruction: 'x'.repeat(10), scope: ['the [Chorus] section'] }, 20), {
      ok: false,
      reason: "the instruction is 85 characters with the sections it names; MiniMax's lyrics model takes at most 20",
    });
    assert.deepEqual(editPrompt({ instruction: ' ' }), { ok: false, reason: 'the instruction is empty' });
  });
});

describe('lyrics AI: what a selection covers, and its shape from the ear', () => {
  const SONG = [
    '---', // 0
    'title: Night Drive', // 1
    'prompt: synthwave', // 2
    '---', // 3
    '[Verse 1]', // 4
    'The road is long', // 5
    'The night is strong', // 6
    '', // 7
    '[Chorus]', // 8
    'Drive all night', // 9
    '# a note', // 10
    'Hold me tight', // 11
    '', // 12
    '[Verse 2]', // 13
    'Lights go by', // 14
    'Stars in the sky', // 15
    '', // 16
    '[Chorus]', // 17
    'Drive all night', // 18
    '', // 19
  ].join('\n');
  const analysis = analyzeSong(SONG);

  it('finds the sections a selection touches (blank lines after a section belong to it), none in the front matter', () => {
    const names = (start: number, end: number): Array<string | undefined> => sectionsInLines(analysis, start, end).map((s) => s.tag?.inner);
    assert.deepEqual(names(14, 14), ['Verse 2']);
    assert.deepEqual(names(6, 9), ['Verse 1', 'Chorus']);
    assert.deepEqual(names(7, 7), ['Verse 1']);
    assert.deepEqual(names(1, 2), []);
    assert.deepEqual(names(0, 19), ['Verse 1', 'Chorus', 'Verse 2', 'Chorus']);
  });

  it('names a repeated section by its place', () => {
    assert.deepEqual(scopePhrases(analysis, sectionsInLines(analysis, 18, 18)), ['the second [Chorus] section']);
    assert.deepEqual(scopePhrases(analysis, sectionsInLines(analysis, 5, 5)), ['the [Verse 1] section']);
  });

  it('takes each line’s syllables and rhyme letter from the ear (comments and blank lines have none)', async function () {
    const dataFolder = path.resolve(__dirname, '../../../dist/data');
    const ear = new Ear({ dictionary: await loadLanguageData(dataFolder) });
    const sounds = ear.sectionAnalysis(analysis);
    assert.deepEqual(shapeOf(sounds, sectionsInLines(analysis, 9, 11)), [
      {
        name: 'Chorus',
        lines: [
          { syllables: 3, rhyme: 'A' },
          { syllables: 3, rhyme: 'A' },
        ],
      },
    ]);
    assert.deepEqual(
      shapeOf(sounds).map((section) => section.name),
      ['Verse 1', 'Chorus', 'Verse 2', 'Chorus'],
    );
    assert.deepEqual(shapeOf(sounds)[2], {
      name: 'Verse 2',
      lines: [
        { syllables: 3, rhyme: 'A' },
        { syllables: 4, rhyme: 'A' },
      ],
    });
  });
});
