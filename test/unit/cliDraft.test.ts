/**
 * `lyrics draft` as a child process of dist/cli.js against the fake MiniMax
 * on loopback: the file it writes (never over another), what it prints, and
 * its exit status for each failure, with nothing written then.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_DRAFT_LYRICS, type FakeProvider } from '../fakeProvider';
import { cleanEnvironment, fakeEnvironment, lines, useCliSuite, type Finished } from './cliHarness';
import { until } from './generateHarness';

const EXISTING_SONG = '---\nprompt: p\n---\nla\n';

describe('lyrics draft (child process of dist/cli.js ↔ fake MiniMax)', function () {
  const suite = useCliSuite('draft', EXISTING_SONG);
  let fake: FakeProvider;
  let dir: string;
  beforeEach(() => ({ fake, dir } = suite));

  const files = (): string[] => fs.readdirSync(dir).sort();
  const draft = (args: string[], env?: NodeJS.ProcessEnv): Promise<Finished> => suite.lyrics(['draft', ...args], env).finished;

  /** A refusal or failure: one `lyrics:` reason line (after any progress line), nothing on stdout, nothing new in the folder. */
  function assertNothingWritten(result: Finished, code: number, reason: RegExp): void {
    assert.equal(result.code, code, result.stderr);
    const reasons = lines(result.stderr).filter((line) => line.startsWith('lyrics:'));
    assert.equal(reasons.length, 1, result.stderr);
    assert.match(reasons[0] ?? '', reason);
    assert.doesNotMatch(result.stderr, /^\s+at |\.js:\d+/m, 'no stack trace');
    assert.equal(result.stdout, '');
    assert.deepEqual(files(), ['song.lyrics']);
  }

  it('writes midnight-drive.lyrics: front matter (prompt as given, title, style tags), then the lyrics; prints its path', async () => {
    const result = await draft(['--prompt', 'A song about night drives: neon, rain']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'midnight-drive.lyrics\n');
    assert.equal(result.stderr, "Drafting lyrics with MiniMax's lyrics model ($0.01 a call)…\n");
    assert.equal(
      fs.readFileSync(path.join(dir, 'midnight-drive.lyrics'), 'utf8'),
      `---\ntitle: Midnight Drive\nprompt: "A song about night drives: neon, rain"\n# style tags from MiniMax: Synthwave, Nostalgic, Driving, Female Vocals\n---\n${FAKE_DRAFT_LYRICS}\n`,
    );
    const [request, ...more] = fake.requestsFor('lyrics', 'minimax');
    assert.equal(more.length, 0);
    assert.deepEqual(request?.body, { mode: 'write_full_song', prompt: 'A song about night drives: neon, rain' });
  });

  it('sends --title, keeps the title as returned, and answers --json with file, title and style tags', async () => {
    const result = await draft(['--prompt', 'p', '--title', 'Neon Rain', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      file: 'neon-rain.lyrics',
      title: 'Neon Rain',
      styleTags: ['Synthwave', 'Nostalgic', 'Driving', 'Female Vocals'],
    });
    assert.equal((fake.requestsFor('lyrics')[0]?.body as { title?: string }).title, 'Neon Rain');
  });

  it('never overwrites: -2, -3 when the name is taken', async () => {
    fs.writeFileSync(path.join(dir, 'midnight-drive.lyrics'), 'mine');
    assert.equal((await draft(['--prompt', 'p'])).stdout, 'midnight-drive-2.lyrics\n');
    assert.equal((await draft(['--prompt', 'p'])).stdout, 'midnight-drive-3.lyrics\n');
    assert.equal(fs.readFileSync(path.join(dir, 'midnight-drive.lyrics'), 'utf8'), 'mine');
  });

  it('--out writes exactly there; an --out that exists is refused (exit 2) before anything is sent', async () => {
    const written = await draft(['--prompt', 'p', '--out', 'drafts-here.lyrics']);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(written.stdout, 'drafts-here.lyrics\n');
    fake.reset();
    const refused = await draft(['--prompt', 'p', '--out', 'song.lyrics']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^lyrics: song\.lyrics exists, and a draft never overwrites a file; nothing was sent$/m);
    assert.equal(fs.readFileSync(path.join(dir, 'song.lyrics'), 'utf8'), EXISTING_SONG);
    assert.equal(fake.requests.length, 0);
  });

  it('a draft over 3,500 characters is written whole, with the usual lint note on stderr', async () => {
    const long = Array.from({ length: 150 }, (_, i) => `This is line ${i} of a very long draft`).join('\n');
    fake.setMinimax({ lyricsAnswer: { lyrics: long } });
    const result = await draft(['--prompt', 'p']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(fs.readFileSync(path.join(dir, 'midnight-drive.lyrics'), 'utf8').endsWith(`${long}\n`));
    assert.match(result.stderr, /^midnight-drive\.lyrics:\d+:\d+ error lyrics-too-long /m);
  });

  const failures: Array<[string, Parameters<FakeProvider['setFaults']>[0], RegExp]> = [
    [
      '1008 insufficient balance',
      { lyrics: { kind: 'minimaxBaseResp', statusCode: 1008 } },
      /^lyrics: The MiniMax account has insufficient balance \(“1008 insufficient balance”, HTTP 200\)\. Add credits/,
    ],
    [
      '1026 sensitive input',
      { lyrics: { kind: 'minimaxBaseResp', statusCode: 1026 } },
      /^lyrics: MiniMax flagged the prompt or lyrics as sensitive .*Rephrase/,
    ],
    [
      '2013 invalid parameters',
      { lyrics: { kind: 'minimaxBaseResp', statusCode: 2013 } },
      /^lyrics: MiniMax’s lyrics model rejected a parameter .*Check the prompt/,
    ],
    ['2049 invalid key', { lyrics: { kind: 'minimaxBaseResp', statusCode: 2049 } }, /^lyrics: The MiniMax API key is invalid .*LYRICS_MINIMAX_BASE_URL/],
    ['HTTP 500', { lyrics: { kind: 'status', status: 500 } }, /^lyrics: .*HTTP 500.*try again later\. Nothing was written\.$/],
  ];
  for (const [name, fault, reason] of failures) {
    it(`${name}: exit 1, one line, nothing written`, async () => {
      fake.setFaults(fault);
      assertNothingWritten(await draft(['--prompt', 'p']), 1, reason);
    });
  }

  it('a hang ends at LYRICS_REQUEST_TIMEOUT_MINUTES: exit 1, nothing written', async () => {
    fake.setFaults({ lyrics: { kind: 'neverAnswer' } });
    const result = await draft(['--prompt', 'p'], { ...fakeEnvironment(fake), LYRICS_REQUEST_TIMEOUT_MINUTES: '0.005' });
    assertNothingWritten(
      result,
      1,
      /^lyrics: No lyrics from MiniMax after 300 ms: the request timed out\. Try again, or raise LYRICS_REQUEST_TIMEOUT_MINUTES\./,
    );
  });

  it('Ctrl-C during a hang: exit 130, nothing written', async () => {
    fake.setFaults({ lyrics: { kind: 'neverAnswer' } });
    const running = suite.lyrics(['draft', '--prompt', 'p']);
    await until(() => fake.requestsFor('lyrics').length === 1, 'the lyrics request');
    running.child.kill('SIGINT');
    assertNothingWritten(await running.finished, 130, /^lyrics: interrupted; nothing was written$/);
  });

  it('without MINIMAX_API_KEY: exit 2, says only MiniMax has a lyrics model, nothing sent', async () => {
    const { MINIMAX_API_KEY: _key, ...withoutKey } = fakeEnvironment(fake);
    assertNothingWritten(
      await draft(['--prompt', 'p'], withoutKey),
      2,
      /^lyrics: draft needs MINIMAX_API_KEY in the environment: only MiniMax offers a lyrics model; nothing was sent$/,
    );
    assert.equal(fake.requests.length, 0);
  });

  it('a plain-http base URL off the machine is refused: exit 2, nothing sent', async () => {
    const env = { ...cleanEnvironment(), MINIMAX_API_KEY: 'k', LYRICS_MINIMAX_BASE_URL: 'http://example.com/v1' };
    assertNothingWritten(
      await draft(['--prompt', 'p'], env),
      2,
      /^lyrics: LYRICS_MINIMAX_BASE_URL: http:\/\/example\.com is not allowed: .*; nothing was sent$/,
    );
  });

  it('usage errors: exit 2', async () => {
    for (const args of [[], ['--prompt', ' '], ['--prompt', 'p', 'extra.lyrics'], ['--prompt', 'p', '--nope'], ['--prompt', 'x'.repeat(2001)]]) {
      const result = await draft(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^lyrics: /);
    }
    assert.equal(fake.requests.length, 0);
  });

  it('answers --help', async () => {
    const result = await draft(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^ {2}draft --prompt TEXT \[--title TEXT\] \[--out FILE\] \[--json\]$/m);
  });
});
