import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanEnvironment, cliPath, killAll, spawnLyrics, type Finished } from './cliHarness';

const TIDY = '---\nprompt: Upbeat pop\n---\n[Verse]\nla la\n\n[Chorus]\nla\n';
const UNTIDY = '---\nprompt: Upbeat pop   \n---\n[verse]  \nla la\n[chorus]\nla';

describe('lyrics format (child process of dist/cli.js)', () => {
  const children = new Set<ChildProcess>();
  let dir: string;

  before(() => {
    assert.ok(fs.existsSync(cliPath), 'run `npm run build` first');
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-cli-format-'));
  });

  afterEach(() => {
    killAll(children);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (relative: string, content: string | Buffer): string => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  const read = (relative: string): Buffer => fs.readFileSync(path.join(dir, relative));
  const lyrics = (...args: string[]): Promise<Finished> => spawnLyrics(dir, ['format', ...args], cleanEnvironment(), children).finished;

  it('prints one file formatted to stdout and leaves the file as it was', async () => {
    write('song.lyrics', UNTIDY);
    const result = await lyrics('song.lyrics');
    assert.deepEqual(result, { code: 0, signal: null, stdout: TIDY, stderr: '' });
    assert.equal(read('song.lyrics').toString(), UNTIDY);
  });

  it('--check lists the files that would change and exits 1; 0 when every file is tidy', async () => {
    write('songs/a.lyrics', TIDY);
    write('songs/deeper/b.lyrics', UNTIDY);
    write('songs/node_modules/c.lyrics', UNTIDY);
    write('songs/notes.txt', UNTIDY);
    const result = await lyrics('--check', 'songs');
    assert.deepEqual(result, { code: 1, signal: null, stdout: `${path.join('songs', 'deeper', 'b.lyrics')}\n`, stderr: '' });
    assert.equal(read('songs/deeper/b.lyrics').toString(), UNTIDY, '--check writes nothing');
    assert.deepEqual(await lyrics('--check', 'songs/a.lyrics'), { code: 0, signal: null, stdout: '', stderr: '' });
  });

  it('--write rewrites the files that change, lists them, and touches no other', async () => {
    write('a.lyrics', TIDY);
    write('b.lyrics', UNTIDY);
    const tidyBefore = fs.statSync(path.join(dir, 'a.lyrics')).mtimeMs;
    const result = await lyrics('--write', '.');
    assert.deepEqual(result, { code: 0, signal: null, stdout: 'b.lyrics\n', stderr: '' });
    assert.equal(read('b.lyrics').toString(), TIDY);
    assert.equal(fs.statSync(path.join(dir, 'a.lyrics')).mtimeMs, tidyBefore);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.lyrics', 'b.lyrics'], 'no temporary file is left behind');
    assert.deepEqual(await lyrics('--check', '.'), { code: 0, signal: null, stdout: '', stderr: '' });
  });

  it('--write keeps the mode, a UTF-8 BOM, CRLF, UTF-16, and a symbolic link as a link', async () => {
    const file = write('bom.lyrics', `\uFEFF${UNTIDY.replace(/\n/g, '\r\n')}`);
    fs.chmodSync(file, 0o640);
    write('utf16.lyrics', Buffer.from(`\uFEFF${UNTIDY}`, 'utf16le'));
    write('real/target.lyrics', UNTIDY);
    fs.symlinkSync(path.join('real', 'target.lyrics'), path.join(dir, 'link.lyrics'));
    const result = await lyrics('--write', 'bom.lyrics', 'utf16.lyrics', 'link.lyrics');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'bom.lyrics\nutf16.lyrics\nlink.lyrics\n');
    assert.equal(read('bom.lyrics').toString(), `\uFEFF${TIDY.replace(/\n/g, '\r\n')}`);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(read('utf16.lyrics'), Buffer.from(`\uFEFF${TIDY}`, 'utf16le'));
    assert.ok(fs.lstatSync(path.join(dir, 'link.lyrics')).isSymbolicLink());
    assert.equal(read('real/target.lyrics').toString(), TIDY);
  });

  it('refuses a file that is not valid UTF-8 (writing it back would make its bad bytes "�" for good)', async () => {
    const bytes = Buffer.concat([Buffer.from('[verse]  \nla '), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]);
    write('bad.lyrics', bytes);
    const result = await lyrics('--write', 'bad.lyrics');
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^lyrics: bad\.lyrics is not valid UTF-8 \(line 2\): save it as UTF-8\n$/);
    assert.deepEqual(read('bad.lyrics'), bytes);
  });

  it('exits 2 for a file it cannot read, and still checks the others', async () => {
    write('b.lyrics', UNTIDY);
    const result = await lyrics('--check', 'missing.lyrics', 'b.lyrics');
    assert.equal(result.code, 2);
    assert.equal(result.stdout, 'b.lyrics\n');
    assert.equal(result.stderr, 'lyrics: missing.lyrics does not exist\n');
  });

  it('exits 2 on usage errors', async () => {
    write('a.lyrics', UNTIDY);
    write('b.lyrics', UNTIDY);
    for (const [args, message] of [
      [['--check', '--write', 'a.lyrics'], '--check and --write exclude each other'],
      [[], 'format needs at least one file or directory'],
      [['a.lyrics', 'b.lyrics'], 'format prints one file; to format several, use --write (or --check)'],
      [['.'], 'format prints one file; to format several, use --write (or --check)'],
      [['--fix', 'a.lyrics'], "Unknown option '--fix'"],
    ] as const) {
      const result = await lyrics(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.ok(result.stderr.startsWith(`lyrics: ${message}`), result.stderr);
    }
    assert.equal(read('a.lyrics').toString(), UNTIDY);
  });

  it('answers --help', async () => {
    const result = await lyrics('--help');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^ {2}format \[--check \| --write\] <file\|dir>\.\.\.$/m);
  });
});
