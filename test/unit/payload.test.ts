import { strict as assert } from 'node:assert';
import { toPayload } from '../../src/core/payload';
import { countCodePoints, LineIndex, offsetOfCodePoint } from '../../src/core/text';

describe('payload rule', () => {
  it('sends the trimmed prompt and the body without front matter or comments', () => {
    const payload = toPayload(
      ['---', 'prompt: "  Upbeat pop  "', '---', '', '# writer note', '[Verse]', 'Hello   ', '  # indented note', 'World', '', ''].join('\n'),
    );
    assert.equal(payload.prompt, 'Upbeat pop');
    assert.equal(payload.lyrics, '[Verse]\nHello\nWorld');
  });

  it('drops a BOM and turns CRLF and lone CR into LF', () => {
    const payload = toPayload('\uFEFF---\r\nprompt: p\r\n---\r\n[Verse]\r\nOne\rTwo\r\n');
    assert.equal(payload.lyrics, '[Verse]\nOne\nTwo');
    assert.equal(payload.prompt, 'p');
  });

  it('keeps blank lines between sections and leading indentation, trims trailing tabs', () => {
    const payload = toPayload('[Verse]\n\tla la\t\t\n\n\n[Chorus]\nhey \t');
    assert.equal(payload.lyrics, '[Verse]\n\tla la\n\n\n[Chorus]\nhey');
  });

  it('treats a document without front matter as all lyrics, with an empty prompt', () => {
    assert.deepEqual(toPayload('just words'), { prompt: '', lyrics: 'just words' });
  });

  it('a BOM before a comment line still makes it a comment', () => {
    assert.equal(toPayload('\uFEFF# note\nla').lyrics, 'la');
  });

  it('sends nothing of an unterminated front matter', () => {
    assert.deepEqual(toPayload('---\nprompt: p\n[Verse]\nla'), { prompt: '', lyrics: '' });
  });

  it('a non-string prompt sends an empty prompt', () => {
    assert.equal(toPayload('---\nprompt: 42\n---\nla').prompt, '');
  });

  it('folds a multi-line plain prompt as YAML does', () => {
    assert.equal(toPayload('---\nprompt: a b\n  c\n---\nla').prompt, 'a b c');
  });
});

describe('code point counting', () => {
  it('counts an emoji as 1 and a line break as 1', () => {
    assert.equal(countCodePoints('🎸\n🥁'), 3);
    assert.equal('🎸\n🥁'.length, 5);
  });

  it('counts CJK characters one each', () => {
    assert.equal(countCodePoints('夏の道'), 3);
  });

  it('finds the UTF-16 offset of a code point index', () => {
    assert.equal(offsetOfCodePoint('a🎸b', 2), 3);
    assert.equal(offsetOfCodePoint('a🎸b', 3), undefined);
  });

  it('counts a lone surrogate as one code point', () => {
    assert.equal(countCodePoints('\uD800x'), 2);
  });
});

describe('LineIndex', () => {
  it('maps offsets to lines for LF, CRLF and lone CR', () => {
    const index = new LineIndex('a\r\nbc\rd\ne');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.equal(index.lineText(1), 'bc');
    assert.equal(index.lineText(0), 'a');
    assert.deepEqual(index.positionAt(7), { line: 2, character: 1 });
    assert.equal(index.lineEnd(3), 9);
  });
});
