/** "Use these settings": a take's settings written into a song's front matter as minimal edits. */
import { strict as assert } from 'node:assert';
import { parseLyricsDocument } from '../../src/core/document';
import { readSongSettings } from '../../src/core/songSettings';
import { takeSettingsEdits, takeSettingsOf, type TakeSettings, type TextEdit } from '../../src/core/takes/useTakeSettings';

const TAKE: TakeSettings = {
  prompt: 'Dreamy synthwave, 96 BPM',
  provider: 'minimax',
  is_instrumental: false,
  lyrics_optimizer: true,
  sample_rate: 32000,
  bitrate: 128000,
  format: 'wav',
};

function apply(text: string, edits: readonly TextEdit[]): string {
  // Back to front, so earlier offsets stay valid.
  return [...edits].sort((a, b) => b.start - a.start).reduce((acc, e) => acc.slice(0, e.start) + e.text + acc.slice(e.end), text);
}

function written(text: string, settings: TakeSettings = TAKE): string {
  const result = takeSettingsEdits(text, settings);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return apply(text, result.edits);
}

describe('takes: use these settings', () => {
  const README_EXAMPLE = [
    '---',
    'title: Summer Road Trip',
    'prompt: Upbeat indie pop, 118 BPM, A major, bright female vocals, handclaps',
    'provider: cloudflare        # cloudflare | scenario | minimax (optional; default from settings)',
    'is_instrumental: false',
    'lyrics_optimizer: false',
    'sample_rate: 44100          # 16000 | 24000 | 32000 | 44100',
    'bitrate: 256000             # 32000 | 64000 | 128000 | 256000',
    'format: mp3                 # mp3 | wav',
    '---',
    '[Verse]',
    'Windows down and the radio loud',
    '# TODO: second line needs a rhyme',
    '',
  ].join('\n');

  it('replaces only the values, keeping comments, alignment, other keys and the lyrics', () => {
    const after = written(README_EXAMPLE);
    assert.equal(
      after,
      [
        '---',
        'title: Summer Road Trip',
        'prompt: Dreamy synthwave, 96 BPM',
        'provider: minimax        # cloudflare | scenario | minimax (optional; default from settings)',
        'is_instrumental: false',
        'lyrics_optimizer: true',
        'sample_rate: 32000          # 16000 | 24000 | 32000 | 44100',
        'bitrate: 128000             # 32000 | 64000 | 128000 | 256000',
        'format: wav                 # mp3 | wav',
        '---',
        '[Verse]',
        'Windows down and the radio loud',
        '# TODO: second line needs a rhyme',
        '',
      ].join('\n'),
    );
    assert.deepEqual(readSongSettings(after), { title: 'Summer Road Trip', ...TAKE });
  });

  it('changes nothing when the song already has the settings', () => {
    const once = written(README_EXAMPLE);
    const again = takeSettingsEdits(once, TAKE);
    assert.ok(again.ok);
    assert.deepEqual(again.ok ? again.edits : null, []);
  });

  it('adds missing keys before the closing fence, in a stable order', () => {
    const text = '---\ntitle: T # keep me\n---\n[Verse]\nla\n';
    const after = written(text);
    assert.equal(
      after,
      '---\ntitle: T # keep me\nprompt: Dreamy synthwave, 96 BPM\nprovider: minimax\nis_instrumental: false\nlyrics_optimizer: true\nsample_rate: 32000\nbitrate: 128000\nformat: wav\n---\n[Verse]\nla\n',
    );
  });

  it('creates a front matter when there is none (after a BOM), and keeps CRLF line ends', () => {
    const after = written('\uFEFF[Verse]\r\nla\r\n');
    assert.ok(after.startsWith('\uFEFF---\r\nprompt: Dreamy synthwave, 96 BPM\r\n'));
    assert.ok(after.endsWith('format: wav\r\n---\r\n[Verse]\r\nla\r\n'));
    assert.deepEqual(readSongSettings(after), TAKE);
  });

  it('quotes values YAML would misread, and writes multi-line prompts as block scalars', () => {
    const tricky = { ...TAKE, prompt: 'key: value # not a comment' };
    assert.equal(readSongSettings(written('---\nprompt: old\n---\n', tricky)).prompt, 'key: value # not a comment');
    const multi = { ...TAKE, prompt: 'line one\nline two' };
    const after = written('---\nprompt: old\nformat: mp3\n---\nla\n', multi);
    assert.equal(readSongSettings(after).prompt, 'line one\nline two');
    assert.equal(parseLyricsDocument(after).frontMatter.kind, 'closed');
    assert.ok(after.startsWith('---\nprompt: |-\n  line one\n  line two\nformat: wav\n'), after);
    assert.ok(after.endsWith('bitrate: 128000\n---\nla\n'), after);
  });

  it('replaces a block-scalar prompt without joining the next line', () => {
    const after = written('---\nprompt: |\n  old\n  prompt\nprovider: cloudflare\n---\nla\n');
    assert.equal(readSongSettings(after).prompt, TAKE.prompt);
    assert.equal(readSongSettings(after).provider, 'minimax');
    assert.ok(after.includes(`prompt: ${TAKE.prompt}\nprovider: minimax\n`));
  });

  it('fills a key that has no value', () => {
    const after = written('---\nprompt:\nprovider: minimax\n---\n');
    assert.equal(readSongSettings(after).prompt, TAKE.prompt);
  });

  it('leaves an existing format alone for a take without one (Scenario)', () => {
    const scenario: TakeSettings = { ...TAKE, provider: 'scenario', format: undefined };
    const after = written('---\nprompt: p\nformat: mp3\n---\n', scenario);
    assert.match(after, /format: mp3/);
    assert.match(after, /provider: scenario/);
  });

  it('refuses to edit a broken front matter', () => {
    for (const text of ['---\nprompt: p\n', '---\nprompt: p\nprompt: q\n---\n', '---\n[unclosed\n---\n']) {
      const result = takeSettingsEdits(text, TAKE);
      assert.equal(result.ok, false, text);
    }
  });

  it('takes the settings from a sidecar', () => {
    const settings = takeSettingsOf({
      audio: 'a.mp3',
      provider: 'scenario',
      model: 'm',
      settings: { is_instrumental: true, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000 },
      format: 'mp3',
      prompt: 'p',
      lyrics: '',
      createdAt: '2026-11-21T10:15:00.000Z',
      durationMs: null,
      requestId: null,
    });
    assert.deepEqual(settings, { prompt: 'p', provider: 'scenario', is_instrumental: true, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000 });
  });
});
