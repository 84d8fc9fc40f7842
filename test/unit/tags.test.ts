import { strict as assert } from 'node:assert';
import { findTagOnLine, isKnownTag, KNOWN_TAGS, suggestTag, TAG_ALIASES } from '../../src/core/tags';

describe('structure tag vocabulary', () => {
  it('accepts every known tag and alias, in any case, with a trailing number', () => {
    for (const tag of [...KNOWN_TAGS, ...Object.keys(TAG_ALIASES)]) {
      assert.ok(isKnownTag(tag), tag);
      assert.ok(isKnownTag(tag.toUpperCase()), tag.toUpperCase());
      assert.ok(isKnownTag(`${tag.toLowerCase()} 2`), `${tag} 2`);
    }
  });

  it('accepts extra spaces inside and around the tag', () => {
    assert.ok(isKnownTag('  Pre   Chorus  '));
    assert.ok(isKnownTag('Verse   12'));
  });

  it('rejects typos and unknown words', () => {
    for (const tag of ['Vrese', 'Refrain', 'PreChorus', '', '2', 'Verse two']) assert.equal(isKnownTag(tag), false, tag);
  });

  it('suggests the closest tag and keeps the number', () => {
    assert.equal(suggestTag('Vrese 2'), 'Verse 2');
    assert.equal(suggestTag('Chrous'), 'Chorus');
    assert.equal(suggestTag('prechorus'), 'Pre Chorus');
    assert.equal(suggestTag('Instrumentl'), 'Instrumental');
  });

  it('finds a tag only when it stands alone on its line', () => {
    assert.deepEqual(findTagOnLine('  [Verse]  '), { open: 2, close: 8, inner: 'Verse' });
    assert.equal(findTagOnLine('[Verse] and words'), undefined);
    assert.equal(findTagOnLine('words [Verse]'), undefined);
    assert.equal(findTagOnLine('['), undefined);
  });
});
