import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as fs from 'node:fs';
import { cliPath } from './cliHarness';

function lyrics(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: os.tmpdir(), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lyrics rhymes (child process of dist/cli.js)', () => {
  before(() => {
    assert.ok(fs.existsSync(cliPath), 'run `npm run build` first');
  });

  it('prints JSON, best first: perfect rhymes of heart, common words first', () => {
    const result = lyrics(['rhymes', '--format', 'json', '--limit', '5', 'heart']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout), {
      word: 'heart',
      pronunciation: 'HH AA1 R T',
      syllables: 1,
      rhymes: [
        { word: 'start', syllables: 1, kind: 'perfect' },
        { word: 'part', syllables: 1, kind: 'perfect' },
        { word: 'art', syllables: 1, kind: 'perfect' },
        { word: 'apart', syllables: 2, kind: 'perfect' },
        { word: 'smart', syllables: 1, kind: 'perfect' },
      ],
    });
  });

  it('prints text by kind and syllable count; the default limit is 50', () => {
    const result = lyrics(['rhymes', 'Heart']);
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'heart  HH AA1 R T  1 syllable');
    assert.match(lines[1] ?? '', /^perfect, 1 syllable: start, part, art, smart, chart, /);
    assert.match(lines[2] ?? '', /^perfect, 2 syllables: apart, restart, depart, impart/);
    const listed = lines.slice(1).flatMap((line) => (line.split(': ')[1] ?? '').split(', ').filter(Boolean));
    assert.equal(listed.length, 50);
  });

  it('rhymes a word the dictionary lacks through its built sounds (lovin’ is loving with N)', () => {
    const result = lyrics(['rhymes', '--format', 'json', '--limit', '3', "lovin'"]);
    assert.equal(result.status, 0);
    assert.equal((JSON.parse(result.stdout) as { pronunciation: string }).pronunciation, 'L AH1 V IH0 N');
  });

  it('exits 1 for a word that cannot be pronounced at all, 2 for a usage error; answers --help', () => {
    const unknown = lyrics(['rhymes', 'xzqj']);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /"xzqj" can't be pronounced/);
    assert.equal(lyrics(['rhymes']).status, 2);
    assert.equal(lyrics(['rhymes', 'a', 'b']).status, 2);
    const badLimit = lyrics(['rhymes', '--limit', 'lots', 'heart']);
    assert.equal(badLimit.status, 2);
    assert.match(badLimit.stderr, /--limit must be a whole number/);
    const help = lyrics(['rhymes', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /rhymes \[--format json\] \[--limit N\] <word>/);
  });
});
