/**
 * Regenerates test/fixtures/audio/take.mp3 (committed; CI never runs this):
 *
 *   apt-get install -y lame && npx tsc -p . && node out/test/fakeProvider/makeMp3Fixture.js
 *
 * Renders four seconds of the demo tune as WAV, then encodes it with LAME at a
 * constant 96 kbit/s (about 48 KB) with an ID3v2 tag, as MiniMax's MP3s have.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_TUNE, renderWav } from './audio';
import { MP3_FIXTURE_SAMPLE_RATE, MP3_FIXTURE_SECONDS } from './files';

const repoRoot = path.resolve(__dirname, '../../..');
const target = path.join(repoRoot, 'test', 'fixtures', 'audio', 'take.mp3');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'take-mp3-'));
const wavPath = path.join(workDir, 'take.wav');
try {
  fs.writeFileSync(wavPath, renderWav({ durationSeconds: MP3_FIXTURE_SECONDS, sampleRate: MP3_FIXTURE_SAMPLE_RATE, channels: 2, tone: DEMO_TUNE }));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const lame = spawnSync(
    'lame',
    [
      '--quiet',
      '--cbr',
      '-b',
      '96',
      '-m',
      'j',
      '--resample',
      '44.1',
      '--id3v2-only',
      '--tt',
      'Fake take',
      '--ta',
      'Lyrics Studio fake provider',
      wavPath,
      target,
    ],
    { stdio: 'inherit' },
  );
  if (lame.error || lame.status !== 0) throw lame.error ?? new Error(`lame exited with ${String(lame.status)}`);
  process.stdout.write(`wrote ${target} (${fs.statSync(target).size} bytes)\n`);
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}
