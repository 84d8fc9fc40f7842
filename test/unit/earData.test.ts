import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Dictionary, loadLanguageData, loadThesaurus, peekLanguageData, peekThesaurus, Thesaurus } from '../../src/core/ear';
import { dataFolder } from './earHarness';

const SMALL_DICTIONARY = [
  '# a comment line, as the build writes three',
  "'cause - K AH0 Z",
  'a 0 AH0|EY1',
  'art 3 AA1 R T',
  'heart 1 HH AA1 R T',
  'hearts 4 HH AA1 R T S',
  'lovin - L OW1 V IH0 N',
  'start 2 S T AA1 R T',
  'zed - Z EH1 D',
  '',
].join('\n');

describe('ear: the data files', () => {
  it('finds words by binary search over the sorted lines, with their ranks and variants', () => {
    const dictionary = Dictionary.parse({ dictionary: SMALL_DICTIONARY, han: '# groups\n江阳 江阳光\n怀来 爱来\n' });
    assert.equal(dictionary.size, 8);
    assert.deepEqual(dictionary.pronunciations('heart'), [['HH', 'AA1', 'R', 'T']]);
    assert.deepEqual(dictionary.pronunciations('a'), [['AH0'], ['EY1']]);
    assert.deepEqual(dictionary.pronunciations("'cause"), [['K', 'AH0', 'Z']], 'the first line after the comments');
    assert.deepEqual(dictionary.pronunciations('zed'), [['Z', 'EH1', 'D']], 'the last line');
    for (const missing of ['', 'hear', 'heartz', 'zee', "'", 'b']) assert.equal(dictionary.pronunciations(missing), undefined, missing);
    assert.deepEqual([dictionary.rank('heart'), dictionary.rank('lovin'), dictionary.rank('nope')], [1, undefined, undefined]);
    assert.deepEqual([dictionary.hanRhymeGroup('光'), dictionary.hanRhymeGroup('来'), dictionary.hanRhymeGroup('a')], ['江阳', '怀来', undefined]);
    assert.deepEqual(
      [...dictionary.entries({ rankedOnly: true })].map((entry) => entry.word),
      ['a', 'art', 'heart', 'hearts', 'start'],
    );
    const without = dictionary.without(new Set(['heart']));
    assert.equal(without.pronunciations('heart'), undefined, 'a held-out word is hidden');
    assert.ok(without.has('hearts'));
  });

  it('loads a data folder once, asynchronously; peek answers undefined until then and never starts a load', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-ear-data-'));
    try {
      fs.writeFileSync(path.join(folder, 'cmudict.txt'), SMALL_DICTIONARY);
      fs.writeFileSync(path.join(folder, 'han-rhymes.txt'), '');
      assert.equal(peekLanguageData(folder), undefined);
      const first = loadLanguageData(folder);
      assert.equal(loadLanguageData(folder), first, 'one load, shared');
      assert.equal(peekLanguageData(folder), undefined, 'not yet');
      const dictionary = await first;
      assert.equal(peekLanguageData(folder), dictionary);
      assert.equal(dictionary.rank('start'), 2);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a failed load (a missing folder) rejects and is tried again on the next call', async () => {
    const folder = path.join(os.tmpdir(), `lyrics-ear-missing-${process.pid}`);
    await assert.rejects(loadLanguageData(folder), /ENOENT/);
    assert.equal(peekLanguageData(folder), undefined);
    fs.mkdirSync(folder);
    try {
      fs.writeFileSync(path.join(folder, 'cmudict.txt'), SMALL_DICTIONARY);
      fs.writeFileSync(path.join(folder, 'han-rhymes.txt'), '');
      assert.equal((await loadLanguageData(folder)).size, 8);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reads WordNet synonym sets, the most used senses first', () => {
    const thesaurus = Thesaurus.parse('# header\nn heart bosom\nn heart spunk nerve\nv love enjoy\na bare naked\n');
    assert.deepEqual(thesaurus.synonyms('Heart'), ['bosom', 'spunk', 'nerve']);
    assert.deepEqual(thesaurus.synonyms('heart', 2), ['bosom', 'spunk']);
    assert.deepEqual(
      thesaurus.setsOf('naked').map((set) => set.partOfSpeech),
      ['adjective'],
    );
    assert.deepEqual(thesaurus.synonyms('nothing'), []);
  });

  it('the built data: CMUdict with its variants, ranks that put common words first, the Han groups, WordNet', async () => {
    const dictionary = await loadLanguageData(dataFolder);
    assert.ok(dictionary.size > 120_000, `${dictionary.size} words`);
    assert.equal(dictionary.pronunciations('every')?.length, 2);
    assert.ok((dictionary.rank('start') ?? Infinity) < (dictionary.rank('restart') ?? Infinity));
    assert.equal(dictionary.rank('bossart'), undefined, 'surnames are unranked');
    assert.equal(dictionary.hanRhymeGroup('江'), '江阳');
    assert.equal(dictionary.hanRhymeGroup('鱼'), '一七', 'yu is ü');
    assert.equal(peekThesaurus(dataFolder), undefined, 'the thesaurus loads on its own, later');
    const thesaurus = await loadThesaurus(dataFolder);
    assert.ok(thesaurus.synonyms('happy').includes('glad'), thesaurus.synonyms('happy').join(', '));
  });
});
