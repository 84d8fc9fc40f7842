import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { BEFORE_FIRST_TAG, shortValue, songSymbols, type SongSymbol } from '../../src/core/symbols';
import type { Range } from '../../src/core/text';

const join = (...lines: string[]): string => lines.join('\n');

/** [startLine, startCharacter, endLine, endCharacter] */
const at = (range: Range): number[] => [range.start.line, range.start.character, range.end.line, range.end.character];

const outline = (symbol: SongSymbol): unknown => ({
  name: symbol.name,
  detail: symbol.detail,
  kind: symbol.kind,
  range: at(symbol.range),
  selection: at(symbol.selectionRange),
  ...(symbol.children.length > 0 ? { children: symbol.children.map(outline) } : {}),
});

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

const SONG = join(
  '---', // 0
  'title: Summer Road Trip', // 1
  'prompt: >-', // 2
  '  Upbeat indie pop,', // 3
  '  118 BPM', // 4
  'is_instrumental: false', // 5
  '---', // 6
  'hey hey', // 7
  '[Verse]', // 8
  'Windows down 🎸', // 9
  '# a note', // 10
  '', // 11
  'Chasing the sun  ', // 12
  '', // 13
  '[ pre chorus  2]', // 14
  '', // 15
  '[Vrese]', // 16
  'la', // 17
  '# trailing note', // 18
  '', // 19
);

describe('song symbols (outline, breadcrumbs, sticky scroll, Go to Symbol)', () => {
  it('gives the front matter with its keys, then each section with its sung lines and characters', () => {
    assert.deepEqual(songSymbols(analyzeSong(SONG)).map(outline), [
      {
        name: 'Front matter',
        detail: '3 settings',
        kind: 'frontMatter',
        range: [0, 0, 6, 3],
        selection: [0, 0, 0, 3],
        children: [
          { name: 'title', detail: 'Summer Road Trip', kind: 'setting', range: [1, 0, 1, 23], selection: [1, 0, 1, 5] },
          { name: 'prompt', detail: 'Upbeat indie pop, 118 BPM', kind: 'setting', range: [2, 0, 4, 9], selection: [2, 0, 2, 6] },
          { name: 'is_instrumental', detail: 'false', kind: 'setting', range: [5, 0, 5, 22], selection: [5, 0, 5, 15] },
        ],
      },
      { name: BEFORE_FIRST_TAG, detail: '1 line · 7 chars', kind: 'section', range: [7, 0, 7, 7], selection: [7, 0, 7, 7] },
      // "Windows down 🎸" is 14 code points, "Chasing the sun" 15 as sent (its trailing spaces are not).
      { name: '[Verse]', detail: '2 lines · 29 chars', kind: 'section', range: [8, 0, 12, 17], selection: [8, 0, 8, 7] },
      { name: '[pre chorus 2]', detail: 'empty', kind: 'section', range: [14, 0, 14, 16], selection: [14, 0, 14, 16] },
      { name: '[Vrese]', detail: '1 line · 2 chars', kind: 'section', range: [16, 0, 18, 15], selection: [16, 0, 16, 7] },
    ]);
  });

  it('nests properly: every selection range in its range, every child in its parent, siblings in order without overlap', () => {
    const check = (symbols: readonly SongSymbol[], parent?: SongSymbol): void => {
      symbols.forEach((symbol, i) => {
        assert.ok(contains(symbol.range, symbol.selectionRange), symbol.name);
        if (parent) assert.ok(contains(parent.range, symbol.range), `${symbol.name} in ${parent.name}`);
        const previous = symbols[i - 1];
        if (previous)
          assert.ok(contains({ start: previous.range.start, end: symbol.range.start }, previous.range), `${previous.name} ends before ${symbol.name}`);
        check(symbol.children, symbol);
      });
    };
    check(songSymbols(analyzeSong(SONG)));
  });

  it('counts thousands with a separator', () => {
    const [verse] = songSymbols(analyzeSong(`[Verse]\n${'a'.repeat(1234)}`));
    assert.equal(verse?.detail, '1 line · 1,234 chars');
  });

  it('has no symbol for comments and blank lines before the first tag, and none for a song without front matter', () => {
    assert.deepEqual(
      songSymbols(analyzeSong(join('# just notes', '', '[Chorus]', 'la'))).map((s) => s.name),
      ['[Chorus]'],
    );
  });

  it('shows an unclosed front matter as one symbol to the end (it is all front matter being typed), and a broken one with what was read', () => {
    assert.deepEqual(songSymbols(analyzeSong(join('---', 'prompt: p', '[Verse]', 'la'))).map(outline), [
      { name: 'Front matter', detail: 'not closed', kind: 'frontMatter', range: [0, 0, 3, 2], selection: [0, 0, 0, 3] },
    ]);
    const [broken] = songSymbols(analyzeSong(join('---', 'prompt: a', 'prompt: b', '---', 'la')));
    assert.equal(broken?.detail, 'YAML error');
    assert.deepEqual(
      broken?.children.map((c) => [c.name, c.detail]),
      [
        ['prompt', 'a'],
        ['prompt', 'b'],
      ],
    );
  });

  it('keeps a BOM out of the first line’s ranges', () => {
    assert.deepEqual(songSymbols(analyzeSong('\uFEFF[verse]\nla')).map(outline), [
      { name: '[verse]', detail: '1 line · 2 chars', kind: 'section', range: [0, 0, 1, 2], selection: [0, 1, 0, 8] },
    ]);
    assert.deepEqual(at(songSymbols(analyzeSong('\uFEFF---\nprompt: p\n---\n'))[0]!.selectionRange), [0, 1, 0, 4]);
  });

  it('names every symbol visibly (VS Code refuses an empty name) and keeps names and details on one line', () => {
    const symbols = songSymbols(
      analyzeSong(join('---', '"": empty', '"  ": blank', '"a\\nb": "x\\u001b[31m"', 'list: [1, 2]', 'map: {a: 1}', 'none:', '---', '[]', 'la')),
    );
    assert.deepEqual(
      symbols[0]?.children.map((c) => [c.name, c.detail]),
      [
        ['""', 'empty'],
        ['"  "', 'blank'],
        ['a\\nb', 'x\\x1b[31m'],
        ['list', '2 items'],
        ['map', 'a mapping'],
        ['none', ''],
      ],
    );
    assert.equal(symbols[1]?.name, '[]');
  });

  it('cuts a long value with an ellipsis, never inside a surrogate pair', () => {
    assert.equal(shortValue('a'.repeat(70)), `${'a'.repeat(60)}…`);
    assert.equal(shortValue(`${'a'.repeat(59)}🎸🎸`), `${'a'.repeat(59)}…`);
    assert.equal(shortValue(44100), '44100');
    assert.equal(shortValue(true), 'true');
  });
});
