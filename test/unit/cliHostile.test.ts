/**
 * `lyrics generate` (a child process of dist/cli.js) against a hostile or
 * broken provider and odd inputs (issue 8): an output folder under /proc,
 * a download without Content-Length, provider words that try to drive the
 * terminal or echo the user's token, and a time-out too large for a timer.
 * What reaches the terminal is checked byte for byte where it matters.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FakeProvider } from '../fakeProvider';
import { fakeEnvironment, lines, useCliSuite, type Running } from './cliHarness';

const SONG = '---\nprompt: Upbeat indie pop, 118 BPM\n---\n[Verse]\nStreetlights hum a borrowed tune\n';
const WAV_SONG = '---\nprompt: Upbeat indie pop, 118 BPM\nformat: wav\n---\n[Verse]\nStreetlights hum a borrowed tune\n';
/** Anything a terminal would act on rather than print. */
// eslint-disable-next-line no-control-regex -- these are the characters a terminal would act on.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('lyrics generate against a hostile provider (child process of dist/cli.js ↔ fake provider)', function () {
  const suite = useCliSuite('hostile', SONG);
  let fake: FakeProvider;
  let dir: string;
  beforeEach(() => ({ fake, dir } = suite));

  const lyrics = (args: string[], env?: NodeJS.ProcessEnv): Running => suite.lyrics(args, env);
  const takes = (): string[] => suite.takes();

  it('--out /proc/self/x answers at once (a folder can’t be created there) instead of hanging; nothing is sent', async () => {
    const result = await lyrics(['generate', 'song.lyrics', '--out', '/proc/self/x']).finished;
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr, 'lyrics: Can’t save the take in /proc/self/x: a folder can’t be created there. Nothing was sent.\n');
    assert.equal(fake.requests.length, 0);
  });

  it('a download without Content-Length prints a handful of progress lines, not one per 0.1 MB', async () => {
    fake.setAudio({ wavTotalBytes: 40 * 1024 * 1024 });
    fake.setFaults({ download: { kind: 'noContentLength' } });
    fs.writeFileSync(path.join(dir, 'song.lyrics'), WAV_SONG);
    const result = await lyrics(['generate', 'song.lyrics']).finished;
    assert.equal(result.code, 0, result.stderr);
    const downloading = lines(result.stderr).filter((line) => line.startsWith('Downloading… '));
    // 0, 1, 2, 4, 8, 16 and 32 MB: each doubling once.
    assert.ok(downloading.length >= 3 && downloading.length <= 8, downloading.join('\n'));
    assert.ok(
      downloading.every((line) => /^Downloading… (\d+ KB|\d+\.\d MB)$/.test(line)),
      downloading.join('\n'),
    );
  });

  it('provider words that retitle the terminal and forge a “Saved” line are printed as plain text on the one error line', async () => {
    const forgery = '\u001b]0;owned\u0007\u001b[2K\rlyrics: Saved takes/ok.mp3\n';
    fake.setFaults({ generate: { kind: 'status', status: 400, message: `Bad input${forgery}${'!'.repeat(5 * 1024 * 1024)}` } });
    const result = await lyrics(['generate', 'song.lyrics']).finished;
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.doesNotMatch(result.stderr, CONTROL);
    const errorLines = lines(result.stderr).filter((line) => line.startsWith('lyrics: '));
    assert.equal(errorLines.length, 1, result.stderr.slice(0, 2000));
    assert.match(
      errorLines[0] ?? '',
      /^lyrics: Cloudflare refused the request \(“5006: Bad input lyrics: Saved takes\/ok\.mp3 !+… \[[\d,]+ more characters cut\]”, HTTP 400, request id [0-9A-Z]{26}\)\. Check the song’s settings\.$/,
    );
    assert.ok(result.stderr.length < 2000, `a 5 MB message is not printed: ${result.stderr.length} characters on stderr`);
    assert.deepEqual(takes(), []);
  });

  it('a provider that echoes the Authorization header: the user’s token is printed as ***', async () => {
    fake.setFaults({ generate: { kind: 'echoAuthorization' } });
    const result = await lyrics(['generate', 'song.lyrics', '--provider', 'minimax']).finished;
    assert.equal(result.code, 1);
    assert.ok(!result.stderr.includes(fake.credentials.minimax.apiKey), result.stderr);
    assert.match(result.stderr, /^lyrics: MiniMax rejected the API key \(“1004 Invalid credentials in header Authorization: Bearer \*\*\*”/m);
  });

  it('LYRICS_REQUEST_TIMEOUT_MINUTES=1e9 is taken as the 120-minute most, not a timer that fires at once', async () => {
    const result = await lyrics(['generate', 'song.lyrics'], { ...fakeEnvironment(fake), LYRICS_REQUEST_TIMEOUT_MINUTES: '1e9' }).finished;
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /TimeoutOverflowWarning|timed out|network/);
    assert.match(result.stdout, /^takes\/song-\d{8}-\d{6}\.mp3\n$/);
  });
});
