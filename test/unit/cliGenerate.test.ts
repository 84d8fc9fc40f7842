/**
 * `lyrics generate` as a child process of dist/cli.js against the fake
 * provider on loopback (base URLs and credentials from the environment):
 * stdout, stderr and exit status as the issue specifies them, and what is
 * left behind on failure or Ctrl-C: nothing before the provider accepted the
 * song, only its recovery record (and the command that recovers it at no
 * cost) after.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FakeProvider } from '../fakeProvider';
import { fakeEnvironment as sharedFakeEnvironment, lines, useCliSuite, type Finished, type Running } from './cliHarness';
import { until } from './generateHarness';

const SONG = '---\nprompt: Upbeat indie pop, 118 BPM\n---\n[Verse]\nStreetlights hum a borrowed tune\n\n[Chorus]\nSing it back to me\n';
const WITH_LINT_ERROR = '---\nprompt: Upbeat pop\nsample_rate: 48000\n---\n[Verse]\nla la\n';

describe('lyrics generate (child process of dist/cli.js ↔ fake provider)', function () {
  const suite = useCliSuite('generate', SONG);
  let fake: FakeProvider;
  let dir: string;
  beforeEach(() => ({ fake, dir } = suite));

  const fakeEnvironment = (): NodeJS.ProcessEnv => sharedFakeEnvironment(fake);
  const lyrics = (args: string[], env?: NodeJS.ProcessEnv): Running => suite.lyrics(args, env);

  const takesDir = (): string => path.join(dir, 'takes');
  /** Files in the output folder, the hidden `.part` included; none when it was never created. */
  const takes = (folder = takesDir()): string[] => suite.takes(folder);

  /** A failure's stderr: progress lines, then exactly one `lyrics:` line with the reason, and no stack trace. */
  function assertOneLineReason(result: Finished, pattern: RegExp): void {
    assertReasonLines(result, [pattern]);
  }

  /**
   * A failure's stderr: progress lines, then exactly these `lyrics:` lines, last (the reason, then what the song cost and
   * how to get it), and no stack trace. Returns the lines.
   */
  function assertReasonLines(result: Finished, patterns: readonly RegExp[]): string[] {
    const reasons = lines(result.stderr).filter((line) => line.startsWith('lyrics:'));
    assert.equal(reasons.length, patterns.length, `${patterns.length} reason line(s) in:\n${result.stderr}`);
    patterns.forEach((pattern, i) => assert.match(reasons[i] ?? '', pattern));
    assert.deepEqual(lines(result.stderr).slice(-reasons.length), reasons, 'the reasons are the last lines');
    assert.doesNotMatch(result.stderr, /^\s+at |Error:|\.js:\d+/m, 'no stack trace');
    assert.equal(result.stdout, '');
    return reasons;
  }

  /** The one recovery record in the output folder, relative to the song's folder (as the CLI prints it). */
  function onlyRecord(): string {
    const entries = takes();
    assert.equal(entries.length, 1, `only the record in ${entries.join(', ')}`);
    assert.match(entries[0] ?? '', /^song-\d{8}-\d{6}\.pending\.json$/);
    return `takes/${entries[0] ?? ''}`;
  }

  /** The command the CLI printed gets the paid song without a new generate request, and removes the record. */
  async function assertRecoverWorks(record: string): Promise<void> {
    fake.setFaults({});
    const generated = fake.requestsFor('generate').length;
    const recovered = await lyrics(['recover', record]).finished;
    assert.equal(recovered.code, 0, recovered.stderr);
    assert.match(recovered.stdout, /^takes\/song-\d{8}-\d{6}\.(mp3|wav)\n$/);
    assert.equal(fake.requestsFor('generate').length, generated, 'no new generate request');
    assert.deepEqual(
      takes().map((name) => name.replace(/\.\w+$/, '')),
      [path.basename(record, '.pending.json'), path.basename(record, '.pending.json')],
      'the take and its sidecar, under the record’s name; the record is gone',
    );
  }

  describe('success (exit 0)', () => {
    it('cloudflare by default: stdout is the audio path, progress on stderr, take and sidecar in takes/', async () => {
      const result = await lyrics(['generate', 'song.lyrics']).finished;
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^takes\/song-\d{8}-\d{6}\.mp3\n$/);
      const audio = path.join(dir, result.stdout.trim());
      assert.ok(fs.statSync(audio).size > 1000);
      const sidecar = JSON.parse(fs.readFileSync(audio.replace(/\.mp3$/, '.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(sidecar.provider, 'cloudflare');
      assert.equal(sidecar.audio, path.basename(audio));
      assert.deepEqual(takes(), [path.basename(audio).replace(/\.mp3$/, '.json'), path.basename(audio)]);
      const progress = lines(result.stderr);
      assert.equal(progress[0], 'Submitting to Cloudflare…');
      assert.ok(progress.includes('Generating at Cloudflare… (this takes a few minutes)'));
      // A 49 KB take is counted in KB, not "0.0 of 0.0 MB"; at most one line per tenth of it.
      const downloading = progress.filter((line) => line.startsWith('Downloading… '));
      assert.ok(downloading.length >= 2 && downloading.length <= 11, downloading.join('\n'));
      assert.ok(
        downloading.every((line) => /^Downloading… \d+ KB of 49 KB$/.test(line)),
        downloading.join('\n'),
      );
      assert.equal(downloading.at(-1), 'Downloading… 49 KB of 49 KB');
      assert.equal(progress.at(-1), 'Saving…');
      assert.equal(fake.requestsFor('generate', 'cloudflare').length, 1);
    });

    it('--provider scenario --json: prints {audio, sidecar, provider, durationMs}', async () => {
      // The job succeeds at the first poll, which the CLI makes after its fixed first wait of 1 s.
      fake.setScenario({ pollsPerStatus: 0 });
      const result = await lyrics(['generate', 'song.lyrics', '--provider', 'scenario', '--json']).finished;
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(printed).sort(), ['audio', 'durationMs', 'provider', 'sidecar']);
      assert.equal(printed.provider, 'scenario');
      assert.match(String(printed.audio), /^takes\/song-\d{8}-\d{6}\.mp3$/);
      assert.equal(printed.sidecar, String(printed.audio).replace(/\.mp3$/, '.json'));
      assert.ok(fs.existsSync(path.join(dir, String(printed.audio))));
      assert.ok(fs.existsSync(path.join(dir, printed.sidecar)));
      assert.ok(Math.abs(Number(printed.durationMs) - 4000) <= 150, `durationMs ${String(printed.durationMs)}`);
      assert.deepEqual(lines(result.stderr).slice(0, 1), ['Submitting to Scenario…']);
    });

    it('the front matter’s provider (minimax) and --out DIR', async () => {
      fs.writeFileSync(path.join(dir, 'song.lyrics'), SONG.replace('---\n[Verse]', 'provider: minimax\nformat: wav\n---\n[Verse]'));
      const result = await lyrics(['generate', 'song.lyrics', '--out', 'elsewhere/renders', '--json']).finished;
      assert.equal(result.code, 0, result.stderr);
      const printed = JSON.parse(result.stdout) as Record<string, unknown>;
      assert.equal(printed.provider, 'minimax');
      assert.match(String(printed.audio), /^elsewhere\/renders\/song-\d{8}-\d{6}\.wav$/);
      assert.equal(printed.durationMs, 3000, 'from MiniMax’s extra_info');
      assert.deepEqual(takes(), []);
      assert.equal(takes(path.join(dir, 'elsewhere/renders')).length, 2);
    });
  });

  describe('provider, network or audio failure (exit 1)', () => {
    it('401: one line naming the provider and what to do, no file', async () => {
      fake.setFaults({ generate: { kind: 'status', status: 401 } });
      const result = await lyrics(['generate', 'song.lyrics']).finished;
      assert.equal(result.code, 1);
      assertOneLineReason(result, /^lyrics: Cloudflare refused the request: the account ID or API token is wrong.*HTTP 401.*Check the API credentials\.$/);
      assert.deepEqual(takes(), []);
    });

    it('HTML served as audio (after acceptance): no take, no sidecar, no .part; the record and the command that recovers it', async () => {
      fake.setFaults({ download: { kind: 'htmlAsAudio' } });
      const result = await lyrics(['generate', 'song.lyrics', '--provider', 'minimax']).finished;
      assert.equal(result.code, 1);
      const record = onlyRecord();
      const [reason, note] = assertReasonLines(result, [
        // With a record the next step is recovery, not the kind's "Try again" (which would pay twice).
        /^lyrics: MiniMax sent something that is not MP3 or WAV audio \(HTTP 200, request id [0-9a-f]{32}\)\.$/,
        /^lyrics: the song was generated and billed \(request id [0-9a-f]{32}\); retry the download, at no cost, with: lyrics recover /,
      ]);
      assert.equal(
        note,
        `lyrics: the song was generated and billed (request id ${/request id ([0-9a-f]{32})/.exec(reason ?? '')?.[1] ?? '?'}); retry the download, at no cost, with: lyrics recover ${record}`,
      );
      assert.equal(fake.requestsFor('generate').length, 1);
      await assertRecoverWorks(record);
    });

    it('MiniMax base_resp 1008: quota, with the provider’s words', async () => {
      fake.setFaults({ generate: { kind: 'minimaxBaseResp', statusCode: 1008 } });
      const result = await lyrics(['generate', 'song.lyrics', '--provider', 'minimax']).finished;
      assert.equal(result.code, 1);
      assertOneLineReason(result, /^lyrics: The MiniMax account has insufficient balance \(“1008 insufficient balance”.*Add credits/);
    });

    it('LYRICS_REQUEST_TIMEOUT_MINUTES bounds the whole generation (the sent POST may still be billed; nothing to recover)', async () => {
      fake.setDelays({ generate: 60_000 });
      const result = await lyrics(['generate', 'song.lyrics'], { ...fakeEnvironment(), LYRICS_REQUEST_TIMEOUT_MINUTES: '0.005' }).finished;
      assert.equal(result.code, 1);
      assertReasonLines(result, [
        // In a terminal the advice names the variable that sets the bound, not the editor's setting.
        /^lyrics: No song from Cloudflare after 0 s: the generation timed out\. Try again, or raise LYRICS_REQUEST_TIMEOUT_MINUTES\.$/,
        /^lyrics: the song may still have been generated and billed; check the provider's logs before generating again$/,
      ]);
      assert.equal(fake.requestsFor('generate').length, 1);
      assert.deepEqual(takes(), []);
    });
  });

  describe('nothing is sent (exit 2)', () => {
    const usageCases: Array<[string, string[]]> = [
      ['no file', ['generate']],
      ['two files', ['generate', 'song.lyrics', 'song.lyrics']],
      ['an unknown provider', ['generate', 'song.lyrics', '--provider', 'suno']],
      ['an unknown option', ['generate', 'song.lyrics', '--loud']],
      ['a missing file', ['generate', 'nope.lyrics']],
    ];
    for (const [title, args] of usageCases) {
      it(`usage error: ${title}`, async () => {
        const result = await lyrics(args).finished;
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, /^lyrics: /);
        assert.doesNotMatch(result.stderr, /^\s+at /m);
        assert.equal(result.stdout, '');
        assert.equal(fake.requests.length, 0);
      });
    }

    it('a lint error in the document', async () => {
      fs.writeFileSync(path.join(dir, 'song.lyrics'), WITH_LINT_ERROR);
      const result = await lyrics(['generate', 'song.lyrics']).finished;
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^lyrics: song\.lyrics:3:\d+ [\w-]+: .*48000/m);
      assert.match(result.stderr, /nothing was sent/);
      assert.equal(fake.requests.length, 0);
      assert.deepEqual(takes(), []);
    });

    it('missing credentials name the variables', async () => {
      const env = fakeEnvironment();
      delete env.SCENARIO_API_SECRET;
      const result = await lyrics(['generate', 'song.lyrics', '--provider', 'scenario'], env).finished;
      assert.equal(result.code, 2);
      assert.equal(result.stderr, 'lyrics: Scenario needs SCENARIO_API_SECRET in the environment; nothing was sent\n');
      assert.equal(fake.requests.length, 0);
    });

    it('an empty credential counts as missing', async () => {
      const result = await lyrics(['generate', 'song.lyrics'], { ...fakeEnvironment(), CLOUDFLARE_API_TOKEN: '  ' }).finished;
      assert.equal(result.code, 2);
      assert.match(result.stderr, /CLOUDFLARE_API_TOKEN/);
      assert.equal(fake.requests.length, 0);
    });

    it('a plain-http base URL that is not loopback (yet would reach the fake) is refused', async () => {
      // 0.0.0.0 connects to this machine, so the fake would record a request if one were sent.
      const env = { ...fakeEnvironment(), LYRICS_MINIMAX_BASE_URL: `http://0.0.0.0:${fake.port}/minimax/v1` };
      const result = await lyrics(['generate', 'song.lyrics', '--provider', 'minimax'], env).finished;
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^lyrics: LYRICS_MINIMAX_BASE_URL: http:\/\/0\.0\.0\.0:\d+ is not allowed: .*https.*nothing was sent\n$/);
      assert.equal(fake.requests.length, 0);
    });

    it('an output folder that can’t take the take (a file): nothing is sent', async () => {
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a folder\n');
      const result = await lyrics(['generate', 'song.lyrics', '--out', 'notes.txt']).finished;
      assert.equal(result.code, 2, result.stderr);
      const folder = path.join(fs.realpathSync(dir), 'notes.txt');
      assert.equal(result.stderr, `lyrics: Can’t save the take in ${folder}: it is a file, not a folder. Nothing was sent.\n`);
      assert.equal(result.stdout, '');
      assert.equal(fake.requests.length, 0);
      assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'not a folder\n');
    });

    it('a base URL with a user name and password is refused', async () => {
      const env = { ...fakeEnvironment(), LYRICS_CLOUDFLARE_BASE_URL: `http://user:pw@127.0.0.1:${fake.port}/cloudflare/client/v4` };
      const result = await lyrics(['generate', 'song.lyrics'], env).finished;
      assert.equal(result.code, 2);
      assert.match(result.stderr, /must not carry a user name or password/);
      assert.doesNotMatch(result.stderr, /pw@/);
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('Ctrl-C (exit 130)', () => {
    it('SIGINT while the (synchronous) generate request is in flight aborts it; nothing is saved, but it may be billed', async () => {
      fake.setDelays({ generate: 60_000 });
      const running = lyrics(['generate', 'song.lyrics']);
      await until(() => fake.requestsFor('generate').length === 1, 'the generate request');
      running.child.kill('SIGINT');
      const result = await running.finished;
      assert.equal(result.code, 130, result.stderr);
      // The POST reached Cloudflare, which goes on generating (and billing): no URL to keep, so say so instead.
      assertReasonLines(result, [
        /^lyrics: interrupted\.$/,
        /^lyrics: the song may still have been generated and billed; check the provider's logs before generating again$/,
      ]);
      assert.equal(fake.requestsFor('generate').length, 1);
      assert.deepEqual(takes(), []);
    });

    it('SIGINT mid-download removes the temporary file and keeps the recovery record', async () => {
      // A WAV far too big to finish before the signal lands (yet under the 512 MB a take may have).
      fake.setAudio({ wavTotalBytes: 448 * 1024 * 1024 });
      fs.writeFileSync(path.join(dir, 'song.lyrics'), SONG.replace('---\n[Verse]', 'format: wav\n---\n[Verse]'));
      const running = lyrics(['generate', 'song.lyrics']);
      await running.stderrMatches(/^Downloading… /);
      await until(() => takes().some((name) => name.endsWith('.part')), 'the .part file');
      running.child.kill('SIGINT');
      const result = await running.finished;
      assert.equal(result.code, 130, result.stderr);
      const record = onlyRecord(); // no .part, no take
      assertReasonLines(result, [
        /^lyrics: interrupted\.$/,
        // (The cancel error itself carries no request id; the record does.)
        new RegExp(
          `^lyrics: the song was generated and billed( \\(request id [0-9A-Z]{26}\\))?; retry the download, at no cost, with: lyrics recover ${record.replace(/\./g, '\\.')}$`,
        ),
      ]);
      const kept = JSON.parse(fs.readFileSync(path.join(dir, record), 'utf8')) as { requestId: unknown; audioUrls: unknown };
      assert.equal(kept.requestId, fake.requestsFor('generate')[0]?.logId, 'the record keeps the AI Gateway log id');
      assert.ok(Array.isArray(kept.audioUrls) && kept.audioUrls.length === 1, 'and the URL to download again');
      assert.equal(fake.requestsFor('generate').length, 1);
    });
  });
});
