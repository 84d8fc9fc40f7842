import { strict as assert } from 'node:assert';
import { foldingRegions } from '../../src/core/folding';

describe('folding regions', () => {
  it('folds the front matter and each section up to its last non-blank line', () => {
    const text = ['---', 'prompt: p', '---', '[Verse]', 'a', 'b', '', '[Chorus]', 'c', '', '', '[Outro]'].join('\n');
    assert.deepEqual(foldingRegions(text), [
      { startLine: 0, endLine: 2, kind: 'frontMatter' },
      { startLine: 3, endLine: 5, kind: 'section' },
      { startLine: 7, endLine: 8, kind: 'section' },
    ]);
  });

  it('folds nothing in a document without tags or front matter', () => {
    assert.deepEqual(foldingRegions('la\nla'), []);
  });
});
