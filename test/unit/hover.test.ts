import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { hoverAt, type HoverResult } from '../../src/core/hover';
import type { LintOptions } from '../../src/core/lint';
import { cloudflareBody } from '../../src/core/providers/cloudflare';
import { minimaxBody } from '../../src/core/providers/minimax';
import { SCENARIO_MODELS, scenarioBody } from '../../src/core/providers/scenario';
import type { GenerationInput } from '../../src/core/providers/types';
import { SETTING_REFERENCE, settingValues, TAG_INFOS, wireField } from '../../src/core/reference';
import { AUDIO_FORMATS, BITRATES, IGNORED_BY_PROVIDER, PROVIDER_IDS, SAMPLE_RATES, SETTING_KEYS, SONG_MODELS, type SettingKey } from '../../src/core/schema';
import { KNOWN_TAGS, TAG_ALIASES } from '../../src/core/tags';

function hover(text: string, line: number, character: number, options: LintOptions = {}): HoverResult | undefined {
  return hoverAt(analyzeSong(text, options), { line, character });
}

const SONG = [
  '---', // 0
  'title: Summer Road Trip', // 1
  'prompt: Upbeat indie pop, 118 BPM 🎸', // 2
  'provider: minimax', // 3
  'sample_rate: 44100', // 4
  'is_instrumental: true', // 5
  'format: flac', // 6
  '---', // 7
  '[Verse 2]', // 8
  'Windows down', // 9
  '[pre-chorus]', // 10
  '[Vrese]', // 11
  '# [Chorus]', // 12
  '  [Drop]  ', // 13
].join('\n');

describe('hover: front-matter keys and values', () => {
  it('a key: what it does, its values, and which providers send it under what name', () => {
    const result = hover(SONG, 4, 3);
    assert.deepEqual(result?.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 11 } });
    assert.equal(
      result?.markdown,
      [
        '**sample_rate**: Samples per second of the audio: higher keeps more of the high frequencies.',
        '',
        '- `16000`: 16 kHz: speech quality, the smallest files',
        '- `24000`: 24 kHz: voice-grade, thin highs',
        '- `32000`: 32 kHz: FM-radio quality',
        '- `44100`: 44.1 kHz: CD quality (the default)',
        '',
        '| Provider | Sent as |',
        '|---|---|',
        '| Cloudflare | `input.sample_rate` |',
        '| Scenario | `sampleRate` |',
        '| **MiniMax** (this song) | `audio_setting.sample_rate` |',
      ].join('\n'),
    );
  });

  it('says when a provider does not send a setting, and that local settings are never sent', () => {
    assert.match(hover(SONG, 6, 0)?.markdown ?? '', /\| Scenario \| not sent: Scenario's API has no such field \|/);
    assert.equal(
      hover(SONG, 1, 2)?.markdown,
      "**title**: The song's name, shown in the player and kept in each take's sidecar.\n\nNever sent: it names the song for you.",
    );
    assert.match(
      hover(SONG, 3, 8)?.markdown ?? '',
      /Default: the lyrics.defaultProvider setting \(`cloudflare` unless changed\)\.\n\nNever sent: it chooses where the song goes\.$/,
    );
    assert.match(hover(SONG, 5, 1)?.markdown ?? '', /\n- `false`: sung \(the default\)\n\n\| Provider/);
  });

  it('the prompt key: what it is for and its length as sent, in code points', () => {
    const markdown = hover(SONG, 2, 0)?.markdown ?? '';
    assert.match(
      markdown,
      /^\*\*prompt\*\*: What the song should sound like: style, mood, tempo \(BPM\), key, vocals, instruments\. Required, at most 2,000 characters as sent\./,
    );
    assert.match(markdown, /This prompt: 27 of 2,000 characters as sent\./);
  });

  it('a value: what it means; nothing for an invalid one (that is the lint’s) or for free text', () => {
    assert.deepEqual(hover(SONG, 4, 15), {
      markdown: '**sample_rate: 44100**: 44.1 kHz: CD quality (the default).',
      range: { start: { line: 4, character: 13 }, end: { line: 4, character: 18 } },
    });
    assert.equal(hover(SONG, 5, 18)?.markdown, '**is_instrumental: true**: no vocals: the lyrics are not sung.');
    assert.equal(hover(SONG, 3, 12)?.markdown, "**provider: minimax**: MiniMax's own API: every model, the free tier included.");
    assert.equal(hover(SONG, 6, 10), undefined);
    assert.equal(hover(SONG, 2, 12), undefined);
    assert.equal(hover(SONG, 1, 12), undefined);
  });

  it('nothing on the fences, on unknown keys, or on white space', () => {
    assert.equal(hover(SONG, 0, 1), undefined);
    assert.equal(hover(SONG, 7, 1), undefined);
    assert.equal(hover('---\ncolour: red\n---\n', 1, 2), undefined);
    assert.equal(hover('---\nformat:    mp3\n---\n', 1, 9), undefined);
  });

  it('keys of a front matter that is not closed, or broken, as written', () => {
    const unterminated = hover('---\nprompt: p\nbitrate: 128000\n', 2, 3);
    assert.deepEqual(unterminated?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 7 } });
    assert.match(unterminated?.markdown ?? '', /^\*\*bitrate\*\*: Bits per second/);
    // A YAML error that swallows the line: the key is still explained.
    assert.match(hover('---\nprompt: p\n  bad: indent\nformat: mp3\n---\n', 3, 1)?.markdown ?? '', /^\*\*format\*\*/);
  });

  it('CRLF and a BOM change nothing', () => {
    const crlf = SONG.replace(/\n/g, '\r\n');
    assert.deepEqual(hover(crlf, 4, 15), hover(SONG, 4, 15));
    assert.deepEqual(hover(crlf, 8, 3), hover(SONG, 8, 3));
    const bom = hover(`\uFEFF${SONG}`, 4, 3);
    assert.deepEqual(bom, hover(SONG, 4, 3));
  });
});

describe('hover: structure tags', () => {
  it('a known tag: what the model does, and whether the song’s provider documents it', () => {
    assert.deepEqual(hover(SONG, 8, 0), {
      markdown:
        "**[Verse 2]**: Tells the story: sung lines over a steadier melody than the chorus. The number tells repeats apart, as MiniMax's lyrics generator numbers them." +
        "\n\n**Documented for MiniMax.** MiniMax's music-generation reference lists it (every provider runs that model).",
      range: { start: { line: 8, character: 0 }, end: { line: 8, character: 9 } },
    });
  });

  it('an accepted spelling says which tag it means and where it comes from', () => {
    assert.equal(
      hover(SONG, 10, 5)?.markdown,
      '**[Pre-Chorus]**: Another spelling of [Pre Chorus]: Builds tension that lifts into the chorus.' +
        "\n\n**Not documented for MiniMax** (the linter accepts it). No provider's reference lists it: MiniMax's own lyrics generator writes this spelling, and its output is meant to be used as lyrics.",
    );
  });

  it('[Drop] is documented for Scenario only', () => {
    const drop = (provider: string): string => hover(SONG.replace('provider: minimax', `provider: ${provider}`), 13, 4)?.markdown ?? '';
    assert.match(drop('scenario'), /\*\*Documented for Scenario\.\*\* Scenario's \(and Replicate's\) Music 2\.6 pages list it/);
    assert.match(drop('cloudflare'), /\*\*Not documented for Cloudflare\*\* \(the linter accepts it\)/);
    // Without a provider (none stated, no default known) nothing is claimed for one.
    assert.match(hover('[Drop]', 0, 1)?.markdown ?? '', /^\*\*\[Drop\]\*\*: The beat and bass hit at full strength[^\n]*\n\nScenario's/);
    assert.deepEqual(hover(SONG, 13, 2)?.range, { start: { line: 13, character: 2 }, end: { line: 13, character: 8 } });
  });

  it('nothing on an unknown tag (the lint’s warning says it), a comment, or beside the brackets', () => {
    assert.equal(hover(SONG, 11, 2), undefined);
    assert.equal(hover(SONG, 12, 4), undefined);
    assert.equal(hover(SONG, 13, 1), undefined);
    assert.equal(hover(SONG, 13, 9), undefined);
    assert.equal(hover(SONG, 9, 3), undefined);
  });
});

describe('hover: lines past the lyrics limit', () => {
  // 350 lines of 9 characters and their breaks: 3,499 characters, the 350th break is the 3,500th.
  const full = Array<string>(350).fill('abcdefghi');
  const song = (tail: string[], eol = '\n'): string => ['---', 'prompt: p', '---', ...full, ...tail].join(eol);
  const first = 3 + full.length;

  it('says how far over the lyrics are by the end of the line, and how much of the line is over', () => {
    const text = song(['over the limit', '# a note', '', '[Chorus]', '', 'x']);
    assert.equal(hover(text, first - 1, 2), undefined, 'the last line within the limit');
    assert.deepEqual(hover(text, first, 2), {
      markdown:
        '**Past the lyrics limit.** All 14 characters of this line are past the 3,500-character limit: by the end of this line the lyrics are 3,514 characters, 14 over (3,527 in all, 27 to cut).',
      range: { start: { line: first, character: 0 }, end: { line: first, character: 14 } },
    });
    assert.equal(hover(text, first + 1, 2), undefined, 'a comment is not sent');
    assert.equal(hover(text, first + 2, 0), undefined, 'a blank line has no characters of its own');
    const tag = hover(text, first + 3, 3)?.markdown ?? '';
    assert.match(tag, /^\*\*\[Chorus\]\*\*: The main hook[^]*\n\n---\n\n\*\*Past the lyrics limit\.\*\* All 8 characters of this line are past/);
    assert.match(tag, /the lyrics are 3,524 characters, 24 over/);
    assert.match(
      hover(text, first + 5, 0)?.markdown ?? '',
      /This line's one character is past the 3,500-character limit: by the end of this line the lyrics are 3,527 characters, 27 over/,
    );
  });

  it('a line the limit falls inside: its last characters, counted in code points (an emoji is one)', () => {
    const text = song(['x🎸🎸yz']).replace(/abcdefghi$/m, 'abcdefgh'); // one full line one shorter
    // Up to the new line: 3,498 + its break = 3,499; "x🎸🎸yz" is 5 code points, so 3,504: the last 4 are over.
    assert.equal(hover(text, first, 0)?.markdown.startsWith("**Past the lyrics limit.** The last 4 of this line's 5 characters are past"), true);
    assert.deepEqual(hover(text, first, 0)?.range, { start: { line: first, character: 0 }, end: { line: first, character: 7 } });
    assert.match(
      hover(song(['xy']).replace(/abcdefghi$/m, 'abcdefgh'), first, 0)?.markdown ?? '',
      /^\*\*Past the lyrics limit\.\*\* The last character of this line is past/,
    );
  });

  it('counts the lines before in code points too: an emoji there is one character, as sent', () => {
    const plain = song(['over the limit']);
    const emoji = plain.replace(/abcdefghi$/m, 'abcdefgh🎸'); // the same number of code points, one more UTF-16 unit
    assert.equal(hover(emoji, first, 2)?.markdown, hover(plain, first, 2)?.markdown);
  });

  it('the same with CRLF line endings, and nothing at all within the limit', () => {
    const tail = ['over the limit'];
    assert.deepEqual(hover(song(tail, '\r\n'), first, 2), hover(song(tail), first, 2));
    assert.equal(hover(song([]), first - 1, 2), undefined);
  });
});

describe('reference data', () => {
  it('every setting and tag has its one-line description', () => {
    for (const key of SETTING_KEYS) assert.ok(!SETTING_REFERENCE[key].summary.includes('\n'), key);
    assert.deepEqual(
      TAG_INFOS.map((info) => info.spelling),
      [...KNOWN_TAGS, ...Object.keys(TAG_ALIASES)],
    );
  });

  it('allowed values are the schema’s', () => {
    const values = (key: SettingKey): string[] => settingValues(key, undefined).map((value) => value.value);
    assert.deepEqual(values('model'), [...SONG_MODELS]);
    assert.deepEqual(values('provider'), [...PROVIDER_IDS]);
    assert.deepEqual(values('sample_rate'), SAMPLE_RATES.map(String));
    assert.deepEqual(values('bitrate'), BITRATES.map(String));
    assert.deepEqual(values('format'), [...AUDIO_FORMATS]);
    assert.deepEqual(values('is_instrumental'), ['true', 'false']);
  });

  it('wire names are where each provider’s request builder really puts the value', () => {
    // Distinct values, so finding one at a path proves the path.
    const input: GenerationInput = {
      model: 'music-3.0',
      prompt: 'the prompt',
      lyrics: 'la',
      isInstrumental: true,
      lyricsOptimizer: false,
      sampleRate: 32000,
      bitrate: 64000,
      format: 'wav',
    };
    const sentValue: Partial<Record<SettingKey, unknown>> = {
      prompt: input.prompt,
      model: input.model,
      is_instrumental: input.isInstrumental,
      lyrics_optimizer: input.lyricsOptimizer,
      sample_rate: input.sampleRate,
      bitrate: input.bitrate,
      format: input.format,
    };
    const bodies = { cloudflare: cloudflareBody(input), scenario: scenarioBody(input), minimax: minimaxBody(input) };
    const at = (body: unknown, path: string): unknown =>
      path.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), body);
    for (const provider of PROVIDER_IDS) {
      for (const key of SETTING_KEYS) {
        const wire = wireField(key, provider);
        const body = bodies[provider];
        if (!wire.sent) {
          assert.ok(key === 'title' || key === 'provider' || IGNORED_BY_PROVIDER[provider].includes(key), `${provider} ${key}`);
          assert.ok(!JSON.stringify(body).includes(JSON.stringify(sentValue[key] ?? 'never')), `${provider} must not send ${key}`);
          continue;
        }
        if (wire.field === undefined) continue; // Scenario's model: the URL, checked below
        const expected = key === 'model' && provider === 'cloudflare' ? 'minimax/music-2.6' : sentValue[key];
        assert.equal(at(body, wire.field), expected, `${provider} ${key} at ${wire.field}`);
      }
    }
    const scenarioModel = wireField('model', 'scenario');
    assert.ok(scenarioModel.sent && Object.values(SCENARIO_MODELS).every((id) => scenarioModel.note?.includes(`\`${id}\``)));
    const cloudflareModel = wireField('model', 'cloudflare');
    assert.ok(cloudflareModel.sent && cloudflareModel.note?.includes(`\`${cloudflareBody(input).model}\``));
  });
});
