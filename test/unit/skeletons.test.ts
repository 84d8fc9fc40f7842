import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSong } from '../../src/core/format';
import { lintLyrics } from '../../src/core/lint';
import { findSkeleton, SKELETON_IDS, skeletonSnippet, skeletonText, snippetsFileText, SONG_SKELETONS } from '../../src/core/skeletons';
import { PROVIDER_IDS, SAMPLE_RATES } from '../../src/core/schema';

const snippetsPath = path.resolve(__dirname, '../../../snippets/lyrics.code-snippets');

describe('song skeletons (New Song and snippets)', () => {
  it('snippets/lyrics.code-snippets is generated from core’s skeletons (UPDATE_SNIPPETS=1 rewrites it)', () => {
    if (process.env['UPDATE_SNIPPETS'] === '1') fs.writeFileSync(snippetsPath, snippetsFileText());
    assert.equal(fs.readFileSync(snippetsPath, 'utf8'), snippetsFileText(), 'run the unit tests once with UPDATE_SNIPPETS=1');
  });

  it('offers pop, ballad, hip-hop and instrumental, each found by its id', () => {
    assert.deepEqual(
      SONG_SKELETONS.map((s) => s.id),
      [...SKELETON_IDS],
    );
    for (const id of SKELETON_IDS) assert.equal(findSkeleton(id)?.id, id);
    assert.equal(findSkeleton('polka'), undefined);
  });

  for (const skeleton of SONG_SKELETONS) {
    it(`${skeleton.id}: expanded with its defaults, lints clean and is already formatted`, () => {
      const song = skeletonText(skeleton);
      assert.doesNotMatch(song, /\$/, 'every placeholder expanded');
      assert.deepEqual(lintLyrics(song).diagnostics, []);
      assert.equal(formatSong(song), song);
    });
  }

  it('offers choices from the schema: every provider, the default first; the highest sample rate and bitrate first', () => {
    const pop = skeletonSnippet(findSkeleton('pop')!);
    assert.match(pop, new RegExp(`^provider: \\$\\{3\\|${PROVIDER_IDS.join(',')}\\|\\}$`, 'm'));
    assert.match(pop, /^sample_rate: \$\{4\|44100,32000,24000,16000\|\}$/m);
    assert.match(pop, /^bitrate: \$\{5\|256000,128000,64000,32000\|\}$/m);
    assert.equal(SAMPLE_RATES.length, 4, 'a new sample rate: check the choice above');
  });

  it('numbers the tab stops in reading order, so Tab walks down the song', () => {
    for (const skeleton of SONG_SKELETONS) {
      // Each tab stop where it first appears (a chorus placeholder repeats further down).
      const stops = [...new Set([...skeletonSnippet(skeleton).matchAll(/\$\{(\d+)[:|]/g)].map((m) => Number(m[1])))].filter((n) => n !== 0);
      assert.deepEqual(
        stops,
        Array.from({ length: stops.length }, (_, i) => i + 1),
        skeleton.id,
      );
    }
  });

  it('expands placeholders, choices and mirrors to their defaults', () => {
    const pop = skeletonText(findSkeleton('pop')!).split('\n');
    assert.deepEqual(pop.slice(0, 12), [
      '---',
      'title: Untitled Pop Song',
      'prompt: Upbeat pop, 118 BPM, A major, bright female vocals, punchy drums, synth hooks',
      'provider: cloudflare',
      'is_instrumental: false',
      'sample_rate: 44100',
      'bitrate: 256000',
      'format: mp3',
      '---',
      '[Intro]',
      '(ooh)',
      '',
    ]);
    assert.equal(pop.filter((line) => line === 'The lift into the chorus').length, 2, 'the second pre-chorus mirrors the first');
  });

  it('writes the chorus once: every chorus mirrors one placeholder', () => {
    const ballad = skeletonSnippet(findSkeleton('ballad')!);
    const chorus = ballad.split('\n').filter((_, i, lines) => lines[i - 1] === '[Chorus]');
    assert.equal(chorus.length, 3);
    assert.equal(new Set(chorus).size, 1);
  });
});
