/**
 * The fake provider's MiniMax lyrics endpoint (test/fakeProvider/minimaxLyrics.ts),
 * over real loopback HTTP with Node's fetch: what it checks, what it answers,
 * and the faults it injects.
 */
import { strict as assert } from 'node:assert';
import { FAKE_DRAFT_LYRICS, FAKE_DRAFT_TITLE, FAKE_EDIT_CONTINUATION, FAKE_STYLE_TAGS, startFakeProvider, type FakeProvider } from '../fakeProvider';
import { until } from './generateHarness';

type Json = Record<string, unknown>;

describe('fake provider: MiniMax lyrics_generation', function () {
  let fake: FakeProvider;
  before(async () => {
    fake = await startFakeProvider();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const url = (): string => `${fake.baseUrls.minimax}/lyrics_generation`;
  async function post(body: unknown, key = fake.credentials.minimax.apiKey, signal?: AbortSignal): Promise<{ status: number; body: Json }> {
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }
  const code = (body: Json): unknown => (body.base_resp as Json | undefined)?.status_code;
  const message = (body: Json): string => String((body.base_resp as Json | undefined)?.status_msg);

  it('drafts: song_title, style_tags (one string), tagged lyrics, base_resp 0, and no trace_id', async () => {
    const { status, body } = await post({ mode: 'write_full_song', prompt: 'night drive' });
    assert.equal(status, 200);
    assert.deepEqual(body, {
      song_title: FAKE_DRAFT_TITLE,
      style_tags: FAKE_STYLE_TAGS,
      lyrics: FAKE_DRAFT_LYRICS,
      base_resp: { status_code: 0, status_msg: 'success' },
    });
    assert.match(FAKE_DRAFT_LYRICS, /^\[Verse 1\]\n[\s\S]*\[Pre-Chorus\][\s\S]*\[Build-up\]/);
    assert.equal(fake.requestsFor('lyrics', 'minimax').length, 1);
  });

  it('keeps the title as given, and an empty prompt (a random song) is accepted', async () => {
    const { body } = await post({ mode: 'write_full_song', prompt: '', title: 'Neon Rain' });
    assert.equal(body.song_title, 'Neon Rain');
    assert.equal(code(body), 0);
  });

  it('edits: the lyrics sent, continued with a bridge', async () => {
    const { body } = await post({ mode: 'edit', prompt: 'continue with a bridge', lyrics: '[Verse]\nla la' });
    assert.equal(body.lyrics, `[Verse]\nla la${FAKE_EDIT_CONTINUATION}`);
  });

  it('answers what a test sets, field by field, until reset', async () => {
    fake.setMinimax({ lyricsAnswer: { lyrics: '[Chorus]\nNew', styleTags: ['Pop', 'Rock'] } });
    const { body } = await post({ mode: 'edit', prompt: 'p', lyrics: 'old', title: 'T' });
    assert.deepEqual([body.song_title, body.style_tags, body.lyrics], ['T', ['Pop', 'Rock'], '[Chorus]\nNew']);
    fake.reset();
    assert.equal((await post({ mode: 'write_full_song', prompt: 'p' })).body.lyrics, FAKE_DRAFT_LYRICS);
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['a model field (music generation has one, this endpoint not)', { model: 'music-2.6', mode: 'write_full_song', prompt: 'p' }, /model: unknown field/],
    ['an unknown mode', { mode: 'rewrite', prompt: 'p' }, /mode: must be one of write_full_song, edit/],
    ['no mode', { prompt: 'p' }, /mode: must be one of/],
    ['lyrics in draft mode', { mode: 'write_full_song', prompt: 'p', lyrics: 'la' }, /lyrics: only in edit mode/],
    ['no lyrics in edit mode', { mode: 'edit', prompt: 'p' }, /lyrics: required in edit mode/],
    ['blank lyrics in edit mode', { mode: 'edit', prompt: 'p', lyrics: ' \n' }, /lyrics: required in edit mode/],
    ['a prompt over 2,000 characters', { mode: 'write_full_song', prompt: 'x'.repeat(2001) }, /prompt: at most 2000 characters/],
    ['lyrics over 3,500 characters', { mode: 'edit', prompt: 'p', lyrics: 'x'.repeat(3501) }, /lyrics: at most 3500 characters/],
    ['a title that is not a string', { mode: 'write_full_song', prompt: 'p', title: 3 }, /title: must be a string/],
    ['a prompt that is not a string', { mode: 'write_full_song', prompt: ['p'] }, /prompt: must be a string/],
    ['a body that is not an object', ['write_full_song'], /body must be a JSON object/],
  ];
  for (const [what, body, pattern] of refusals) {
    it(`refuses ${what} with 2013 and HTTP 200`, async () => {
      const answer = await post(body);
      assert.equal(answer.status, 200);
      assert.equal(code(answer.body), 2013);
      assert.match(message(answer.body), pattern);
      assert.equal(answer.body.lyrics, undefined);
    });
  }

  it('counts the limits in code points: 2,000 emoji are a valid prompt, 3,500 emoji valid lyrics', async () => {
    assert.equal(code((await post({ mode: 'edit', prompt: '😀'.repeat(2000), lyrics: '🎵'.repeat(3500) })).body), 0);
  });

  it('answers a wrong key with HTTP 200 and base_resp 1004', async () => {
    const { status, body } = await post({ mode: 'write_full_song', prompt: 'p' }, 'wrong');
    assert.equal(status, 200);
    assert.equal(code(body), 1004);
  });

  it('injects 1008, 1026 and 2013 as HTTP 200 base_resp errors, once each', async () => {
    fake.setFaults({
      lyrics: [
        { kind: 'minimaxBaseResp', statusCode: 1008, times: 1 },
        { kind: 'minimaxBaseResp', statusCode: 1026, times: 1 },
        { kind: 'minimaxBaseResp', statusCode: 2013, times: 1 },
      ],
    });
    const codes: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const { status, body } = await post({ mode: 'write_full_song', prompt: 'p' });
      assert.equal(status, 200);
      codes.push(code(body));
    }
    assert.deepEqual(codes, [1008, 1026, 2013, 0]);
  });

  it('injects a 500 with a base_resp code', async () => {
    fake.setFaults({ lyrics: { kind: 'status', status: 500 } });
    const { status, body } = await post({ mode: 'write_full_song', prompt: 'p' });
    assert.equal(status, 500);
    assert.equal(code(body), 1024);
  });

  it('hangs until the client gives up', async () => {
    fake.setFaults({ lyrics: { kind: 'neverAnswer' } });
    const abort = new AbortController();
    const pending = post({ mode: 'write_full_song', prompt: 'p' }, undefined, abort.signal).then(
      () => 'answered',
      () => 'aborted',
    );
    await until(() => fake.requestsFor('lyrics').length === 1, 'the lyrics request');
    abort.abort();
    assert.equal(await pending, 'aborted');
    assert.equal(fake.requestsFor('lyrics')[0]?.response, undefined, 'nothing was answered');
  });

  it('a generate-stage fault leaves the lyrics endpoint alone', async () => {
    fake.setFaults({ generate: { kind: 'minimaxBaseResp', statusCode: 1008 } });
    assert.equal(code((await post({ mode: 'write_full_song', prompt: 'p' })).body), 0);
  });

  it('delays lyrics answers like other stages (the demo waits a little)', async () => {
    // A delay longer than any test: the request is received but not answered, and a client that leaves
    // during the delay gets nothing. Observed by state, not by the clock.
    fake.setDelays({ lyrics: { minimax: 600_000 } });
    const abort = new AbortController();
    const pending = post({ mode: 'write_full_song', prompt: 'p' }, undefined, abort.signal).then(
      () => 'answered',
      () => 'aborted',
    );
    await until(() => fake.requestsFor('lyrics').length === 1, 'the lyrics request');
    abort.abort();
    assert.equal(await pending, 'aborted');
    await until(() => fake.requestsFor('lyrics')[0]?.abandoned === true, 'the request marked abandoned');
    assert.equal(fake.requestsFor('lyrics')[0]?.response, undefined, 'nothing was answered during the delay');
    fake.setDelays({});
  });
});
