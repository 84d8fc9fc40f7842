import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { lintLyrics } from '../../src/core/lint';
import { closeMatches } from '../../src/core/suggest';
import { SETTING_KEYS } from '../../src/core/schema';
import { normalizeKey } from '../../src/core/lint';
import { suggestTags } from '../../src/core/tags';

const song = ['---', 'prompt: pop', '---', 'intro words', '[Verse 1]', 'one two  ', '# a note', '', 'three', '', '[chorus]', '[Vrese]', 'la'].join('\n');

describe('analysis: one model per document version', () => {
  it('holds the same lint as lintLyrics and the payload once', () => {
    const analysis = analyzeSong(song, { defaultProvider: 'minimax' });
    assert.deepEqual(analysis.lint, lintLyrics(song, { defaultProvider: 'minimax' }));
    assert.equal(analysis.prompt, 'pop');
    assert.equal(analysis.lyrics.text, 'intro words\n[Verse 1]\none two\n\nthree\n\n[chorus]\n[Vrese]\nla');
  });

  it('classifies every body line and leaves the front matter unclassified', () => {
    const analysis = analyzeSong(song);
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((line) => analysis.lineKind(line)),
      [undefined, undefined, undefined, 'lyric', 'tag', 'lyric', 'comment', 'blank', 'lyric', 'blank', 'tag', 'tag', 'lyric'],
    );
  });

  it('splits the song into sections: lines before the first tag, then one per tag, with sung lines and characters', () => {
    const { sections } = analyzeSong(song).structure;
    assert.deepEqual(
      sections.map((s) => [s.tag?.inner, s.startLine, s.endLine, s.lyricLines, s.sungCharacters]),
      [
        [undefined, 3, 3, [3], 11],
        ['Verse 1', 4, 8, [5, 8], 12],
        ['chorus', 10, 10, [], 0],
        ['Vrese', 11, 12, [12], 2],
      ],
    );
    const [, verse, chorus, unknown] = sections;
    assert.deepEqual([verse?.tag?.name, verse?.tag?.number, verse?.tag?.known, verse?.tag?.canonical], ['Verse', 1, true, 'Verse']);
    assert.deepEqual([chorus?.tag?.known, chorus?.tag?.canonical], [true, 'Chorus']);
    assert.deepEqual([unknown?.tag?.known, unknown?.tag?.canonical], [false, undefined]);
  });

  it('builds the structure only when read', () => {
    const analysis = analyzeSong(song);
    const descriptor = Object.getOwnPropertyDescriptor(analysis, 'structure');
    assert.equal(typeof descriptor?.get, 'function');
    assert.equal(analysis.structure, analysis.structure, 'computed once, then the same object');
  });

  it('an unterminated front matter has no lyrics lines', () => {
    const analysis = analyzeSong('---\nprompt: x\n[Verse]\nla');
    assert.deepEqual(analysis.structure.sections, []);
    assert.equal(analysis.lineKind(2), undefined);
  });

  it('a BOM before a tag on the first line still makes it a tag', () => {
    assert.equal(analyzeSong('\uFEFF[Verse]\nla').lineKind(0), 'tag');
  });
});

describe('suggestions only when something is close (TypeScript’s cut-off)', () => {
  const keys = (input: string) => closeMatches(input, SETTING_KEYS, normalizeKey).map((m) => m.candidate);
  it('setting keys', () => {
    assert.deepEqual(keys('foo'), []);
    assert.deepEqual(keys('promt'), ['prompt']);
    assert.deepEqual(keys('lyricsOptimizer'), ['lyrics_optimizer']);
    assert.deepEqual(keys('sample-rate'), ['sample_rate']);
    assert.deepEqual(keys('xyzzy'), []);
  });

  it('tags, keeping the number, one spelling per tag', () => {
    assert.deepEqual(suggestTags('xyzzy'), []);
    assert.deepEqual(suggestTags('Vrese 2'), ['Verse 2']);
    assert.deepEqual(suggestTags('chrous'), ['Chorus']);
    assert.deepEqual(suggestTags('prechorus'), ['Pre Chorus', 'Chorus'], 'closest first');
    assert.deepEqual(suggestTags('outor'), ['Outro']);
  });

  it('the lint says "Did you mean" only for a close one', () => {
    const messages = lintLyrics('---\nprompt: p\nfoo: 1\npromt: x\n---\n[xyzzy]\n[Chrous]\nla').diagnostics.map((d) => d.message);
    assert.deepEqual(messages, [
      'Unknown setting "foo".',
      'Unknown setting "promt". Did you mean "prompt"?',
      'Unknown structure tag "[xyzzy]".',
      'Unknown structure tag "[Chrous]". Did you mean "[Chorus]"?',
    ]);
  });
});
