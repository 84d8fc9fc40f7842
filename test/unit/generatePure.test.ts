import { strict as assert } from 'node:assert';
import { sniffAudioFormat } from '../../src/core/generate/audioCheck';
import { LintBlockedError, prepareSong } from '../../src/core/generate/pipeline';
import { checkBaseUrl } from '../../src/core/net/baseUrl';
import { backoffMs, retryAfterSeconds } from '../../src/core/net/http';
import { formatLogEntry, redactUrl } from '../../src/core/net/redact';
import { cloudflareBody } from '../../src/core/providers/cloudflare';
import { minimaxBody, minimaxKind } from '../../src/core/providers/minimax';
import { scenarioBody } from '../../src/core/providers/scenario';
import type { GenerationInput } from '../../src/core/providers/types';
import { outputFolderFor, takeBaseName } from '../../src/core/takes/naming';

const input: GenerationInput = {
  model: 'music-2.6',
  prompt: 'Upbeat pop',
  lyrics: '[Verse]\nla',
  isInstrumental: false,
  lyricsOptimizer: false,
  sampleRate: 44100,
  bitrate: 256000,
  format: 'wav',
};

describe('request bodies', () => {
  it('Cloudflare: model plus snake_case input with only schema fields and both booleans', () => {
    assert.deepEqual(cloudflareBody(input), {
      model: 'minimax/music-2.6',
      input: {
        prompt: 'Upbeat pop',
        lyrics: '[Verse]\nla',
        is_instrumental: false,
        lyrics_optimizer: false,
        sample_rate: 44100,
        bitrate: 256000,
        format: 'wav',
      },
    });
  });

  it('Scenario: camelCase, no format', () => {
    assert.deepEqual(scenarioBody(input), {
      prompt: 'Upbeat pop',
      lyrics: '[Verse]\nla',
      isInstrumental: false,
      lyricsOptimizer: false,
      sampleRate: 44100,
      bitrate: 256000,
    });
  });

  it('MiniMax: url output and audio_setting', () => {
    assert.deepEqual(minimaxBody(input), {
      model: 'music-2.6',
      prompt: 'Upbeat pop',
      lyrics: '[Verse]\nla',
      is_instrumental: false,
      lyrics_optimizer: false,
      output_format: 'url',
      audio_setting: { sample_rate: 44100, bitrate: 256000, format: 'wav' },
    });
  });

  it('omits lyrics when the payload is empty, keeps both booleans', () => {
    const instrumental = { ...input, lyrics: '', isInstrumental: true };
    assert.equal('lyrics' in cloudflareBody(instrumental).input, false);
    assert.equal(cloudflareBody(instrumental).input['is_instrumental'], true);
    assert.equal('lyrics' in scenarioBody(instrumental), false);
    assert.equal('lyrics' in minimaxBody(instrumental), false);
    assert.equal(minimaxBody(instrumental)['lyrics_optimizer'], false);
  });
});

describe('prepareSong', () => {
  it('resolves provider and defaults, sends the payload rule’s strings', () => {
    const song = prepareSong('---\nprompt: " pop "\nprovider: scenario\n---\n# note\n[Verse]\nla  \n', 'cloudflare');
    assert.equal(song.provider, 'scenario');
    assert.deepEqual(song.input, { ...input, prompt: 'pop', lyrics: '[Verse]\nla', format: 'mp3' });
    assert.deepEqual(song.sentSettings, { is_instrumental: false, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000 });
  });

  it('an override beats the front matter, the front matter beats the default', () => {
    assert.equal(prepareSong('---\nprompt: p\nprovider: minimax\n---\nla', 'cloudflare', 'scenario').provider, 'scenario');
    assert.equal(prepareSong('---\nprompt: p\n---\nla', 'minimax').provider, 'minimax');
  });

  it('refuses a document with lint errors, naming the first', () => {
    assert.throws(
      () => prepareSong('---\nprompt: p\nsample_rate: 1\n---\nla', 'cloudflare'),
      (error: unknown) => error instanceof LintBlockedError && /line 3/.test(error.message) && error.errors[0]?.code === 'invalid-setting',
    );
  });
});

describe('base URL rule', () => {
  it('accepts https and loopback http, strips trailing slashes', () => {
    assert.deepEqual(checkBaseUrl('https://gateway.ai.cloudflare.com/v1/acct/gw/'), { ok: true, url: 'https://gateway.ai.cloudflare.com/v1/acct/gw' });
    for (const url of ['http://127.0.0.1:8080/v1', 'http://localhost:1/x', 'http://[::1]:9/y', 'http://127.1.2.3/']) {
      assert.equal(checkBaseUrl(url).ok, true, url);
    }
  });

  it('refuses plain http elsewhere, other schemes, user info and garbage', () => {
    for (const url of ['http://api.example.com/v1', 'http://10.0.0.1/', 'ftp://x/', 'https://user:pw@example.com', 'not a url', 'http://localhost.evil.com/']) {
      assert.equal(checkBaseUrl(url).ok, false, url);
    }
  });

  it('refuses hosts that only look like loopback (a loosened /^127\\./ would send credentials over plain http to them)', () => {
    for (const url of ['http://127.evil.example/v1', 'http://127.0.0.1.nip.io/v1', 'http://127.0.0.1.evil.example/', 'http://1270.0.0.1/']) {
      assert.equal(checkBaseUrl(url).ok, false, url);
    }
  });
});

describe('request log redaction', () => {
  it('drops query strings and user info', () => {
    assert.equal(redactUrl('https://cdn.example.com/a.mp3?X-Amz-Signature=secret&X-Amz-Expires=60'), 'https://cdn.example.com/a.mp3?…');
    assert.equal(redactUrl('https://u:p@example.com/x'), 'https://example.com/x');
    assert.doesNotMatch(formatLogEntry({ method: 'GET', url: redactUrl('https://x/y?token=abc'), status: 200, durationMs: 5, attempt: 1 }), /abc/);
  });
});

describe('retry timing', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000 };

  it('backs off exponentially with jitter within [ceiling/2, ceiling]', () => {
    assert.equal(
      backoffMs(1, policy, () => 0),
      250,
    );
    assert.equal(
      backoffMs(1, policy, () => 1),
      500,
    );
    assert.equal(
      backoffMs(3, policy, () => 1),
      2000,
    );
    assert.equal(
      backoffMs(10, policy, () => 1),
      8000,
    );
  });

  it('never waits less than Retry-After', () => {
    assert.equal(
      backoffMs(1, policy, () => 0, 3),
      3000,
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(retryAfterSeconds({ 'retry-after': '7' }), 7);
    assert.equal(retryAfterSeconds({ 'retry-after': new Date(10_000).toUTCString() }, 4_000), 6);
    assert.equal(retryAfterSeconds({}), undefined);
    assert.equal(retryAfterSeconds({ 'retry-after': 'soon' }), undefined);
  });
});

describe('MiniMax base_resp codes', () => {
  it('map to error kinds', () => {
    assert.equal(minimaxKind(1002), 'rate-limit');
    assert.equal(minimaxKind(1004), 'auth');
    assert.equal(minimaxKind(2049), 'auth');
    assert.equal(minimaxKind(1008), 'quota');
    assert.equal(minimaxKind(1026), 'content-policy');
    assert.equal(minimaxKind(1027), 'content-policy');
    assert.equal(minimaxKind(2013), 'invalid-request');
    assert.equal(minimaxKind(1000), 'server');
  });
});

describe('audio sniffing', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);
  const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

  it('recognises RIFF/WAVE, ID3 and an MPEG Layer III frame', () => {
    assert.equal(sniffAudioFormat(ascii('RIFF\0\0\0\0WAVEfmt ')), 'wav');
    assert.equal(sniffAudioFormat(ascii('ID3\x04\0')), 'mp3');
    assert.equal(sniffAudioFormat(bytes(0xff, 0xfb, 0x90, 0x64)), 'mp3');
  });

  it('rejects HTML, empty and other data', () => {
    assert.equal(sniffAudioFormat(ascii('<!DOCTYPE html>')), undefined);
    assert.equal(sniffAudioFormat(new Uint8Array()), undefined);
    assert.equal(sniffAudioFormat(ascii('RIFF\0\0\0\0AVI ')), undefined);
    assert.equal(sniffAudioFormat(bytes(0xff, 0xf1)), undefined); // AAC ADTS, not Layer III
  });
});

describe('take names', () => {
  it('<stem>-<YYYYMMDD-HHMMSS>[-n] in local time', () => {
    const date = new Date(2026, 10, 21, 9, 5, 7);
    assert.equal(takeBaseName('/songs/summer.lyrics', date, 1), 'summer-20261121-090507');
    assert.equal(takeBaseName('/songs/summer.lyrics', date, 3), 'summer-20261121-090507-3');
  });

  it('output folder: takes/ beside the song by default, relative settings from the song’s folder', () => {
    assert.equal(outputFolderFor('/songs/a.lyrics', undefined), '/songs/takes');
    assert.equal(outputFolderFor('/songs/a.lyrics', 'renders'), '/songs/renders');
    assert.equal(outputFolderFor('/songs/a.lyrics', '/tmp/out'), '/tmp/out');
  });
});
