/**
 * A drafted song as a file (src/core/lyricsAi/draft.ts): its text, which
 * lints like any song and reads back its settings, and its name.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeSong } from '../../src/core/analysis';
import { findEntry } from '../../src/core/document';
import { draftFileStem, draftSongText, writeNewSongFile } from '../../src/core/lyricsAi/draft';

describe('lyrics AI: the draft as a song', () => {
  it('front matter with the title and the prompt as given, the style tags as a comment, then the lyrics', () => {
    const text = draftSongText({
      prompt: 'A song about night drives',
      title: 'Midnight Drive',
      styleTags: ['Synthwave', 'Nostalgic'],
      lyrics: '[Verse 1]\nStreetlights blur\n\n[Pre-Chorus]\nHold on',
    });
    assert.equal(
      text,
      '---\ntitle: Midnight Drive\nprompt: A song about night drives\n# style tags from MiniMax: Synthwave, Nostalgic\n---\n[Verse 1]\nStreetlights blur\n\n[Pre-Chorus]\nHold on\n',
    );
    const analysis = analyzeSong(text);
    assert.deepEqual(
      analysis.lint.diagnostics.map((d) => d.code),
      [],
      'the lyrics model’s own tags lint clean',
    );
  });

  it('quotes what YAML would misread, keeps a prompt of several lines, and never lets a tag break out of its comment', () => {
    const text = draftSongText({ prompt: 'true: a #hashtag\nsecond line', title: 'yes', styleTags: ['Pop\n---\nprovider: scenario'], lyrics: 'la' });
    const analysis = analyzeSong(text);
    assert.equal(findEntry(analysis.document, 'title')?.value, 'yes');
    assert.equal(findEntry(analysis.document, 'prompt')?.value, 'true: a #hashtag\nsecond line');
    assert.equal(findEntry(analysis.document, 'provider'), undefined);
    assert.equal(analysis.lyrics.text, 'la');
  });

  it('has no title line without a title, no comment without style tags', () => {
    assert.equal(draftSongText({ prompt: 'p', title: undefined, styleTags: [], lyrics: 'la' }), '---\nprompt: p\n---\nla\n');
  });

  it('a draft longer than 3,500 characters is kept whole, and the usual diagnostic says so', () => {
    const lyrics = Array.from({ length: 200 }, (_, i) => `Line number ${i} of a very long draft`).join('\n');
    const analysis = analyzeSong(draftSongText({ prompt: 'p', title: 'Long', styleTags: [], lyrics }));
    assert.equal(analysis.lyrics.text, lyrics);
    assert.deepEqual(
      analysis.lint.diagnostics.map((d) => d.code),
      ['lyrics-too-long'],
    );
  });
});

describe('lyrics AI: the draft’s file', () => {
  it('names the file after the title', () => {
    assert.equal(draftFileStem('Midnight Drive'), 'midnight-drive');
    assert.equal(draftFileStem('  Café del Mar: Part II!  '), 'cafe-del-mar-part-ii');
    assert.equal(draftFileStem('夜の ドライブ'), '夜の-ドライブ');
    assert.equal(draftFileStem('../../etc/passwd'), 'etc-passwd');
    assert.equal(draftFileStem('!!!'), 'draft');
    assert.equal(draftFileStem(undefined), 'draft');
    assert.equal(draftFileStem('a'.repeat(200)).length, 80);
  });

  it('never overwrites: -2, -3 on a clash', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-draft-'));
    try {
      fs.writeFileSync(path.join(folder, 'midnight-drive.lyrics'), 'mine');
      const second = await writeNewSongFile(folder, 'midnight-drive', 'draft 2');
      const third = await writeNewSongFile(folder, 'midnight-drive', 'draft 3');
      assert.deepEqual([path.basename(second), path.basename(third)], ['midnight-drive-2.lyrics', 'midnight-drive-3.lyrics']);
      assert.equal(fs.readFileSync(path.join(folder, 'midnight-drive.lyrics'), 'utf8'), 'mine');
      assert.equal(fs.readFileSync(third, 'utf8'), 'draft 3');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
