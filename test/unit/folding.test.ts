import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { foldingRegions } from '../../src/core/folding';

describe('folding regions', () => {
  it('folds the front matter and each section up to its last non-blank line', () => {
    const text = ['---', 'prompt: p', '---', '[Verse]', 'a', 'b', '', '[Chorus]', 'c', '# note', '', '', '[Outro]'].join('\n');
    assert.deepEqual(foldingRegions(analyzeSong(text)), [
      { startLine: 0, endLine: 2, kind: 'frontMatter' },
      { startLine: 3, endLine: 5, kind: 'section' },
      { startLine: 7, endLine: 9, kind: 'section' },
    ]);
  });

  it('folds nothing in a document without tags or front matter, nor the lines before the first tag', () => {
    assert.deepEqual(foldingRegions(analyzeSong('la\nla')), []);
    assert.deepEqual(foldingRegions(analyzeSong('la\nla\n[Verse]\nla')), [{ startLine: 2, endLine: 3, kind: 'section' }]);
  });

  it('folds nothing of an unclosed front matter', () => {
    assert.deepEqual(foldingRegions(analyzeSong('---\nprompt: p\n[Verse]\nla')), []);
  });
});
