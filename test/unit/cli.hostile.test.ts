/**
 * The `lyrics` command against hostile files, as a child process of
 * dist/cli.js (issue 8, items 3, 6, 7 and 14): links to /dev/zero, FIFOs,
 * directories, oversized and mis-encoded songs, and file names holding line
 * breaks. Before the fixes some of these never returned (a FIFO) or ran out of
 * memory (/dev/zero), so every child here has a time bound that kills it and
 * fails the test; nothing waits on a sleep.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { cleanEnvironment, cliPath, fakeEnvironment, killAll, spawnLyrics, type Finished } from './cliHarness';

const SONG = '---\nprompt: Upbeat pop\n---\n[Verse]\nla la\n';
const WARNING_ONLY = '---\nprompt: Upbeat pop\n---\n[Vrese]\nla la\n';
/** Long enough for a healthy run on a slow machine; a blocked or runaway child is killed at it. */
const BOUND_MS = 15_000;

const hasDevices = process.platform !== 'win32' && fs.existsSync('/dev/zero');

describe('lyrics CLI against hostile files (child process of dist/cli.js)', function () {
  this.timeout(BOUND_MS + 10_000);
  let dir: string;
  let fake: FakeProvider;
  const children = new Set<ChildProcess>();

  before(async function () {
    assert.ok(fs.existsSync(cliPath), 'run `npm run build` first');
    fake = await startFakeProvider();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-cli-hostile-'));
  });
  afterEach(() => {
    killAll(children);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `lyrics <args>` in `dir`; a child still running after BOUND_MS is killed and the test fails. */
  async function lyrics(args: readonly string[], env: NodeJS.ProcessEnv = cleanEnvironment()): Promise<Finished> {
    const running = spawnLyrics(dir, args, env, children);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        running.child.kill('SIGKILL');
        reject(new Error(`lyrics ${args.join(' ')} did not finish within ${BOUND_MS} ms (blocked or reading forever)`));
      }, BOUND_MS);
    });
    try {
      return await Promise.race([running.finished, bound]);
    } finally {
      clearTimeout(timer);
    }
  }

  const write = (relative: string, content: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
  };
  const mkfifo = (relative: string): void => {
    execFileSync('mkfifo', [path.join(dir, relative)]);
  };

  describe('only regular files are read (item 3)', () => {
    before(function () {
      if (!hasDevices) this.skip();
    });

    it('lint <dir> reports links to /dev/zero and FIFOs as "is not a regular file" and lints the rest', async () => {
      write('songs/a.lyrics', WARNING_ONLY);
      fs.symlinkSync('/dev/zero', path.join(dir, 'songs', 'b-zero.lyrics'));
      mkfifo('songs/c-fifo.lyrics');
      fs.symlinkSync(path.join(dir, 'songs', 'c-fifo.lyrics'), path.join(dir, 'songs', 'd-link-to-fifo.lyrics'));
      fs.symlinkSync('/dev/null', path.join(dir, 'songs', 'e-null.lyrics'));
      fs.mkdirSync(path.join(dir, 'songs', 'f.lyrics'));
      const result = await lyrics(['lint', 'songs']);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(
        result.stderr,
        [
          `lyrics: ${path.join('songs', 'b-zero.lyrics')} is not a regular file`,
          `lyrics: ${path.join('songs', 'c-fifo.lyrics')} is not a regular file`,
          `lyrics: ${path.join('songs', 'd-link-to-fifo.lyrics')} is not a regular file`,
          `lyrics: ${path.join('songs', 'e-null.lyrics')} is not a regular file`,
          '',
        ].join('\n'),
      );
      assert.match(result.stdout, /^songs\/a\.lyrics:4:1 warning unknown-tag /);
    });

    it('lint of the link or the FIFO itself says the same, at once', async () => {
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.lyrics'));
      mkfifo('fifo.lyrics');
      const result = await lyrics(['lint', 'zero.lyrics', 'fifo.lyrics']);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, 'lyrics: zero.lyrics is not a regular file\nlyrics: fifo.lyrics is not a regular file\n');
    });

    it('generate on a link to /dev/zero or a FIFO sends nothing and says why', async () => {
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.lyrics'));
      mkfifo('fifo.lyrics');
      for (const name of ['zero.lyrics', 'fifo.lyrics']) {
        const result = await lyrics(['generate', name], fakeEnvironment(fake));
        assert.equal(result.code, 2, result.stderr);
        assert.equal(result.stderr, `lyrics: ${name} is not a regular file; nothing was sent\n`);
      }
      assert.equal(fake.requests.length, 0);
    });

    it('recover on a record that links to /dev/zero or is a FIFO is refused, in a folder too', async () => {
      fs.mkdirSync(path.join(dir, 'takes'));
      fs.symlinkSync('/dev/zero', path.join(dir, 'takes', 'song-20261121-101500.pending.json'));
      mkfifo('takes/song-20261121-101501.pending.json');
      const one = await lyrics(['recover', path.join('takes', 'song-20261121-101500.pending.json')], fakeEnvironment(fake));
      assert.equal(one.code, 2);
      assert.match(one.stderr, /^lyrics: takes\/song-20261121-101500\.pending\.json is not a regular file\n/);
      const folder = await lyrics(['recover', 'takes'], fakeEnvironment(fake));
      assert.equal(folder.code, 1, folder.stderr);
      assert.match(folder.stderr, /song-20261121-101500\.pending\.json: it is not a regular file/);
      assert.match(folder.stderr, /song-20261121-101501\.pending\.json: it is not a regular file/);
      assert.equal(fake.requests.length, 0);
    });

    it('a song over 10 MB is refused by lint and generate', async () => {
      write('huge.lyrics', `${SONG}${'la la la la\n'.repeat(Math.ceil((10 * 1024 * 1024) / 12))}`);
      const lint = await lyrics(['lint', 'huge.lyrics']);
      assert.equal(lint.code, 2);
      assert.equal(lint.stderr, 'lyrics: huge.lyrics is larger than 10 MB\n');
      const generate = await lyrics(['generate', 'huge.lyrics'], fakeEnvironment(fake));
      assert.equal(generate.code, 2);
      assert.equal(generate.stderr, 'lyrics: huge.lyrics is larger than 10 MB; nothing was sent\n');
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('one wording for file errors (item 14)', () => {
    it('lint, generate and recover say "does not exist" and "is a directory" alike, never Node’s error text', async () => {
      fs.mkdirSync(path.join(dir, 'folder.lyrics'));
      const lintMissing = await lyrics(['lint', 'missing.lyrics']);
      const generateMissing = await lyrics(['generate', 'missing.lyrics'], fakeEnvironment(fake));
      const recoverMissing = await lyrics(['recover', 'missing.lyrics'], fakeEnvironment(fake));
      assert.equal(lintMissing.stderr, 'lyrics: missing.lyrics does not exist\n');
      assert.equal(generateMissing.stderr, 'lyrics: missing.lyrics does not exist; nothing was sent\n');
      assert.match(recoverMissing.stderr, /^lyrics: missing\.lyrics does not exist\n/);
      const generateDirectory = await lyrics(['generate', 'folder.lyrics'], fakeEnvironment(fake));
      assert.equal(generateDirectory.code, 2);
      assert.equal(generateDirectory.stderr, 'lyrics: folder.lyrics is a directory; nothing was sent\n');
      for (const result of [lintMissing, generateMissing, recoverMissing, generateDirectory]) {
        assert.doesNotMatch(result.stderr, /E[A-Z]+:|Error:|\.\./);
      }
      assert.equal(fake.requests.length, 0);
    });

    it('a take of a song named "..lyrics" is not a hidden file', async () => {
      write('..lyrics', SONG);
      const result = await lyrics(['generate', '..lyrics', '--json'], fakeEnvironment(fake));
      assert.equal(result.code, 0, result.stderr);
      const saved = JSON.parse(result.stdout) as { audio: string };
      assert.match(path.basename(saved.audio), /^song-\d{8}-\d{6}\.mp3$/);
      assert.deepEqual(
        fs.readdirSync(path.join(dir, 'takes')).filter((name) => name.startsWith('.')),
        [],
      );
    });
  });

  describe('text output is one line per diagnostic (item 6)', () => {
    it('a file named with a line break cannot forge a diagnostic line, on stdout or stderr', async function () {
      if (process.platform === 'win32') this.skip(); // no line breaks in Windows file names
      const forged = 'x.lyrics:1:1 error lyrics-too-long forged\nreal.lyrics';
      write(forged, WARNING_ONLY);
      fs.symlinkSync('/nonexistent', path.join(dir, 'gone\n.lyrics'));
      const result = await lyrics(['lint', forged, 'gone\n.lyrics', `escape\u001b]0;owned\u0007.lyrics`]);
      assert.equal(result.code, 2);
      assert.deepEqual(result.stdout.split('\n'), [
        'x.lyrics:1:1 error lyrics-too-long forged\\nreal.lyrics:4:1 warning unknown-tag Unknown structure tag "[Vrese]". Did you mean "[Verse]"?',
        '',
      ]);
      assert.deepEqual(result.stderr.split('\n'), ['lyrics: gone\\n.lyrics does not exist', 'lyrics: escape\\x1b]0;owned\\x07.lyrics does not exist', '']);
    });

    it('file content with control characters is escaped in messages', async () => {
      write('keys.lyrics', '---\nprompt: p\n"a\\rb\\u001b[31m": 1\n---\nla\n');
      const result = await lyrics(['lint', 'keys.lyrics']);
      assert.equal(result.stdout, 'keys.lyrics:3:1 warning unknown-setting Unknown setting "a\\rb\\x1b[31m".\n');
    });
  });

  describe('encodings (item 7)', () => {
    it('UTF-16 files with a BOM lint as VS Code reads them (no misleading prompt-missing)', async () => {
      const text = '---\r\nprompt: Upbeat pop\r\n---\r\n[Vrese]\r\nla\r\n';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      write('le.lyrics', le);
      write('be.lyrics', Buffer.from(le).swap16());
      const result = await lyrics(['lint', 'le.lyrics', 'be.lyrics']);
      assert.equal(result.code, 0, result.stdout);
      assert.equal(
        result.stdout,
        'le.lyrics:4:1 warning unknown-tag Unknown structure tag "[Vrese]". Did you mean "[Verse]"?\n' +
          'be.lyrics:4:1 warning unknown-tag Unknown structure tag "[Vrese]". Did you mean "[Verse]"?\n',
      );
    });

    it('invalid UTF-8 is a lint error naming the line, and generate sends nothing', async () => {
      write('latin1.lyrics', Buffer.concat([Buffer.from('---\nprompt: Upbeat pop\n---\n[Verse]\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]));
      const lint = await lyrics(['lint', 'latin1.lyrics']);
      assert.equal(lint.code, 1);
      assert.equal(
        lint.stdout,
        'latin1.lyrics:5:4 error invalid-utf8 Line 5 is not valid UTF-8: its unreadable bytes would be sent as "\uFFFD". Save the file as UTF-8.\n',
      );
      const generate = await lyrics(['generate', 'latin1.lyrics'], fakeEnvironment(fake));
      assert.equal(generate.code, 2);
      assert.equal(generate.stderr, 'lyrics: latin1.lyrics is not valid UTF-8 (line 5): save it as UTF-8; nothing was sent\n');
      assert.equal(fake.requests.length, 0);
    });
  });
});
