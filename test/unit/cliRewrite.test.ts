/**
 * `lyrics rewrite` as a child process of dist/cli.js against the fake
 * MiniMax on loopback: what is sent (the lyrics as sent, the instruction and,
 * with --keep-shape, the shape), the revised song on stdout with the front
 * matter byte for byte, --write's atomic replacement, the dropped comments on
 * stderr, and exit statuses with the file untouched on failure.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FakeProvider } from '../fakeProvider';
import { fakeEnvironment, lines, useCliSuite, type Finished } from './cliHarness';

// The front matter's odd spacing and comment must come back byte for byte.
const FRONT = '---\ntitle:   Night Drive   # the working title\nprompt: "Synthwave, 96 BPM"\n---\n';
const SONG = `${FRONT}[Verse]\nThe road is long\n# TODO: a stronger image\nThe night is strong\n\n[Chorus]\nDrive all night\nHold me tight\n`;

describe('lyrics rewrite (child process of dist/cli.js ↔ fake MiniMax)', function () {
  const suite = useCliSuite('rewrite', SONG);
  let fake: FakeProvider;
  let dir: string;
  beforeEach(() => ({ fake, dir } = suite));

  const songPath = (): string => path.join(dir, 'song.lyrics');
  const rewrite = (args: string[], env?: NodeJS.ProcessEnv): Promise<Finished> => suite.lyrics(['rewrite', 'song.lyrics', ...args], env).finished;
  const sentBody = (): Record<string, unknown> => fake.requestsFor('lyrics', 'minimax')[0]?.body as Record<string, unknown>;

  function assertUntouched(result: Finished, code: number, reason: RegExp): void {
    assert.equal(result.code, code, result.stderr);
    const reasons = lines(result.stderr).filter((line) => line.startsWith('lyrics:'));
    assert.equal(reasons.length, 1, result.stderr);
    assert.match(reasons[0] ?? '', reason);
    assert.equal(result.stdout, '');
    assert.equal(fs.readFileSync(songPath(), 'utf8'), SONG);
  }

  it('sends the lyrics as sent (no comments) with the instruction and title, and prints the revised song', async () => {
    const result = await rewrite(['--instruction', 'continue with a bridge']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(sentBody(), {
      mode: 'edit',
      prompt: 'continue with a bridge',
      lyrics: '[Verse]\nThe road is long\nThe night is strong\n\n[Chorus]\nDrive all night\nHold me tight',
      title: 'Night Drive',
    });
    assert.equal(result.stdout, `${SONG}\n[Bridge]\nHeadlights fold into the dawn\nEvery road we wander on\n`);
    assert.equal(fs.readFileSync(songPath(), 'utf8'), SONG, 'without --write the file stays');
  });

  it('replaces only the changed lines; a comment inside them is named on stderr as gone', async () => {
    fake.setMinimax({ lyricsAnswer: { lyrics: '[Verse]\nThe highway hums\nThe engine drums\n\n[Chorus]\nDrive all night\nHold me tight' } });
    const result = await rewrite(['--instruction', 'more concrete images in the verse']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `${FRONT}[Verse]\nThe highway hums\nThe engine drums\n\n[Chorus]\nDrive all night\nHold me tight\n`);
    assert.match(result.stderr, /^lyrics: this comment line was inside the rewritten lines and is gone:\nsong\.lyrics:7: # TODO: a stronger image$/m);
  });

  it('--keep-shape adds each line’s syllables and each section’s rhyme scheme to the instruction', async () => {
    const result = await rewrite(['--instruction', 'make the chorus punchier', '--keep-shape']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      sentBody().prompt,
      'make the chorus punchier.\n\nKeep the shape: the same number of lines in each section, the same syllables in each line and the same rhyme scheme.\n' +
        '[Verse]: 2 lines of 4, 4 syllables, rhyme scheme AA.\n[Chorus]: 2 lines of 3, 3 syllables, rhyme scheme AA.',
    );
  });

  it('--write replaces the file atomically (mode kept), prints its path; --json says what happened', async () => {
    fs.chmodSync(songPath(), 0o640);
    const result = await rewrite(['--instruction', 'continue with a bridge', '--write', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      file: 'song.lyrics',
      changed: true,
      title: 'Night Drive',
      styleTags: ['Synthwave', 'Nostalgic', 'Driving', 'Female Vocals'],
      droppedComments: [],
      written: true,
    });
    assert.equal(fs.readFileSync(songPath(), 'utf8'), `${SONG}\n[Bridge]\nHeadlights fold into the dawn\nEvery road we wander on\n`);
    assert.equal(fs.statSync(songPath()).mode & 0o777, 0o640);
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name !== 'song.lyrics'),
      [],
      'no temporary file left',
    );
    assert.match(result.stderr, /^lyrics: rewrote song\.lyrics$/m);
  });

  it('keeps CRLF line endings and a UTF-8 BOM', async () => {
    const crlf = `\uFEFF${SONG.replace(/\n/g, '\r\n')}`;
    fs.writeFileSync(songPath(), crlf);
    const result = await rewrite(['--instruction', 'continue with a bridge', '--write']);
    assert.equal(result.code, 0, result.stderr);
    const bytes = fs.readFileSync(songPath());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.toString('utf8').slice(1), `${SONG}\n[Bridge]\nHeadlights fold into the dawn\nEvery road we wander on\n`.replace(/\n/g, '\r\n'));
  });

  for (const [name, fault, reason] of [
    ['1008', { lyrics: { kind: 'minimaxBaseResp', statusCode: 1008 } }, /^lyrics: The MiniMax account has insufficient balance/],
    ['1026', { lyrics: { kind: 'minimaxBaseResp', statusCode: 1026 } }, /^lyrics: MiniMax flagged the prompt or lyrics as sensitive/],
    ['2013', { lyrics: { kind: 'minimaxBaseResp', statusCode: 2013 } }, /^lyrics: MiniMax’s lyrics model rejected a parameter/],
    ['HTTP 500', { lyrics: { kind: 'status', status: 500 } }, /HTTP 500/],
  ] as const) {
    it(`${name}: exit 1, even with --write the file is as it was`, async () => {
      fake.setFaults(fault);
      assertUntouched(await rewrite(['--instruction', 'x', '--write']), 1, reason);
    });
  }

  it('a hang ends at the timeout: exit 1, the file untouched', async () => {
    fake.setFaults({ lyrics: { kind: 'neverAnswer' } });
    assertUntouched(await rewrite(['--instruction', 'x', '--write'], { ...fakeEnvironment(fake), LYRICS_REQUEST_TIMEOUT_MINUTES: '0.005' }), 1, /timed out/);
  });

  it('refuses (exit 2, nothing sent) a song without lyrics, a missing key, a missing instruction', async () => {
    fs.writeFileSync(songPath(), FRONT);
    const empty = await rewrite(['--instruction', 'x']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /^lyrics: song\.lyrics has no lyrics to rewrite \(to write new ones: lyrics draft --prompt TEXT\); nothing was sent$/m);
    fs.writeFileSync(songPath(), SONG);
    const { MINIMAX_API_KEY: _key, ...withoutKey } = fakeEnvironment(fake);
    assertUntouched(
      await rewrite(['--instruction', 'x'], withoutKey),
      2,
      /^lyrics: rewrite needs MINIMAX_API_KEY in the environment: only MiniMax offers a lyrics model/,
    );
    assert.equal((await rewrite([])).code, 2);
    assert.equal((await suite.lyrics(['rewrite', 'missing.lyrics', '--instruction', 'x']).finished).code, 2);
    assert.equal(fake.requests.length, 0);
  });

  it('refuses lyrics over 3,500 characters as sent: exit 2, nothing sent', async () => {
    fs.writeFileSync(songPath(), `${FRONT}${'la la la la la la la la la\n'.repeat(140)}`);
    const result = await rewrite(['--instruction', 'x']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /can’t be rewritten: the lyrics are 3,779 characters as sent; MiniMax's lyrics model edits at most 3,500; nothing was sent/);
    assert.equal(fake.requests.length, 0);
  });
});
