import { strict as assert } from 'node:assert';
import { generateLensTitle } from '../../src/extension/lensTitle';

const song = (frontMatter: string[]): string => ['---', 'prompt: p', ...frontMatter, '---', '[Verse]', 'la'].join('\n');

describe('Generate CodeLens title', () => {
  it('shows the provider, the model and the audio', () => {
    assert.equal(generateLensTitle(song(['provider: minimax', 'model: music-3.0']), 'cloudflare'), '▶ Generate Song · MiniMax · music-3.0 · mp3 44.1 kHz');
    assert.equal(
      generateLensTitle(song(['provider: minimax', 'model: music-2.6-free', 'format: wav', 'sample_rate: 32000']), 'cloudflare'),
      '▶ Generate Song · MiniMax · music-2.6-free · wav 32 kHz',
    );
  });

  it('shows the default model too, and the default provider when the song names none', () => {
    assert.equal(generateLensTitle(song([]), 'cloudflare'), '▶ Generate Song · Cloudflare · music-2.6 · mp3 44.1 kHz');
    assert.equal(generateLensTitle(song(['model: music-3.0']), 'scenario'), '▶ Generate Song · Scenario · music-3.0 · 44.1 kHz');
  });

  it('an invalid model (a lint error) shows as the default, as readSongSettings drops it', () => {
    assert.equal(generateLensTitle(song(['model: music-9']), 'cloudflare'), '▶ Generate Song · Cloudflare · music-2.6 · mp3 44.1 kHz');
  });
});
