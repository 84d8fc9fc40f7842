/**
 * MiniMax's lyrics model from core (src/core/lyricsAi/request.ts): the exact
 * request bodies, the cleaning of what comes back, and each failure as a
 * typed GenerationError, against the fake provider on loopback.
 */
import { strict as assert } from 'node:assert';
import { GenerationError } from '../../src/core/errors';
import { formatLogEntry } from '../../src/core/net/redact';
import { cleanLyrics, lyricsBody, lyricsRequestProblem, requestLyrics, styleTagsOf, type LyricsSessionOptions } from '../../src/core/lyricsAi/request';
import { FAKE_DRAFT_LYRICS, FAKE_EDIT_CONTINUATION, startFakeProvider, type FakeProvider } from '../fakeProvider';
import { until } from './generateHarness';

describe('lyrics AI: request bodies', () => {
  it('a draft sends mode, prompt and the title, and nothing else (no model, no lyrics)', () => {
    assert.deepEqual(lyricsBody({ mode: 'write_full_song', prompt: 'A song about night drives', title: 'Midnight Drive' }), {
      mode: 'write_full_song',
      prompt: 'A song about night drives',
      title: 'Midnight Drive',
    });
  });

  it('a draft without a title sends no title field', () => {
    assert.deepEqual(lyricsBody({ mode: 'write_full_song', prompt: 'p', title: '  ' }), { mode: 'write_full_song', prompt: 'p' });
    assert.deepEqual(lyricsBody({ mode: 'write_full_song', prompt: 'p' }), { mode: 'write_full_song', prompt: 'p' });
  });

  it('an edit sends mode, the instruction as prompt, the lyrics and the title', () => {
    assert.deepEqual(lyricsBody({ mode: 'edit', prompt: 'make the chorus punchier', lyrics: '[Chorus]\nla la', title: 'T' }), {
      mode: 'edit',
      prompt: 'make the chorus punchier',
      lyrics: '[Chorus]\nla la',
      title: 'T',
    });
  });

  it('refuses, before sending, a prompt over 2,000 characters and lyrics over 3,500 or empty (code points, as sent)', () => {
    assert.equal(lyricsRequestProblem({ mode: 'write_full_song', prompt: '😀'.repeat(2000) }), undefined);
    assert.equal(
      lyricsRequestProblem({ mode: 'write_full_song', prompt: 'x'.repeat(2001) }),
      "the prompt is 2,001 characters; MiniMax's lyrics model takes at most 2,000",
    );
    assert.equal(
      lyricsRequestProblem({ mode: 'edit', prompt: 'x'.repeat(2001), lyrics: 'a' }),
      "the instruction is 2,001 characters; MiniMax's lyrics model takes at most 2,000",
    );
    assert.equal(lyricsRequestProblem({ mode: 'edit', prompt: 'p', lyrics: 'a'.repeat(3500) }), undefined);
    assert.equal(
      lyricsRequestProblem({ mode: 'edit', prompt: 'p', lyrics: 'a'.repeat(3501) }),
      "the lyrics are 3,501 characters as sent; MiniMax's lyrics model edits at most 3,500",
    );
    assert.equal(lyricsRequestProblem({ mode: 'edit', prompt: 'p', lyrics: '' }), 'there are no lyrics to rewrite');
  });
});

describe('lyrics AI: cleaning what the model wrote', () => {
  it('keeps lines and pauses, normalises line breaks, drops blank lines at the ends', () => {
    assert.equal(cleanLyrics('\uFEFF\r\n\n[Verse 1]\r\nLine one  \rLine\ttwo\n\n\n[Chorus]\nHey\n\n'), '[Verse 1]\nLine one\nLine two\n\n\n[Chorus]\nHey');
  });

  it('removes escape sequences, control and bidi characters from every line', () => {
    assert.equal(cleanLyrics('\u001b]0;owned\u0007Title\n\u202eevil\u202c line\u0000\n\u001b[31mred\u001b[0m'), 'Title\nevil line\nred');
  });

  it('reads style tags from a comma-separated string or a list, cleaned, at most 20', () => {
    assert.deepEqual(styleTagsOf('Synthwave, Nostalgic,, Female Vocals '), ['Synthwave', 'Nostalgic', 'Female Vocals']);
    assert.deepEqual(styleTagsOf(['Pop', 3, ' Upbeat\n']), ['Pop', 'Upbeat']);
    assert.deepEqual(styleTagsOf(undefined), []);
    assert.equal(styleTagsOf(Array.from({ length: 30 }, (_, i) => `t${i}`).join(',')).length, 20);
  });
});

describe('lyrics AI: requestLyrics against the fake MiniMax', function () {
  let fake: FakeProvider;
  before(async () => {
    fake = await startFakeProvider();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const options = (extra: Partial<LyricsSessionOptions> = {}): LyricsSessionOptions => ({
    baseUrl: fake.baseUrls.minimax,
    apiKey: fake.credentials.minimax.apiKey,
    timeoutMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });

  async function failure(run: Promise<unknown>): Promise<GenerationError> {
    try {
      await run;
    } catch (error) {
      assert.ok(error instanceof GenerationError, String(error));
      return error;
    }
    assert.fail('expected a GenerationError');
  }

  it('drafts: one POST to /lyrics_generation with the Bearer key, the body as built, the answer cleaned', async () => {
    const answer = await requestLyrics({ mode: 'write_full_song', prompt: 'night drive', title: 'Neon' }, options());
    assert.deepEqual(answer, { title: 'Neon', styleTags: ['Synthwave', 'Nostalgic', 'Driving', 'Female Vocals'], lyrics: FAKE_DRAFT_LYRICS });
    const [request, ...more] = fake.requestsFor('lyrics', 'minimax');
    assert.equal(more.length, 0);
    assert.equal(request?.path, '/minimax/v1/lyrics_generation');
    assert.equal(request?.headers.authorization, `Bearer ${fake.credentials.minimax.apiKey}`);
    assert.deepEqual(request?.body, { mode: 'write_full_song', prompt: 'night drive', title: 'Neon' });
  });

  it('edits: the lyrics go with the instruction, and the revision comes back', async () => {
    const answer = await requestLyrics({ mode: 'edit', prompt: 'continue with a bridge', lyrics: '[Verse]\nla la' }, options());
    assert.equal(answer.lyrics, cleanLyrics(`[Verse]\nla la${FAKE_EDIT_CONTINUATION}`));
    assert.deepEqual(fake.requestsFor('lyrics')[0]?.body, { mode: 'edit', prompt: 'continue with a bridge', lyrics: '[Verse]\nla la' });
  });

  it('cleans a hostile answer: escape sequences in the lyrics and title, style tags as a list', async () => {
    fake.setMinimax({ lyricsAnswer: { title: 'Hi\u001b]0;x\u0007 there', styleTags: ['Pop', '\u202eRock'], lyrics: '\n[Verse]\n\u001b[2Jclean\n' } });
    const answer = await requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options());
    assert.deepEqual(answer, { title: 'Hi there', styleTags: ['Pop', 'Rock'], lyrics: '[Verse]\nclean' });
  });

  it('logs the request without the key', async () => {
    const lines: string[] = [];
    await requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options({ log: (entry) => lines.push(formatLogEntry(entry)) }));
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^POST http:\/\/127\.0\.0\.1:\d+\/minimax\/v1\/lyrics_generation → 200 \(\d+ ms\)$/);
  });

  const cases: Array<{ name: string; fault: Parameters<FakeProvider['setFaults']>[0]; kind: string; message: RegExp; advice: RegExp }> = [
    {
      name: '1008 insufficient balance',
      fault: { lyrics: { kind: 'minimaxBaseResp', statusCode: 1008 } },
      kind: 'quota',
      message: /^The MiniMax account has insufficient balance \(“1008 insufficient balance”, HTTP 200\)$/,
      advice: /Add credits/,
    },
    {
      name: '1026 sensitive input',
      fault: { lyrics: { kind: 'minimaxBaseResp', statusCode: 1026 } },
      kind: 'content-policy',
      message: /^MiniMax flagged the prompt or lyrics as sensitive/,
      advice: /^Rephrase the prompt, the instruction or the lyrics\.$/,
    },
    {
      name: '2013 invalid parameters',
      fault: { lyrics: { kind: 'minimaxBaseResp', statusCode: 2013 } },
      kind: 'invalid-request',
      message: /^MiniMax’s lyrics model rejected a parameter/,
      advice: /^Check the prompt \(at most 2,000 characters\) and the lyrics \(at most 3,500\)\.$/,
    },
    {
      name: '2049 invalid key (the region hint)',
      fault: { lyrics: { kind: 'minimaxBaseResp', statusCode: 2049 } },
      kind: 'auth',
      message: /^The MiniMax API key is invalid/,
      advice: /must be of one region \(now 127\.0\.0\.1:\d+\).*api\.minimaxi\.com/,
    },
    {
      name: '1004 login failed (the region hint)',
      fault: { lyrics: { kind: 'minimaxBaseResp', statusCode: 1004 } },
      kind: 'auth',
      message: /^MiniMax rejected the API key/,
      advice: /must be of one region/,
    },
    {
      name: 'HTTP 500',
      fault: { lyrics: { kind: 'status', status: 500 } },
      kind: 'server',
      message: /HTTP 500/,
      advice: /^The provider had a problem; try again later\.$/,
    },
  ];
  for (const { name, fault, kind, message, advice } of cases) {
    it(`${name}: ${kind}, sent once`, async () => {
      fake.setFaults(fault);
      const error = await failure(requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options()));
      assert.equal(error.kind, kind);
      assert.equal(error.provider, 'minimax');
      assert.match(error.describe(), message);
      assert.match(error.nextStep(), advice);
      assert.equal(fake.requestsFor('lyrics').length, 1, 'a paid call is not repeated');
    });
  }

  it('a rate limit (1002, HTTP 200) is retried, then the answer comes', async () => {
    fake.setFaults({ lyrics: { kind: 'minimaxBaseResp', statusCode: 1002, times: 1 } });
    const answer = await requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options());
    assert.equal(answer.lyrics, FAKE_DRAFT_LYRICS);
    assert.equal(fake.requestsFor('lyrics').length, 2);
  });

  it('a hang ends in a timeout error that names the setting to raise', async () => {
    fake.setFaults({ lyrics: { kind: 'neverAnswer' } });
    const error = await failure(
      requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options({ timeoutMs: 300, timeoutSetting: 'LYRICS_REQUEST_TIMEOUT_MINUTES' })),
    );
    assert.equal(error.kind, 'timeout');
    assert.equal(error.message, 'No lyrics from MiniMax after 300 ms: the request timed out');
    assert.equal(error.nextStep(), 'Try again, or raise LYRICS_REQUEST_TIMEOUT_MINUTES.');
  });

  it('a hang ends at once on cancel, as canceled', async () => {
    fake.setFaults({ lyrics: { kind: 'neverAnswer' } });
    const abort = new AbortController();
    const pending = failure(requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options({ signal: abort.signal })));
    await until(() => fake.requestsFor('lyrics').length === 1);
    abort.abort();
    const error = await pending;
    assert.equal(error.kind, 'canceled');
    assert.equal(error.message, 'Lyrics request canceled');
  });

  it('an answer without lyrics is a server error', async () => {
    fake.setMinimax({ lyricsAnswer: { lyrics: ' \n ' } });
    const error = await failure(requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options()));
    assert.equal(error.kind, 'server');
    assert.equal(error.message, 'MiniMax answered without lyrics');
  });

  it('a web page instead of JSON says so', async () => {
    fake.setFaults({ lyrics: { kind: 'html' } });
    const error = await failure(requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options()));
    assert.match(error.message, /web page instead of JSON/);
  });

  it('a provider that echoes the Authorization header never shows the key', async () => {
    fake.setFaults({ lyrics: { kind: 'echoAuthorization' } });
    const error = await failure(requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options()));
    assert.equal(error.kind, 'auth');
    assert.ok(!error.describe().includes(fake.credentials.minimax.apiKey), error.describe());
    assert.match(error.describe(), /Bearer \*\*\*/);
  });

  it('a wrong key is refused by the fake with 1004', async () => {
    const error = await failure(requestLyrics({ mode: 'write_full_song', prompt: 'p' }, options({ apiKey: 'wrong-key' })));
    assert.equal(error.kind, 'auth');
  });
});
