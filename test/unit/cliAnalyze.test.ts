import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliPath } from './cliHarness';

function lyrics(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SONG = [
  '---',
  'title: Paper Boats',
  '---',
  '(ooh)',
  '[Verse 1]',
  'Paper boats on a winter stream',
  '# a note, not sung',
  "Lovin' you like a borrowed dream",
  '',
  '[Chorus]',
  'Every fire burns away',
  '',
].join('\n');

describe('lyrics analyze (child process of dist/cli.js)', () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(cliPath), 'run `npm run build` first');
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-cli-analyze-'));
    fs.writeFileSync(path.join(dir, 'song.lyrics'), SONG);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints one line per sung line: line, syllables, rhyme letter, text', () => {
    const result = lyrics(['analyze', 'song.lyrics'], dir);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.equal(
      result.stdout,
      ['4  0  A  (ooh)', '6  8  A  Paper boats on a winter stream', "8  8  A  Lovin' you like a borrowed dream", '11  8  A  Every fire burns away', ''].join(
        '\n',
      ),
    );
  });

  it('prints the JSON the issue specifies', () => {
    const result = lyrics(['analyze', '--format', 'json', 'song.lyrics'], dir);
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout), [
      {
        file: 'song.lyrics',
        sections: [
          { name: null, line: 4, lines: [{ line: 4, text: '(ooh)', syllables: 0, syllablesMin: 0, syllablesMax: 0, endWord: 'ooh', rhyme: 'A' }] },
          {
            name: 'Verse 1',
            line: 5,
            lines: [
              { line: 6, text: 'Paper boats on a winter stream', syllables: 8, syllablesMin: 8, syllablesMax: 8, endWord: 'stream', rhyme: 'A' },
              { line: 8, text: "Lovin' you like a borrowed dream", syllables: 8, syllablesMin: 8, syllablesMax: 8, endWord: 'dream', rhyme: 'A' },
            ],
          },
          {
            name: 'Chorus',
            line: 10,
            lines: [{ line: 11, text: 'Every fire burns away', syllables: 8, syllablesMin: 6, syllablesMax: 8, endWord: 'away', rhyme: 'A' }],
          },
        ],
      },
    ]);
  });

  it('searches directories, heads each file when there are several, and exits 2 for a file it cannot read', () => {
    fs.mkdirSync(path.join(dir, 'more'));
    fs.writeFileSync(path.join(dir, 'more', 'b.lyrics'), '[Verse]\nHeart\nStart\n');
    const result = lyrics(['analyze', 'song.lyrics', 'more', 'missing.lyrics'], dir);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /missing\.lyrics/);
    assert.equal(
      result.stdout
        .split('\n')
        .filter((line) => line.startsWith('==> '))
        .join('|'),
      `==> song.lyrics <==|==> ${path.join('more', 'b.lyrics')} <==`,
    );
    assert.ok(result.stdout.endsWith('2  1  A  Heart\n3  1  A  Start\n'), result.stdout);
  });

  it('answers --help and refuses a wrong format or no file', () => {
    const help = lyrics(['analyze', '--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /analyze \[--format text\|json\] <file\|dir>\.\.\./);
    assert.equal(lyrics(['analyze', '--format', 'xml', 'song.lyrics'], dir).status, 2);
    const none = lyrics(['analyze'], dir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /analyze needs at least one file or directory/);
  });
});
