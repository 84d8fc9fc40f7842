/**
 * Happy paths of the three provider clients through `runGeneration`, against
 * the fake provider on loopback: what goes over the wire (exactly the fields
 * each provider accepts), what lands on disk (take + sidecar, never-overwrite
 * naming), and that no credential or signed-URL signature is written or
 * logged anywhere.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatLogEntry } from '../../src/core/net/redact';
import type { ProviderId } from '../../src/core/schema';
import { sidecarSchema } from '../../src/core/takes/sidecar';
import { mp3FixturePath, renderWav, type FakeProvider, type RecordedRequest } from '../fakeProvider';
import {
  BYSTANDER,
  expectFailure,
  FIXED_BASE,
  FIXED_NOW,
  INSTRUMENTAL_SONG,
  logLines,
  LYRICS,
  PROMPT,
  PROVIDERS,
  secretsOf,
  startRun,
  useFakeProvider,
  Workspace,
} from './generateHarness';

const MP3_BYTES = fs.readFileSync(mp3FixturePath());

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function onlyRequest(fake: FakeProvider, stage: 'generate' | 'download'): RecordedRequest {
  const requests = fake.requestsFor(stage);
  assert.equal(requests.length, 1, `one ${stage} request`);
  return requests[0] as RecordedRequest;
}

describe('Generate happy paths (runGeneration ↔ fake provider on loopback)', function () {
  const current = useFakeProvider();
  let fake: FakeProvider;
  let workspace: Workspace;
  beforeEach(() => ({ fake, workspace } = current));

  const expectedRequestId: Record<ProviderId, RegExp> = {
    cloudflare: /^[0-9A-HJKMNP-TV-Z]{26}$/, // cf-aig-log-id (a ULID): where the AI Gateway logs list the request and its cost
    scenario: /^job_[0-9A-Za-z]{24}$/, // the job id
    minimax: /^[0-9a-f]{32}$/, // trace_id
  };
  const expectedModel: Record<ProviderId, string> = { cloudflare: 'minimax/music-2.6', scenario: 'model_minimax-music-2-6', minimax: 'music-2.6' };

  for (const provider of PROVIDERS) {
    it(`${provider}: saves <stem>-<time>.mp3 and a complete sidecar`, async () => {
      const run = startRun(fake, workspace, provider);
      const saved = await run.result;

      assert.equal(saved.audioPath, path.join(workspace.out, `${FIXED_BASE}.mp3`));
      assert.equal(saved.sidecarPath, path.join(workspace.out, `${FIXED_BASE}.json`));
      assert.deepEqual(workspace.entries(), [BYSTANDER, `${FIXED_BASE}.json`, `${FIXED_BASE}.mp3`]);
      assert.ok(fs.readFileSync(saved.audioPath).equals(MP3_BYTES), 'the take is the served file, byte for byte');

      const sidecar = readJson(saved.sidecarPath);
      assert.deepEqual(sidecar, saved.sidecar, 'the returned sidecar is what was written');
      assert.ok(sidecarSchema.safeParse(sidecar).success, 'the player’s schema accepts it');
      assert.equal(sidecar.audio, `${FIXED_BASE}.mp3`);
      assert.equal(sidecar.provider, provider);
      assert.equal(sidecar.model, expectedModel[provider]);
      assert.equal(sidecar.format, 'mp3');
      assert.deepEqual(sidecar.settings, {
        is_instrumental: false,
        lyrics_optimizer: false,
        sample_rate: 44100,
        bitrate: 256000,
        ...(provider === 'scenario' ? {} : { format: 'mp3' }),
      });
      assert.equal(sidecar.prompt, PROMPT);
      assert.equal(sidecar.lyrics, LYRICS, 'the lyrics as sent: comments gone');
      assert.equal(sidecar.title, 'Borrowed Tune');
      assert.equal(sidecar.song, path.join('..', 'song.lyrics'));
      assert.equal(sidecar.createdAt, FIXED_NOW.toISOString());
      assert.match(sidecar.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(typeof sidecar.durationMs, 'number');
      // The MP3 fixture is 4 s long: MiniMax says so in extra_info, the others are read from the file.
      if (provider === 'minimax') assert.equal(sidecar.durationMs, 4000);
      else assert.ok(Math.abs((sidecar.durationMs as number) - 4000) <= 150, `duration ${String(sidecar.durationMs)} ms from the MP3 header`);
      assert.match(String(sidecar.requestId), expectedRequestId[provider]);
      if (provider === 'cloudflare')
        assert.equal(sidecar.requestId, fake.requestsFor('generate')[0]?.logId, 'the log id the gateway answered with, not cf-ray');
      assert.equal(sidecar.demo, undefined);

      const stages = run.progress.map((p) => p.stage);
      assert.equal(stages[0], 'submitting');
      assert.ok(stages.includes('generating'));
      assert.ok(stages.includes('downloading'));
      assert.equal(stages.at(-1), 'saving');
    });
  }

  it('scenario: the request id is the job id that was polled', async () => {
    const saved = await startRun(fake, workspace, 'scenario').result;
    const polls = fake.requestsFor('poll');
    assert.ok(polls.length >= 5, 'walked pending → queued → warming-up → in-progress → finalizing → success');
    assert.ok(polls.every((poll) => poll.path === `/scenario/v1/jobs/${saved.sidecar.requestId}`));
    assert.equal(fake.requestsFor('asset').length, 1);
  });

  describe('what goes over the wire', () => {
    it('cloudflare: model + snake_case input, Bearer token, both booleans', async () => {
      await startRun(fake, workspace, 'cloudflare').result;
      const request = onlyRequest(fake, 'generate');
      assert.equal(request.method, 'POST');
      assert.equal(request.path, `/cloudflare/client/v4/accounts/${fake.credentials.cloudflare.accountId}/ai/run`);
      assert.equal(request.headers.authorization, `Bearer ${fake.credentials.cloudflare.apiToken}`);
      assert.match(String(request.headers['content-type']), /^application\/json/);
      assert.deepEqual(request.body, {
        model: 'minimax/music-2.6',
        input: { prompt: PROMPT, lyrics: LYRICS, is_instrumental: false, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000, format: 'mp3' },
      });
    });

    it('scenario: camelCase, Basic auth, no format field', async () => {
      await startRun(fake, workspace, 'scenario').result;
      const request = onlyRequest(fake, 'generate');
      assert.equal(request.path, '/scenario/v1/generate/custom/model_minimax-music-2-6');
      const { apiKey, apiSecret } = fake.credentials.scenario;
      assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`);
      assert.deepEqual(request.body, { prompt: PROMPT, lyrics: LYRICS, isInstrumental: false, lyricsOptimizer: false, sampleRate: 44100, bitrate: 256000 });
      for (const poll of [...fake.requestsFor('poll'), ...fake.requestsFor('asset')]) {
        assert.equal(poll.method, 'GET');
        assert.equal(poll.headers.authorization, request.headers.authorization);
      }
    });

    it('minimax: output_format url, audio_setting, Bearer key', async () => {
      await startRun(fake, workspace, 'minimax').result;
      const request = onlyRequest(fake, 'generate');
      assert.equal(request.path, '/minimax/v1/music_generation');
      assert.equal(request.headers.authorization, `Bearer ${fake.credentials.minimax.apiKey}`);
      assert.deepEqual(request.body, {
        model: 'music-2.6',
        prompt: PROMPT,
        lyrics: LYRICS,
        is_instrumental: false,
        lyrics_optimizer: false,
        output_format: 'url',
        audio_setting: { sample_rate: 44100, bitrate: 256000, format: 'mp3' },
      });
    });

    it('the download carries no credentials and uses the signed URL exactly as given', async () => {
      for (const provider of PROVIDERS) {
        fake.reset();
        await startRun(fake, workspace, provider, { now: () => new Date() }).result;
        const download = onlyRequest(fake, 'download');
        assert.equal(download.headers.authorization, undefined, `${provider}: no Authorization on the CDN request`);
        assert.match(download.query['X-Amz-Credential'] ?? '', /^FAKEACCESSKEY\/\d{8}\/us-east-1\/s3\/aws4_request$/);
      }
    });

    for (const provider of PROVIDERS) {
      it(`${provider}: an instrumental song sends no lyrics, both booleans, and its settings`, async () => {
        const saved = await startRun(fake, workspace, provider, { text: INSTRUMENTAL_SONG }).result;
        const body = onlyRequest(fake, 'generate').body as Record<string, unknown>;
        const fields = provider === 'cloudflare' ? (body.input as Record<string, unknown>) : body;
        assert.equal('lyrics' in fields, false, 'no lyrics field');
        if (provider === 'scenario') {
          assert.deepEqual(fields, { prompt: PROMPT, isInstrumental: true, lyricsOptimizer: false, sampleRate: 24000, bitrate: 128000 });
        } else if (provider === 'cloudflare') {
          assert.deepEqual(fields, { prompt: PROMPT, is_instrumental: true, lyrics_optimizer: false, sample_rate: 24000, bitrate: 128000, format: 'wav' });
        } else {
          assert.deepEqual(fields.audio_setting, { sample_rate: 24000, bitrate: 128000, format: 'wav' });
          assert.equal(fields.is_instrumental, true);
          assert.equal(fields.lyrics_optimizer, false);
        }
        assert.equal(saved.sidecar.lyrics, '');
        // Scenario has no format field: it serves its default (MP3); the others were asked for WAV.
        const extension = provider === 'scenario' ? 'mp3' : 'wav';
        assert.equal(path.basename(saved.audioPath), `${FIXED_BASE}.${extension}`);
        if (extension === 'wav') {
          // The fake's WAV is 3 s at the requested 24 kHz: the duration comes from the header (or extra_info).
          assert.equal(saved.sidecar.durationMs, 3000);
          const bytes = fs.readFileSync(saved.audioPath);
          assert.equal(bytes.readUInt32LE(24), 24000);
          assert.ok(bytes.equals(renderWav({ sampleRate: 24000, channels: 2, durationSeconds: 3 })), 'the served WAV, byte for byte');
        }
      });
    }

    it('lyrics_optimizer with no lyrics: both booleans sent, lyrics omitted', async () => {
      await startRun(fake, workspace, 'minimax', { text: `---\nprompt: ${PROMPT}\nlyrics_optimizer: true\n---\n` }).result;
      const body = onlyRequest(fake, 'generate').body as Record<string, unknown>;
      assert.equal('lyrics' in body, false);
      assert.equal(body.lyrics_optimizer, true);
      assert.equal(body.is_instrumental, false);
    });
  });

  describe('Scenario’s take is whatever its bytes are', () => {
    it('WAV bytes → .wav', async () => {
      fake.setScenario({ audioFormat: 'wav' });
      const saved = await startRun(fake, workspace, 'scenario').result;
      assert.equal(path.basename(saved.audioPath), `${FIXED_BASE}.wav`);
      assert.equal(saved.sidecar.format, 'wav');
      assert.equal(saved.sidecar.settings.format, undefined);
      assert.equal(saved.sidecar.durationMs, 3000);
    });

    it('WAV bytes behind a URL and Content-Type that say MP3 → .wav', async () => {
      fake.setScenario({ audioFormat: 'wav', labelledAs: 'mp3' });
      const saved = await startRun(fake, workspace, 'scenario').result;
      assert.match(fake.requestsFor('download')[0]?.path ?? '', /\.mp3$/);
      assert.equal(path.basename(saved.audioPath), `${FIXED_BASE}.wav`);
      assert.equal(fs.readFileSync(saved.audioPath).subarray(0, 4).toString('latin1'), 'RIFF');
    });

    it('MP3 bytes → .mp3', async () => {
      const saved = await startRun(fake, workspace, 'scenario').result;
      assert.equal(path.extname(saved.audioPath), '.mp3');
      assert.equal(saved.sidecar.format, 'mp3');
    });

    it('also with the job id in `id` (one quickstart’s shape) and the classic Cloudflare envelope on success', async () => {
      fake.setScenario({ jobIdField: 'id' });
      fake.setCloudflare({ successForm: 'envelope' });
      const scenario = await startRun(fake, workspace, 'scenario').result;
      assert.match(String(scenario.sidecar.requestId), /^job_/);
      const cloudflare = await startRun(fake, workspace, 'cloudflare', { now: () => new Date(2026, 10, 21, 11, 0, 0) }).result;
      assert.equal(path.basename(cloudflare.audioPath), 'song-20261121-110000.mp3');
    });
  });

  describe('never overwrites', () => {
    it('a take with the same name exists → -2, and the existing file is untouched', async () => {
      const existing = path.join(workspace.out, `${FIXED_BASE}.mp3`);
      fs.writeFileSync(existing, 'an earlier take');
      const saved = await startRun(fake, workspace, 'cloudflare').result;
      assert.equal(path.basename(saved.audioPath), `${FIXED_BASE}-2.mp3`);
      assert.equal(path.basename(saved.sidecarPath), `${FIXED_BASE}-2.json`);
      assert.equal(saved.sidecar.audio, `${FIXED_BASE}-2.mp3`);
      assert.equal(fs.readFileSync(existing, 'utf8'), 'an earlier take');
      assert.deepEqual(workspace.entries(), [BYSTANDER, `${FIXED_BASE}-2.json`, `${FIXED_BASE}-2.mp3`, `${FIXED_BASE}.mp3`]);
    });

    it('only a sidecar of that name exists (its take was a WAV) → -2, the sidecar untouched', async () => {
      const existing = path.join(workspace.out, `${FIXED_BASE}.json`);
      fs.writeFileSync(existing, '{"audio":"song-20261121-101500.wav"}');
      const saved = await startRun(fake, workspace, 'minimax').result;
      assert.equal(path.basename(saved.audioPath), `${FIXED_BASE}-2.mp3`);
      assert.equal(fs.readFileSync(existing, 'utf8'), '{"audio":"song-20261121-101500.wav"}');
    });

    it('-2 and -3 taken as well → -4', async () => {
      for (const name of [`${FIXED_BASE}.mp3`, `${FIXED_BASE}-2.mp3`, `${FIXED_BASE}-3.json`]) fs.writeFileSync(path.join(workspace.out, name), name);
      const saved = await startRun(fake, workspace, 'minimax').result;
      assert.equal(path.basename(saved.audioPath), `${FIXED_BASE}-4.mp3`);
      for (const name of [`${FIXED_BASE}.mp3`, `${FIXED_BASE}-2.mp3`, `${FIXED_BASE}-3.json`]) {
        assert.equal(fs.readFileSync(path.join(workspace.out, name), 'utf8'), name);
      }
    });

    it('three takes finishing in the same second get three names', async () => {
      const takes = await Promise.all(PROVIDERS.map((provider) => startRun(fake, workspace, provider).result));
      assert.deepEqual(takes.map((take) => path.basename(take.audioPath)).sort(), [`${FIXED_BASE}-2.mp3`, `${FIXED_BASE}-3.mp3`, `${FIXED_BASE}.mp3`]);
      for (const take of takes) assert.equal(readJson(take.sidecarPath).audio, path.basename(take.audioPath));
      assert.equal(workspace.entries().length, 7);
    });

    it('creates a missing output folder', async () => {
      fs.rmSync(workspace.out, { recursive: true });
      const saved = await startRun(fake, workspace, 'cloudflare').result;
      assert.equal(path.dirname(saved.audioPath), workspace.out);
    });
  });

  describe('secrets', () => {
    for (const provider of PROVIDERS) {
      it(`${provider}: no credential or URL signature in the log, the take, the sidecar or an error`, async () => {
        const run = startRun(fake, workspace, provider);
        const saved = await run.result;
        const secrets = secretsOf(fake);
        const signature = fake.requestsFor('download')[0]?.query['X-Amz-Signature'];
        assert.ok(signature && signature.length >= 32);
        secrets.push(signature);

        const lines = logLines(run);
        assert.ok(lines.length >= 2, 'the log has the requests');
        const download = lines.find((line) => line.includes('/files/'));
        assert.match(download ?? '', /^GET http:\/\/127\.0\.0\.1:\d+\/files\/take_\w+\.mp3\?… → 200 \(\d+ ms\)$/, 'the download is logged without its query');
        const generate = lines.find((line) => line.startsWith('POST '));
        assert.match(generate ?? '', / → 200 \(\d+ ms, request id \S+\)/);
        assert.doesNotMatch(lines.join('\n'), /X-Amz-|authorization|Bearer|Basic/i);

        const written = workspace.allFiles();
        assert.ok(written.some((file) => file.file === saved.audioPath));
        assert.ok(written.some((file) => file.file === saved.sidecarPath));
        for (const secret of secrets) {
          for (const line of lines) assert.ok(!line.includes(secret), `log line leaks a secret: ${line}`);
          for (const { file, bytes } of written) assert.ok(!bytes.includes(secret), `${file} contains a secret`);
          assert.ok(!JSON.stringify(run.progress).includes(secret), 'progress updates contain a secret');
        }
        assert.ok(!fs.readFileSync(saved.sidecarPath, 'utf8').includes('/files/'), 'the sidecar does not keep the download URL');

        // A failure, too: its message, description and log name no secret.
        fake.setFaults({ generate: { kind: 'status', status: 401 } });
        const failing = startRun(fake, workspace, provider);
        const error = await expectFailure(failing, provider, 'auth');
        const said = [error.message, error.describe(), error.stack ?? '', ...logLines(failing)].join('\n');
        for (const secret of secrets) assert.ok(!said.includes(secret), `the failure leaks a secret: ${said}`);
      });
    }

    it('formatLogEntry never prints what it is not given (headers are not part of an entry)', () => {
      const line = formatLogEntry({ method: 'GET', url: 'https://cdn.example/a.mp3?…', status: 200, durationMs: 12.4, attempt: 2 });
      assert.equal(line, 'GET https://cdn.example/a.mp3?… → 200 (12 ms, attempt 2)');
    });
  });
});
