/**
 * `lyrics generate` as a child process of dist/cli.js against the fake
 * provider on loopback (base URLs and credentials from the environment):
 * stdout, stderr and exit status as the issue specifies them, and nothing
 * left behind on failure or Ctrl-C.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { until } from './generateHarness';

const repoRoot = path.resolve(__dirname, '../../..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');

const SONG = '---\nprompt: Upbeat indie pop, 118 BPM\n---\n[Verse]\nStreetlights hum a borrowed tune\n\n[Chorus]\nSing it back to me\n';
const WITH_LINT_ERROR = '---\nprompt: Upbeat pop\nsample_rate: 48000\n---\n[Verse]\nla la\n';

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Running {
  readonly child: ChildProcess;
  readonly finished: Promise<Finished>;
  /** Resolves when stderr has printed a line matching `pattern`. */
  stderrMatches(pattern: RegExp): Promise<void>;
}

/** The environment without any real credentials or base URLs the developer may have set. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(CLOUDFLARE_|SCENARIO_|MINIMAX_|LYRICS_)/.test(name)));
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

describe('lyrics generate (child process of dist/cli.js ↔ fake provider)', function () {
  let fake: FakeProvider;
  let dir: string;
  /** Children this suite started, so a failed test cannot leave one running. */
  const children = new Set<ChildProcess>();

  before(async () => {
    assert.ok(fs.existsSync(cliPath), 'run `npm run build` first');
    fake = await startFakeProvider();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-cli-generate-'));
    fs.writeFileSync(path.join(dir, 'song.lyrics'), SONG);
  });
  afterEach(() => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    children.clear();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Everything the fake needs: its base URLs and credentials. */
  function fakeEnvironment(): NodeJS.ProcessEnv {
    return {
      ...cleanEnvironment(),
      LYRICS_CLOUDFLARE_BASE_URL: fake.baseUrls.cloudflare,
      LYRICS_SCENARIO_BASE_URL: fake.baseUrls.scenario,
      LYRICS_MINIMAX_BASE_URL: fake.baseUrls.minimax,
      CLOUDFLARE_ACCOUNT_ID: fake.credentials.cloudflare.accountId,
      CLOUDFLARE_API_TOKEN: fake.credentials.cloudflare.apiToken,
      SCENARIO_API_KEY: fake.credentials.scenario.apiKey,
      SCENARIO_API_SECRET: fake.credentials.scenario.apiSecret,
      MINIMAX_API_KEY: fake.credentials.minimax.apiKey,
    };
  }

  function lyrics(args: string[], env: NodeJS.ProcessEnv = fakeEnvironment()): Running {
    // Asynchronous on purpose: the fake provider answers from this very process.
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      for (const waiter of [...waiters]) {
        if (lines(stderr).some((line) => waiter.pattern.test(line))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
    const finished = new Promise<Finished>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    return {
      child,
      finished,
      stderrMatches: (pattern) =>
        new Promise<void>((resolve, reject) => {
          if (lines(stderr).some((line) => pattern.test(line))) return resolve();
          waiters.push({ pattern, resolve });
          void finished.then((result) => reject(new Error(`exited (${result.code}) before stderr matched ${pattern}: ${result.stderr}`)));
        }),
    };
  }

  const takesDir = (): string => path.join(dir, 'takes');
  /** Files in the output folder, the hidden `.part` included; none when it was never created. */
  const takes = (folder = takesDir()): string[] => (fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []);

  /** A failure's stderr: progress lines, then exactly one `lyrics:` line with the reason, and no stack trace. */
  function assertOneLineReason(result: Finished, pattern: RegExp): void {
    const reasons = lines(result.stderr).filter((line) => line.startsWith('lyrics:'));
    assert.equal(reasons.length, 1, `one reason line in:\n${result.stderr}`);
    assert.match(reasons[0] ?? '', pattern);
    assert.equal(lines(result.stderr).at(-1), reasons[0], 'the reason is the last line');
    assert.doesNotMatch(result.stderr, /^\s+at |Error:|\.js:\d+/m, 'no stack trace');
    assert.equal(result.stdout, '');
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
      assert.ok(progress.some((line) => /^Downloading… \d+\.\d of \d+\.\d MB$/.test(line)));
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
      assert.ok(fs.existsSync(path.join(dir, String(printed.sidecar))));
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

    it('HTML served as audio: no take, no sidecar, no .part in the output folder', async () => {
      fake.setFaults({ download: { kind: 'htmlAsAudio' } });
      const result = await lyrics(['generate', 'song.lyrics', '--provider', 'minimax']).finished;
      assert.equal(result.code, 1);
      assertOneLineReason(result, /^lyrics: MiniMax sent something that is not MP3 or WAV audio.*Try again/);
      assert.deepEqual(takes(), []);
    });

    it('MiniMax base_resp 1008: quota, with the provider’s words', async () => {
      fake.setFaults({ generate: { kind: 'minimaxBaseResp', statusCode: 1008 } });
      const result = await lyrics(['generate', 'song.lyrics', '--provider', 'minimax']).finished;
      assert.equal(result.code, 1);
      assertOneLineReason(result, /^lyrics: The MiniMax account has insufficient balance \(“1008 insufficient balance”.*Add credits/);
    });

    it('LYRICS_REQUEST_TIMEOUT_MINUTES bounds the whole generation', async () => {
      fake.setDelays({ generate: 60_000 });
      const result = await lyrics(['generate', 'song.lyrics'], { ...fakeEnvironment(), LYRICS_REQUEST_TIMEOUT_MINUTES: '0.005' }).finished;
      assert.equal(result.code, 1);
      assertOneLineReason(result, /^lyrics: No song from Cloudflare after 0 s: the generation timed out.*lyrics\.requestTimeoutMinutes/);
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
    it('SIGINT while the generate request is in flight aborts it; nothing is saved', async () => {
      fake.setDelays({ generate: 60_000 });
      const running = lyrics(['generate', 'song.lyrics']);
      await until(() => fake.requestsFor('generate').length === 1, 'the generate request');
      running.child.kill('SIGINT');
      const result = await running.finished;
      assert.equal(result.code, 130, result.stderr);
      assert.equal(lines(result.stderr).at(-1), 'lyrics: interrupted; nothing was saved');
      assert.doesNotMatch(result.stderr, /^\s+at /m);
      assert.equal(result.stdout, '');
      assert.deepEqual(takes(), []);
    });

    it('SIGINT mid-download removes the temporary file', async () => {
      // A WAV far too big to finish before the signal lands.
      fake.setAudio({ wavTotalBytes: 1024 * 1024 * 1024 });
      fs.writeFileSync(path.join(dir, 'song.lyrics'), SONG.replace('---\n[Verse]', 'format: wav\n---\n[Verse]'));
      const running = lyrics(['generate', 'song.lyrics']);
      await running.stderrMatches(/^Downloading… /);
      await until(() => takes().some((name) => name.endsWith('.part')), 'the .part file');
      running.child.kill('SIGINT');
      const result = await running.finished;
      assert.equal(result.code, 130, result.stderr);
      assert.equal(lines(result.stderr).at(-1), 'lyrics: interrupted; nothing was saved');
      assert.deepEqual(takes(), [], 'no .part, no take');
    });
  });
});
