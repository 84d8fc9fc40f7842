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

const MESSY = [
  '---',
  'prompt: Acoustic folk, 72 BPM  # the mood',
  'is_instrumental: no',
  'Format: MP3',
  'sample_rate: 48000',
  '---',
  '# [Vrese] in a comment stays',
  '[Vrese 2]',
  '[Vrese] is sung',
  '[Pst Chorus]',
  'la la',
  '',
].join('\n');

const FIXED = MESSY.replace('is_instrumental: no', 'is_instrumental: false').replace('Format: MP3', 'format: mp3').replace('[Vrese 2]', '[Verse 2]');

describe('lyrics lint --fix (child process of dist/cli.js)', () => {
  let dir: string;

  before(() => {
    assert.ok(fs.existsSync(cliPath), 'run `npm run build` first');
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-cli-fix-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (relative: string, content: string | Buffer): string => {
    const full = path.join(dir, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return full;
  };

  it('applies the safe fixes, says each, then prints what remains; exit status of what remains', () => {
    const file = write('song.lyrics', MESSY);
    const result = lyrics(['lint', '--fix', 'song.lyrics'], dir);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
    assert.equal(result.stderr, '');
    assert.deepEqual(result.stdout.split('\n'), [
      'song.lyrics:3 fixed invalid-setting: no → false',
      'song.lyrics:4 fixed unknown-setting: Format → format',
      'song.lyrics:8 fixed unknown-tag: [Vrese 2] → [Verse 2]',
      'song.lyrics:4 fixed invalid-setting: MP3 → mp3',
      'song.lyrics:5:14 error invalid-setting Invalid sample_rate: 48000. Allowed: 16000, 24000, 32000, 44100.',
      'song.lyrics:10:1 warning unknown-tag Unknown structure tag "[Pst Chorus]". Did you mean "[Post Chorus]"?',
      '',
    ]);
    assert.equal(result.status, 1, 'sample_rate is still an error');
    // Nothing is left behind: no temporary file.
    assert.deepEqual(fs.readdirSync(dir), ['song.lyrics']);
  });

  it('exits 0 when the fixes leave only warnings, and a second run finds nothing to fix', () => {
    const file = write('song.lyrics', MESSY.replace('sample_rate: 48000', 'sample_rate: 44100'));
    assert.equal(lyrics(['lint', '--fix', 'song.lyrics'], dir).status, 0);
    const fixed = fs.readFileSync(file, 'utf8');
    const again = lyrics(['lint', '--fix', 'song.lyrics'], dir);
    assert.equal(again.status, 0);
    assert.equal(again.stdout, 'song.lyrics:10:1 warning unknown-tag Unknown structure tag "[Pst Chorus]". Did you mean "[Post Chorus]"?\n');
    assert.equal(fs.readFileSync(file, 'utf8'), fixed);
  });

  it('does not rewrite a file it has nothing to fix', () => {
    const file = write('clean.lyrics', '---\nprompt: pop\n---\n[Verse]\nla\n');
    const old = new Date('2001-02-03T04:05:06Z');
    fs.utimesSync(file, old, old);
    const result = lyrics(['lint', '--fix', 'clean.lyrics'], dir);
    assert.deepEqual(result, { status: 0, stdout: '', stderr: '' });
    assert.equal(fs.statSync(file).mtime.getTime(), old.getTime());
  });

  it('keeps CRLF, a UTF-8 BOM, the file mode, and a symbolic link as a link', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const target = write('real/song.lyrics', Buffer.concat([bom, Buffer.from(MESSY.replace(/\n/g, '\r\n'))]));
    fs.chmodSync(target, 0o664); // group-writable: a umask of 022 would drop that bit from a new file
    fs.symlinkSync(path.join('real', 'song.lyrics'), path.join(dir, 'link.lyrics'));
    const result = lyrics(['lint', '--fix', 'link.lyrics'], dir);
    assert.equal(result.status, 1, result.stderr);
    assert.ok(fs.lstatSync(path.join(dir, 'link.lyrics')).isSymbolicLink());
    assert.deepEqual(fs.readFileSync(target), Buffer.concat([bom, Buffer.from(FIXED.replace(/\n/g, '\r\n'))]));
    assert.equal(fs.statSync(target).mode & 0o777, 0o664);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'real')), ['song.lyrics']);
  });

  it('writes a UTF-16 file back as UTF-16 with its BOM', () => {
    const utf16 = Buffer.from(`\uFEFF${MESSY}`, 'utf16le');
    const file = write('song.lyrics', utf16);
    lyrics(['lint', '--fix', 'song.lyrics'], dir);
    assert.deepEqual(fs.readFileSync(file), Buffer.from(`\uFEFF${FIXED}`, 'utf16le'));
  });

  it('does not rewrite a file that is not valid UTF-8, and says so', () => {
    const bytes = Buffer.concat([Buffer.from('---\nprompt: pop\nis_instrumental: yes\n---\ncaf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const file = write('latin1.lyrics', bytes);
    const result = lyrics(['lint', '--fix', 'latin1.lyrics'], dir);
    assert.deepEqual(fs.readFileSync(file), bytes);
    assert.equal(result.stderr, 'lyrics: latin1.lyrics was not fixed: it is not valid UTF-8 (save it as UTF-8 first)\n');
    assert.match(result.stdout, /^latin1\.lyrics:3:18 error invalid-setting .*\nlatin1\.lyrics:5:4 error invalid-utf8 /);
    assert.equal(result.status, 1);
  });

  it('fixes every song under a directory and lists the fixes in JSON with what remains', () => {
    write('songs/a.lyrics', MESSY);
    write('songs/deeper/b.lyrics', '---\nprompt: pop\n---\n[Chrous]\nla\n');
    const result = lyrics(['lint', '--fix', '--format', 'json', 'songs'], dir);
    assert.equal(result.status, 1, result.stderr);
    const parsed = JSON.parse(result.stdout) as Array<{
      file: string;
      fixed: Array<{ code: string; range: unknown; old: string; new: string }>;
      diagnostics: Array<{ code: string }>;
    }>;
    assert.deepEqual(
      parsed.map((r) => [r.file, r.fixed.map((f) => `${f.code}: ${f.old} → ${f.new}`), r.diagnostics.map((d) => d.code)]),
      [
        [
          path.join('songs', 'a.lyrics'),
          ['invalid-setting: no → false', 'unknown-setting: Format → format', 'unknown-tag: [Vrese 2] → [Verse 2]', 'invalid-setting: MP3 → mp3'],
          ['invalid-setting', 'unknown-tag'],
        ],
        [path.join('songs', 'deeper', 'b.lyrics'), ['unknown-tag: [Chrous] → [Chorus]'], []],
      ],
    );
    assert.deepEqual(parsed[1]?.fixed[0]?.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 8 } });
    assert.equal(fs.readFileSync(path.join(dir, 'songs', 'deeper', 'b.lyrics'), 'utf8'), '---\nprompt: pop\n---\n[Chorus]\nla\n');
  });

  it('exits 2 when a file can not be written, leaving it as it was', function () {
    if (process.getuid?.() === 0) this.skip(); // root writes through any permission
    const file = write('locked/song.lyrics', MESSY);
    fs.chmodSync(path.dirname(file), 0o555);
    try {
      const result = lyrics(['lint', '--fix', path.join('locked', 'song.lyrics')], dir);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /song\.lyrics can’t be written \(permission denied\)/);
      assert.equal(fs.readFileSync(file, 'utf8'), MESSY);
    } finally {
      fs.chmodSync(path.dirname(file), 0o755);
    }
  });

  it('is described in lyrics lint --help', () => {
    const help = lyrics(['lint', '--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /lint \[--format text\|json\] \[--fix\] <file\|dir>\.\.\./);
    assert.match(help.stdout, /--fix first applies every safe fix/);
    assert.match(help.stdout, /"fixed": \[\{"code",/);
  });
});
