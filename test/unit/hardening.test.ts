/**
 * The pure rules behind the hardening (issue 8): provider text as data,
 * credentials hidden in every form, which hosts audio may come from, what a
 * take's bytes must hold, how a time-out setting is bounded, and how many
 * progress lines a download prints.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspectAudioFile, parseMpegFrame, shorterThanClaimed } from '../../src/core/generate/audioCheck';
import { audioHostPolicy, checkDownloadUrl } from '../../src/core/generate/download';
import { GenerationError } from '../../src/core/errors';
import { boundedTimeoutMs, MAX_TIMEOUT_MS } from '../../src/core/generate/pipeline';
import { describeProgress, downloadMilestone } from '../../src/core/generate/progressText';
import { clampTimeoutMinutes, effectiveTimeoutMinutes } from '../../src/core/generate/timeout';
import { hostKind, ipKind, lookupGuard, REFUSED_ADDRESS_CODE, type LookupFunction } from '../../src/core/net/addresses';
import { formatLogEntry, hideSecrets, providerText, secretForms } from '../../src/core/net/redact';
import { redactAnswer } from '../../src/core/takes/recoveryRecord';
import { id3Tag } from '../fakeProvider/files';
import { mp3FixturePath, renderWav, wavHeader } from '../fakeProvider';

/** Anything a terminal would act on rather than print. */
// eslint-disable-next-line no-control-regex -- these are the characters a terminal would act on.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** What a hostile provider sends to retitle a terminal, wipe a line and forge a success, with bidi overrides for good measure. */
const FORGERY = '\u001b]0;owned\u0007\u001b[2K\rlyrics: Saved takes/ok.mp3\n\u202egnp.exe\u202c\u009b31m\u0000';

describe('provider text is data', () => {
  it('drops escape sequences, control characters and bidi controls, and keeps one line', () => {
    const cleaned = providerText(`Quota exceeded ${FORGERY} (see dashboard)`);
    assert.equal(cleaned, 'Quota exceeded lyrics: Saved takes/ok.mp3 gnp.exe31m (see dashboard)');
    assert.doesNotMatch(cleaned, CONTROL);
  });

  it('cuts long text at a few hundred characters, saying how much was left out, never inside a surrogate pair', () => {
    const cut = providerText('🎸'.repeat(5_000_000));
    assert.ok(cut.length < 700, `${cut.length} characters`);
    assert.match(cut, /… \[[\d,]+ more characters cut\]$/);
    assert.doesNotMatch(cut, /[\ud800-\udbff](?![\udc00-\udfff])/, 'no lone high surrogate');
  });

  it('GenerationError cleans and cuts the message, the provider’s words and the request id, and keeps the whole text for the log', () => {
    const long = `${FORGERY}${'x'.repeat(5 * 1024 * 1024)}`;
    const error = new GenerationError('server', `Cloudflare’s run ended in state “${FORGERY}”`, {
      provider: 'cloudflare',
      providerMessage: long,
      requestId: `id\u001b[31m-1\n`,
    });
    const described = error.describe();
    assert.doesNotMatch(described, CONTROL);
    assert.ok(described.length < 1200, `${described.length} characters`);
    assert.equal(error.requestId, 'id-1');
    assert.ok((error.providerMessageForLog ?? '').length > 1000, 'the log gets more than the notification');
    assert.ok((error.providerMessageForLog ?? '').length < 20 * 1024, 'but bounded too');
  });

  it('the request log cleans the ids and errors it is given', () => {
    const line = formatLogEntry({ method: 'GET', url: 'https://x/y', status: 200, durationMs: 3, attempt: 1, requestId: 'abc\u001b]0;t\u0007\n' });
    assert.equal(line, 'GET https://x/y → 200 (3 ms, request id abc)');
  });
});

describe('credentials are hidden in every form', () => {
  const token = 'tok/en+with=special&chars ü';
  const key = 'scenario_key_1234';
  const secret = 'scenario_secret_5678';
  const forms = secretForms([token, key, secret]);

  it('raw, URL-encoded, JSON-escaped and base64, alone and as key:secret', () => {
    const echoes = [
      `Bearer ${token}`,
      `Bearer%20${encodeURIComponent(token)}`,
      `auth=${encodeURIComponent(token).replace(/%20/g, '+')}`,
      JSON.stringify({ header: token }),
      `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
      Buffer.from(token).toString('base64'),
    ];
    for (const echo of echoes) {
      const hidden = hideSecrets(`The provider said: ${echo}.`, forms);
      assert.match(hidden, /\*\*\*/, echo);
      assert.ok(!hidden.includes(key) && !hidden.includes(secret) && !hidden.includes('tok/en'), `${echo} → ${hidden}`);
      assert.ok(!hidden.includes(Buffer.from(`${key}:${secret}`).toString('base64')));
    }
  });

  it('a GenerationError hides them everywhere it could show them, before cutting (no half token left at the cut)', () => {
    const padding = 'p'.repeat(290);
    const error = new GenerationError('auth', `Refused ${token}`, {
      provider: 'cloudflare',
      providerMessage: `${padding}Bearer ${token}`,
      requestId: token,
      advice: `Check ${token}`,
    });
    error.hideSecrets(forms);
    for (const text of [error.describe(), error.nextStep(), error.providerMessage ?? '', error.requestId ?? '']) {
      assert.ok(!text.includes('tok/en') && !text.includes('tok/'), text);
    }
    assert.match(error.message, /^Refused \*\*\*$/);
  });

  it('a recovery record’s copy of the answer too', () => {
    const { text } = redactAnswer(`{"echo":"${encodeURIComponent(token)}","basic":"${Buffer.from(`${key}:${secret}`).toString('base64')}"}`, [
      token,
      key,
      secret,
    ]);
    assert.equal(text, '{"echo":"***","basic":"***"}');
  });
});

describe('where audio may be downloaded from', () => {
  const publicPolicy = audioHostPolicy('https://api.cloudflare.com/client/v4');
  const loopbackPolicy = audioHostPolicy('http://127.0.0.1:8080/cloudflare/client/v4');

  it('knows loopback, private, link-local and the rest, however the address is written', () => {
    const kinds: Array<[string, string | undefined]> = [
      ['127.0.0.1', 'loopback'],
      ['[::1]', 'loopback'],
      ['localhost', 'loopback'],
      ['api.localhost', 'loopback'],
      ['[::ffff:127.0.0.1]', 'loopback'],
      [new URL('https://0x7f.1/').hostname, 'loopback'],
      [new URL('https://2130706433/').hostname, 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.9', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'private'],
      ['[fd00::1]', 'private'],
      ['169.254.169.254', 'link-local'],
      ['[fe80::1]', 'link-local'],
      ['[::ffff:a9fe:a9fe]', 'link-local'],
      ['0.0.0.0', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['8.8.8.8', 'public'],
      ['[2606:4700::1111]', 'public'],
      ['cdn.example.com', undefined],
    ];
    for (const [host, kind] of kinds) assert.equal(hostKind(host), kind, host);
    assert.equal(ipKind('not an ip'), undefined);
  });

  it('takes https to public hosts only, unless the base URL is itself loopback (the tests)', () => {
    const refused = [
      'http://cdn.example.com/a.mp3',
      'https://127.0.0.1/a.mp3',
      'https://localhost:8443/a.mp3',
      'https://[::1]/a.mp3',
      'https://10.0.0.5/a.mp3',
      'https://192.168.0.10/a.mp3',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fe80::1]/a.mp3',
      'https://0x7f.1/a.mp3',
      'ftp://cdn.example.com/a.mp3',
      'not a url',
    ];
    for (const url of refused) assert.equal(checkDownloadUrl(url, publicPolicy).ok, false, url);
    assert.deepEqual(checkDownloadUrl('https://cdn.example.com/a.mp3?X-Amz-Signature=1', publicPolicy), {
      ok: true,
      url: 'https://cdn.example.com/a.mp3?X-Amz-Signature=1',
    });
    assert.deepEqual(checkDownloadUrl('https://8.8.8.8/a.mp3', publicPolicy).ok, true);

    assert.equal(checkDownloadUrl('http://127.0.0.1:9/files/a.mp3', loopbackPolicy).ok, true);
    assert.equal(checkDownloadUrl('https://localhost/files/a.mp3', loopbackPolicy).ok, true);
    for (const url of ['https://10.0.0.5/a.mp3', 'http://10.0.0.5/a.mp3', 'https://169.254.169.254/', 'http://cdn.example.com/a.mp3']) {
      assert.equal(checkDownloadUrl(url, loopbackPolicy).ok, false, url);
    }
    const reason = checkDownloadUrl('https://169.254.169.254/x', publicPolicy);
    assert.deepEqual(reason, { ok: false, reason: '169.254.169.254 is a link-local address, not one on the internet' });
  });

  it('refuses a public-looking name whose DNS answer is local', async () => {
    const resolver: LookupFunction = (hostname, _options, callback) => {
      const table: Record<string, string> = { 'cdn.example.test': '93.184.216.34', 'rebind.example.test': '127.0.0.1', 'meta.example.test': '169.254.169.254' };
      callback(null, [{ address: table[hostname] ?? '10.0.0.1', family: 4 }]);
    };
    const lookUp = (host: string, baseUrl: string): Promise<string> =>
      new Promise((resolve) => {
        lookupGuard(resolver, audioHostPolicy(baseUrl).baseKind)(host, { all: true }, (error, addresses) => {
          resolve(error ? `${error.code}: ${error.message}` : JSON.stringify(addresses));
        });
      });
    assert.equal(await lookUp('cdn.example.test', 'https://api.minimax.io/v1'), '[{"address":"93.184.216.34","family":4}]');
    assert.equal(
      await lookUp('rebind.example.test', 'https://api.minimax.io/v1'),
      `${REFUSED_ADDRESS_CODE}: rebind.example.test resolves to 127.0.0.1, a loopback address`,
    );
    assert.match(await lookUp('meta.example.test', 'http://127.0.0.1:1/minimax/v1'), /resolves to 169\.254\.169\.254, a link-local address/);
    assert.equal(await lookUp('rebind.example.test', 'http://127.0.0.1:1/minimax/v1'), '[{"address":"127.0.0.1","family":4}]');
  });
});

describe('what a take’s bytes must hold', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-audio-check-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer): string => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, bytes);
    return target;
  };
  const mp3 = fs.readFileSync(mp3FixturePath());

  it('a real MP3: frames after the ID3 tag, as many as its Info frame announced, about 4 s', async () => {
    const inspected = await inspectAudioFile(file('take.mp3', mp3));
    assert.ok(inspected.ok, JSON.stringify(inspected));
    assert.equal(inspected.format, 'mp3');
    assert.ok(Math.abs(inspected.durationMs - 4000) <= 100, `${inspected.durationMs} ms`);
    assert.deepEqual(parseMpegFrame(Buffer.from([0xff, 0xfb, 0x70, 0x64]), 0), { length: 313, samples: 1152, sampleRate: 44100, xingOffset: 36 });
  });

  it('ID3 followed by a web page, or by nothing, is not MP3', async () => {
    const html = await inspectAudioFile(file('html.mp3', Buffer.concat([id3Tag('Take'), Buffer.from('<!DOCTYPE html><html><body>Sign in</body></html>')])));
    assert.deepEqual(html, { ok: false, format: 'mp3', reason: 'no MPEG audio frame follows its ID3 tag', cutShort: false });
    const tagOnly = await inspectAudioFile(file('tag.mp3', id3Tag('Take')));
    assert.equal(tagOnly.ok, false);
  });

  it('an MP3 cut in half (its Info frame counts the frames that should be there)', async () => {
    const inspected = await inspectAudioFile(file('half.mp3', mp3.subarray(0, Math.floor(mp3.length / 2))));
    assert.equal(inspected.ok, false);
    assert.match(!inspected.ok ? inspected.reason : '', /^it is cut short: \d+ of the 155 MPEG frames its encoder announced are there$/);
  });

  it('a WAV needs a plausible fmt chunk and a data chunk that is all there (a streaming writer’s 0 size means “to the end”)', async () => {
    const wav = renderWav({ sampleRate: 24000, channels: 1, durationSeconds: 2 });
    const whole = await inspectAudioFile(file('whole.wav', wav));
    assert.deepEqual(whole, { ok: true, format: 'wav', durationMs: 2000 });

    const cut = await inspectAudioFile(file('cut.wav', wav.subarray(0, 44 + 24000)));
    assert.equal(cut.ok, false);
    assert.match(!cut.ok ? cut.reason : '', /^it is cut short: its WAV header announces 96,000 bytes of sound, the file holds 24,000$/);

    const streamed = Buffer.from(wav);
    streamed.writeUInt32LE(0, 40);
    assert.deepEqual(await inspectAudioFile(file('streamed.wav', streamed)), { ok: true, format: 'wav', durationMs: 2000 });

    const nonsense = Buffer.from(wav);
    nonsense.writeUInt16LE(0, 22); // no channels
    assert.match(JSON.stringify(await inspectAudioFile(file('nonsense.wav', nonsense))), /does not describe playable audio/);

    const headerOnly = Buffer.concat([wavHeader(0, 44100, 2).subarray(0, 36)]);
    assert.equal((await inspectAudioFile(file('header.wav', headerOnly))).ok, false);
  });

  it('a song much shorter than the provider said was cut short; rounding and a longer file are not', () => {
    assert.equal(shorterThanClaimed(2000, 4000), true);
    assert.equal(shorterThanClaimed(3500, 4000), false, 'within a second');
    assert.equal(shorterThanClaimed(150_000, 183_000), true);
    assert.equal(shorterThanClaimed(170_000, 183_000), false, 'within a tenth');
    assert.equal(shorterThanClaimed(5000, 4000), false);
    assert.equal(shorterThanClaimed(1000, undefined), false);
  });
});

describe('lyrics.requestTimeoutMinutes is bounded', () => {
  it('a workspace value counts only within 1–120; the user’s own is clamped; anything else is the default', () => {
    assert.equal(effectiveTimeoutMinutes({}), 10);
    assert.equal(effectiveTimeoutMinutes({ workspaceValue: 0.01 }), 10, 'a repository’s 0.01 would abandon the paid request after a second');
    assert.equal(effectiveTimeoutMinutes({ workspaceValue: 1e9, globalValue: 20 }), 20);
    assert.equal(effectiveTimeoutMinutes({ workspaceFolderValue: -5, workspaceValue: 30, globalValue: 20 }), 30);
    assert.equal(effectiveTimeoutMinutes({ workspaceFolderValue: 45, workspaceValue: 30 }), 45);
    assert.equal(effectiveTimeoutMinutes({ workspaceValue: '15' }), 10);
    assert.equal(effectiveTimeoutMinutes({ globalValue: 1e9 }), 120);
    assert.equal(effectiveTimeoutMinutes({ globalValue: 0.2 }), 1);
    assert.equal(clampTimeoutMinutes(Number.NaN), 10);
  });

  it('the pipeline never hands a timer more than 120 minutes (Node fires an overflowing timer at once)', () => {
    assert.equal(boundedTimeoutMs(1e9 * 60_000), MAX_TIMEOUT_MS);
    assert.equal(boundedTimeoutMs(Number.POSITIVE_INFINITY), MAX_TIMEOUT_MS);
    assert.equal(boundedTimeoutMs(30_000), 30_000);
  });
});

describe('download progress', () => {
  it('says KB for small takes, never “0.0 of 0.0 MB”', () => {
    assert.equal(describeProgress({ stage: 'downloading', receivedBytes: 12_000, totalBytes: 48_000 }, 'MiniMax'), 'downloading… 12 KB of 48 KB');
    assert.equal(describeProgress({ stage: 'downloading', receivedBytes: 3_200_000, totalBytes: undefined }, 'MiniMax'), 'downloading… 3.2 MB');
  });

  it('marks a tenth of a known size, and each doubling of an unknown one: a handful of lines for 90 MB', () => {
    const lines = new Set<number>();
    for (let bytes = 0; bytes <= 90e6; bytes += 65_536) lines.add(downloadMilestone(bytes, undefined));
    assert.ok(lines.size <= 8, `${lines.size} lines`);
    const known = new Set<number>();
    for (let bytes = 0; bytes <= 90e6; bytes += 65_536) known.add(downloadMilestone(bytes, 90e6));
    assert.ok(known.size <= 11);
  });
});
