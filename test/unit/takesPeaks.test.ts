/** Waveform peaks of WAV takes, computed on the host from the file. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseWavHeader, wavPeaks } from '../../src/core/takes/wavPeaks';
import { mp3FixturePath, renderWav, wavHeader } from '../fakeProvider';

describe('takes: WAV peaks', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-peaks-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('finds each bucket’s maximum and minimum, per channel, and the duration', async () => {
    const file = path.join(folder, 'a.wav');
    fs.writeFileSync(file, renderWav({ durationSeconds: 3, sampleRate: 24000, channels: 2, tone: { kind: 'sine', frequencyHz: 440 }, amplitude: 0.5 }));
    const result = await wavPeaks(file, 100);
    assert.ok(result);
    assert.equal(result.durationSeconds, 3);
    assert.equal(result.peaks.length, 2);
    assert.equal(result.peaks[0]?.length, 200);
    const middle = result.peaks[0]?.slice(20, 180) ?? [];
    const maxima = middle.filter((_, i) => i % 2 === 0);
    const minima = middle.filter((_, i) => i % 2 === 1);
    assert.ok(
      maxima.every((v) => v > 0.45 && v <= 0.5),
      `maxima ${maxima.slice(0, 5).join(', ')}`,
    );
    assert.ok(
      minima.every((v) => v < -0.45 && v >= -0.5),
      `minima ${minima.slice(0, 5).join(', ')}`,
    );
  });

  it('reads silence as zeros, and a data size a streaming writer left at 0 as “to the end”', async () => {
    const file = path.join(folder, 'silence.wav');
    const header = wavHeader(0, 8000, 1); // data size 0
    fs.writeFileSync(file, Buffer.concat([header, Buffer.alloc(8000 * 2)]));
    const result = await wavPeaks(file, 10);
    assert.equal(result?.durationSeconds, 1);
    assert.ok(result?.peaks[0]?.every((v) => v === 0));
  });

  /** A mono 8 kHz WAV of `frames` samples alternating +0.75 / -0.25, as 24-bit PCM or 32-bit float. */
  function wavOf(encoding: 'int24' | 'float32', frames: number): Buffer {
    const bytes = encoding === 'int24' ? 3 : 4;
    const data = Buffer.alloc(frames * bytes);
    for (let i = 0; i < frames; i++) {
      const value = i % 2 === 0 ? 0.75 : -0.25;
      if (encoding === 'float32') data.writeFloatLE(value, i * 4);
      else data.writeIntLE(Math.round(value * 8388607), i * 3, 3);
    }
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'latin1');
    header.writeUInt32LE(36 + data.length, 4);
    header.write('WAVEfmt ', 8, 'latin1');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(encoding === 'float32' ? 3 : 1, 20); // 3: IEEE float
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(8000 * bytes, 28);
    header.writeUInt16LE(bytes, 32);
    header.writeUInt16LE(bytes * 8, 34);
    header.write('data', 36, 'latin1');
    header.writeUInt32LE(data.length, 40);
    return Buffer.concat([header, data]);
  }

  for (const encoding of ['int24', 'float32'] as const) {
    it(`reads ${encoding === 'int24' ? '24-bit PCM' : '32-bit float'} samples at their true scale`, async () => {
      const file = path.join(folder, `${encoding}.wav`);
      fs.writeFileSync(file, wavOf(encoding, 8000));
      const result = await wavPeaks(file, 10);
      assert.ok(result, 'read, not declined');
      assert.equal(result.durationSeconds, 1);
      const pairs = result.peaks[0] ?? [];
      assert.equal(pairs.length, 20);
      for (let i = 0; i < pairs.length; i += 2) {
        assert.ok(Math.abs((pairs[i] ?? 0) - 0.75) < 0.001, `max ${pairs[i]}`);
        assert.ok(Math.abs((pairs[i + 1] ?? 0) + 0.25) < 0.001, `min ${pairs[i + 1]}`);
      }
    });
  }

  it('declines what it can’t read, so the webview decodes it instead', async () => {
    const mp3 = await wavPeaks(mp3FixturePath());
    assert.equal(mp3, undefined);
    const garbage = path.join(folder, 'garbage.wav');
    fs.writeFileSync(garbage, 'RIFF\u0000\u0000\u0000\u0000WAVEgarbage');
    assert.equal(await wavPeaks(garbage), undefined);
    // 8-bit PCM: not supported here.
    const eight = Buffer.from(wavHeader(4, 8000, 1));
    eight.writeUInt16LE(1, 32); // blockAlign
    eight.writeUInt16LE(8, 34); // bits per sample
    assert.equal(parseWavHeader(Buffer.concat([eight, Buffer.alloc(4)]), 48), undefined);
  });

  // Issue 8 item 3: peaks are read only from a regular file; a link to /dev/zero or a FIFO is refused at once.
  it('refuses a link to a device and a FIFO instead of reading it', async function () {
    if (process.platform === 'win32') this.skip();
    const zero = path.join(folder, 'zero.wav');
    fs.symlinkSync('/dev/zero', zero);
    await assert.rejects(wavPeaks(zero, 10), /not a regular file/);
    const fifo = path.join(folder, 'fifo.wav');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(wavPeaks(fifo, 10), /not a regular file/);
  });
});
