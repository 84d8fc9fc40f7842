import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');

function lyrics(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CLEAN = '---\nprompt: Upbeat pop\n---\n[Verse]\nla la\n';
const WARNING_ONLY = '---\nprompt: Upbeat pop\n---\n[Vrese]\nla la\n';
const WITH_ERROR = '---\nprompt: Upbeat pop\nsample_rate: 48000\n---\n[Verse]\nla la\n';

describe('lyrics CLI (child process of dist/cli.js)', () => {
  let dir: string;

  before(() => {
    assert.ok(fs.existsSync(cliPath), 'run `npm run build` first');
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-cli-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (relative: string, text: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  };

  it('exits 0 and prints nothing for a clean file', () => {
    write('clean.lyrics', CLEAN);
    assert.deepEqual(lyrics(['lint', 'clean.lyrics'], dir), { status: 0, stdout: '', stderr: '' });
  });

  it('prints file:line:col severity code message, 1-based, and exits 0 on warnings only', () => {
    write('warn.lyrics', WARNING_ONLY);
    const result = lyrics(['lint', 'warn.lyrics'], dir);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^warn\.lyrics:4:1 warning unknown-tag Unknown structure tag "\[Vrese\]"\. Did you mean "\[Verse\]"\?\n$/);
  });

  it('exits 1 when any error is found', () => {
    write('bad.lyrics', WITH_ERROR);
    const result = lyrics(['lint', 'bad.lyrics'], dir);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^bad\.lyrics:3:14 error invalid-setting /);
  });

  it('searches directories recursively, skipping node_modules and dot-folders, and lists every file in JSON', () => {
    write('songs/a.lyrics', CLEAN);
    write('songs/deeper/b.lyrics', WARNING_ONLY);
    write('songs/notes.txt', 'not a song');
    write('songs/node_modules/pkg/c.lyrics', WITH_ERROR);
    write('songs/.git/d.lyrics', WITH_ERROR);
    const result = lyrics(['lint', '--format', 'json', 'songs'], dir);
    assert.equal(result.status, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as Array<{ file: string; diagnostics: unknown[] }>;
    assert.deepEqual(
      parsed.map((r) => r.file),
      [path.join('songs', 'a.lyrics'), path.join('songs', 'deeper', 'b.lyrics')],
    );
    assert.deepEqual(parsed[0]?.diagnostics, []);
    assert.deepEqual(parsed[1]?.diagnostics, [
      {
        code: 'unknown-tag',
        severity: 'warning',
        message: 'Unknown structure tag "[Vrese]". Did you mean "[Verse]"?',
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 7 } },
      },
    ]);
  });

  it('counts JSON characters in UTF-16 code units, as VS Code does', () => {
    write('emoji2.lyrics', '---\nprompt: p\n---\n🎸\n  [Vrese]\n');
    const parsed = JSON.parse(lyrics(['lint', '-f', 'json', 'emoji2.lyrics'], dir).stdout) as Array<{
      diagnostics: Array<{ range: unknown }>;
    }>;
    assert.deepEqual(parsed[0]?.diagnostics[0]?.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } });
  });

  it('a BOM does not shift columns on the first line', () => {
    write('bom.lyrics', '\uFEFF[Vrese]\n');
    assert.match(lyrics(['lint', 'bom.lyrics'], dir).stdout, /bom\.lyrics:1:1 warning unknown-tag/);
  });

  it('checks a song without provider for cloudflare, where generate sends it', () => {
    write('model.lyrics', '---\nprompt: Upbeat pop\nmodel: music-3.0\n---\n[Verse]\nla la\n');
    const result = lyrics(['lint', 'model.lyrics'], dir);
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      'model.lyrics:3:8 error model-not-offered Cloudflare (the default provider) offers only "music-2.6", not "music-3.0" (Scenario and MiniMax do).\n',
    );
    write('minimax.lyrics', '---\nprompt: Upbeat pop\nprovider: minimax\nmodel: music-3.0\n---\n[Verse]\nla la\n');
    assert.deepEqual(lyrics(['lint', 'minimax.lyrics'], dir), { status: 0, stdout: '', stderr: '' });
  });

  it('exits 2 for a missing file but still lints and reports the others', () => {
    write('bad.lyrics', WITH_ERROR);
    const result = lyrics(['lint', 'missing.lyrics', 'bad.lyrics'], dir);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'lyrics: missing.lyrics does not exist\n');
    assert.match(result.stdout, /bad\.lyrics:3:14 error invalid-setting/);
  });

  it('exits 2 for usage errors, with a message on stderr', () => {
    for (const args of [[], ['frobnicate'], ['lint'], ['lint', '--format', 'xml', 'x.lyrics'], ['lint', '--bogus', 'x']]) {
      const result = lyrics(args, dir);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^lyrics: /, args.join(' '));
    }
  });

  it('--help and --version', () => {
    const help = lyrics(['--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /lyrics lint|lint \[--format text\|json\]/);
    const version = lyrics(['--version'], dir);
    assert.equal(version.status, 0);
    const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), packageJson.version);
  });

  it('every verb answers --help with the usage and exit 0', () => {
    for (const args of [
      ['generate', '--help'],
      ['recover', '-h'],
      ['lint', '--help'],
      ['generate', 'song.lyrics', '--help'],
    ]) {
      const help = lyrics(args, dir);
      assert.equal(help.status, 0, `${args.join(' ')}: ${help.stderr}`);
      assert.match(help.stdout, /recover <record\.pending\.json/, args.join(' '));
    }
  });

  it('lints binary garbage without crashing', () => {
    write('garbage.lyrics', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 256)));
    const result = lyrics(['lint', '--format', 'json', 'garbage.lyrics'], dir);
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 1);
  });
});
