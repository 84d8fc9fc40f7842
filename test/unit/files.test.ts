/**
 * core/files.ts: what a song or record read accepts (a regular file under a
 * bound, UTF-8 or UTF-16 with a BOM) and the words it uses for anything
 * else. FIFOs are probed through the CLI as a child process (cli.hostile),
 * where a regression that blocks can be killed; here nothing can block.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeText, describeFileProblem, formatBound, invalidUtf8Reason, readTextFile } from '../../src/core/files';
import { LineIndex } from '../../src/core/text';

describe('reading song and record files (core/files.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-files-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, bytes: string | Buffer): string => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, bytes);
    return full;
  };

  it('reads UTF-8 and drops its BOM', async () => {
    const read = await readTextFile(file('a.lyrics', '\uFEFF---\nprompt: café\n---\n'), { maxBytes: 1024 });
    assert.deepEqual(read, { ok: true, text: '---\nprompt: café\n---\n', encoding: 'utf-8', invalidUtf8Lines: [] });
  });

  it('decodes UTF-16 LE and BE with a BOM, as VS Code opens them', async () => {
    const text = '---\r\nprompt: 夏の歌 🎸\r\n---\r\nla\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    assert.deepEqual(await readTextFile(file('le.lyrics', le), { maxBytes: 1024 }), { ok: true, text, encoding: 'utf-16le', invalidUtf8Lines: [] });
    assert.deepEqual(await readTextFile(file('be.lyrics', be), { maxBytes: 1024 }), { ok: true, text, encoding: 'utf-16be', invalidUtf8Lines: [] });
  });

  it('refuses broken UTF-16 and UTF-32 plainly: save it as UTF-8', () => {
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])), {
      ok: false,
      problem: 'encoding',
      reason: 'is not valid UTF-16 LE: save it as UTF-8',
    });
    assert.deepEqual(decodeText(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00])), {
      ok: false,
      problem: 'encoding',
      reason: 'is UTF-32: save it as UTF-8',
    });
  });

  it('invalid UTF-8 is decoded as VS Code shows it, and its lines are named as LineIndex counts them', () => {
    // Lines: 0 "ok", 1 "caf\xe9" (Latin-1), 2 "fine" (after CRLF), 3 lone "\xff" (after a lone CR), 4 a cut 3-byte sequence.
    const bytes = Buffer.concat([
      Buffer.from('ok\ncaf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nfine\r'),
      Buffer.from([0xff]),
      Buffer.from('\n'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\n'),
    ]);
    const read = decodeText(bytes);
    assert.ok(read.ok);
    assert.deepEqual(read.invalidUtf8Lines, [1, 3, 4]);
    const lines = new LineIndex(read.text);
    assert.deepEqual(
      [1, 3, 4].map((line) => lines.lineText(line)),
      ['caf\uFFFD', '\uFFFD', '\uFFFD'],
    );
    assert.equal(invalidUtf8Reason(read.invalidUtf8Lines), 'is not valid UTF-8 (line 2 and 2 more): save it as UTF-8');
  });

  it('a link to /dev/zero is not a regular file, and is not read', async function () {
    if (!fs.existsSync('/dev/zero')) this.skip();
    const link = path.join(dir, 'zero.lyrics');
    fs.symlinkSync('/dev/zero', link);
    assert.deepEqual(await readTextFile(link, { maxBytes: 1024 }), { ok: false, problem: 'not-regular', reason: 'is not a regular file' });
  });

  it('says the same words for a directory, a missing file and one over the bound', async () => {
    assert.deepEqual(await readTextFile(dir, { maxBytes: 1024 }), { ok: false, problem: 'directory', reason: 'is a directory' });
    assert.deepEqual(await readTextFile(path.join(dir, 'nope.lyrics'), { maxBytes: 1024 }), { ok: false, problem: 'missing', reason: 'does not exist' });
    assert.deepEqual(await readTextFile(path.join(dir, 'nope', 'x.lyrics'), { maxBytes: 1024 }), {
      ok: false,
      problem: 'missing',
      reason: 'does not exist',
    });
    const big = file('big.lyrics', Buffer.alloc(1025, 0x61));
    assert.deepEqual(await readTextFile(big, { maxBytes: 1024 }), { ok: false, problem: 'too-large', reason: 'is larger than 1 KB' });
    assert.equal((await readTextFile(file('fits.lyrics', Buffer.alloc(1024, 0x61)), { maxBytes: 1024 })).ok, true);
    assert.equal(formatBound(10 * 1024 * 1024), '10 MB');
  });

  it('a file whose size says 0 but holds more (/proc) is still bounded', async function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    assert.equal(fs.statSync('/proc/self/status').size, 0);
    assert.deepEqual(await readTextFile('/proc/self/status', { maxBytes: 16 }), { ok: false, problem: 'too-large', reason: 'is larger than 16 bytes' });
  });

  it('escapes control characters in the name it reports', () => {
    assert.equal(describeFileProblem('evil\nsong.lyrics:1:1 error x', 'does not exist'), 'evil\\nsong.lyrics:1:1 error x does not exist');
  });
});
