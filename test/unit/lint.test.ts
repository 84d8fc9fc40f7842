import { strict as assert } from 'node:assert';
import { lintLyrics, type LintOptions, type LyricsDiagnostic } from '../../src/core/lint';
import { MODELS_BY_PROVIDER, PROVIDER_IDS, SONG_MODELS } from '../../src/core/schema';
import { readSongSettings } from '../../src/core/songSettings';

const song = (frontMatter: string[], body: string[] = ['[Verse]', 'la la']): string => ['---', ...frontMatter, '---', ...body].join('\n');

const codes = (text: string, options?: LintOptions): string[] => lintLyrics(text, options).diagnostics.map((d) => d.code);

function only(text: string, code: string, options?: LintOptions): LyricsDiagnostic {
  const matching = lintLyrics(text, options).diagnostics.filter((d) => d.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got ${JSON.stringify(lintLyrics(text, options).diagnostics)}`);
  return matching[0] as LyricsDiagnostic;
}

const range = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

describe('lint rules', () => {
  it('a complete song is clean', () => {
    const text = song([
      'title: Summer Road Trip',
      'prompt: Upbeat indie pop, 118 BPM',
      'provider: cloudflare        # comment',
      'model: music-2.6',
      'is_instrumental: false',
      'lyrics_optimizer: false',
      'sample_rate: 44100',
      'bitrate: 256000',
      'format: mp3',
    ]);
    assert.deepEqual(lintLyrics(text).diagnostics, []);
  });

  describe('lyrics-too-long', () => {
    const body = (lines: string[]) => song(['prompt: p'], lines);

    it('starts at the first character past 3,500 code points and ends at the end of the last lyrics line', () => {
      // 350 lines of 9 characters + 349 line breaks = 3,499; the line break before "over" is the 3,500th.
      const text = body([...Array<string>(350).fill('abcdefghi'), 'over', '# trailing comment', '']);
      const d = only(text, 'lyrics-too-long');
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.range, range(2 + 351, 0, 2 + 351, 4));
      assert.equal(lintLyrics(text).lyricsLength, 3504);
    });

    it('maps a line break as the first character past the limit to the end of the line it ends', () => {
      const text = body([...Array<string>(349).fill('abcdefghi'), 'abcdefghij', 'over']);
      assert.deepEqual(only(text, 'lyrics-too-long').range, range(2 + 350, 10, 2 + 351, 4));
    });

    it('counts code points: 3,500 emoji are within the limit, 3,501 are not', () => {
      assert.deepEqual(codes(body(['🎸'.repeat(3500)])), []);
      const d = only(body(['🎸'.repeat(3501)]), 'lyrics-too-long');
      assert.deepEqual(d.range, range(3, 7000, 3, 7002));
    });

    it('does not count comments, trailing white space or blank edges', () => {
      const text = body(['', '# ' + 'c'.repeat(5000), 'x'.repeat(3500) + '   \t', '', '']);
      assert.deepEqual(codes(text), []);
      assert.equal(lintLyrics(text).lyricsLength, 3500);
    });
  });

  describe('prompt-too-long', () => {
    it('marks the overflowing part of a plain prompt', () => {
      const text = song(['prompt: ' + 'x'.repeat(1990) + ' abcdefghijklmnop']);
      const d = only(text, 'prompt-too-long');
      assert.deepEqual(d.range, range(1, 8 + 2000, 1, 8 + 2007));
      assert.deepEqual(codes(text), ['prompt-too-long']);
    });

    it('follows a folded multi-line plain prompt', () => {
      const text = song(['prompt: ' + 'x'.repeat(1000), '  ' + 'y'.repeat(1000) + ' zzz']);
      // value: 1000 x, space, 1000 y, " zzz" — index 2000 is the last y (line 2, column 2 + 999).
      assert.deepEqual(only(text, 'prompt-too-long').range, range(2, 1001, 2, 1006));
    });

    it('follows a literal block prompt', () => {
      const text = song(['prompt: |', '  ' + 'x'.repeat(1000), '  ' + 'y'.repeat(1000) + ' zzz']);
      assert.deepEqual(only(text, 'prompt-too-long').range, range(3, 1001, 3, 1006));
    });

    it('marks the whole value of a quoted prompt', () => {
      const text = song([`prompt: "${'x'.repeat(2001)}"`]);
      assert.deepEqual(only(text, 'prompt-too-long').range, range(1, 8, 1, 8 + 2003));
    });

    it('counts the trimmed prompt in code points', () => {
      assert.deepEqual(codes(song([`prompt: "  ${'é'.repeat(2000)}  "`])), []);
      assert.equal(lintLyrics(song([`prompt: "${'🎸'.repeat(2000)}"`])).promptLength, 2000);
      assert.deepEqual(codes(song([`prompt: "${'🎸'.repeat(2000)}"`])), []);
    });
  });

  describe('prompt-missing', () => {
    it('reports no front matter at all on the first line', () => {
      assert.deepEqual(only('[Verse]\nla', 'prompt-missing').range, range(0, 0, 0, 7));
    });

    it('reports a front matter without prompt on its opening line', () => {
      assert.deepEqual(only(song(['title: x']), 'prompt-missing').range, range(0, 0, 0, 3));
    });

    it('reports an empty prompt on its key, once', () => {
      for (const value of ['', ' ""', ' "   "', ' ~']) {
        const text = song([`prompt:${value}`]);
        assert.deepEqual(codes(text), ['prompt-missing'], value);
        assert.equal(only(text, 'prompt-missing').range.start.line, 1);
      }
    });
  });

  describe('lyrics-missing', () => {
    it('reports an empty body', () => {
      const d = only(song(['prompt: p'], ['# only a note', '   ']), 'lyrics-missing');
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.range, range(2, 0, 2, 3));
    });

    it('is satisfied by is_instrumental or lyrics_optimizer', () => {
      assert.deepEqual(codes(song(['prompt: p', 'is_instrumental: true'], [])), []);
      assert.deepEqual(codes(song(['prompt: p', 'lyrics_optimizer: true'], [])), []);
    });
  });

  describe('unknown-tag', () => {
    it('flags an unknown tag with the closest known one and the bracket range', () => {
      const d = only(song(['prompt: p'], ['  [Vrese 2]  ', 'la']), 'unknown-tag');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /\[Verse 2\]/);
      assert.deepEqual(d.range, range(3, 2, 3, 11));
    });

    it('accepts known tags in any case, numbered, and aliases', () => {
      const body = ['[verse]', 'a', '[CHORUS 2]', 'b', '[Pre-Chorus]', '[Build Up]', '[Instrumental]', '[Breakdown]', '[Drop]'];
      assert.deepEqual(codes(song(['prompt: p'], body)), []);
    });

    it('ignores brackets inside a lyrics line and in comments', () => {
      assert.deepEqual(codes(song(['prompt: p'], ['[Vrese] is sung here', '# [Vrese]'])), []);
    });
  });

  describe('settings', () => {
    it('invalid-setting lists the allowed values and points at the value', () => {
      const d = only(song(['prompt: p', 'sample_rate: 48000']), 'invalid-setting');
      assert.equal(d.severity, 'error');
      assert.match(d.message, /16000, 24000, 32000, 44100/);
      assert.deepEqual(d.range, range(2, 13, 2, 18));
    });

    it('reads values as YAML 1.2: `yes` is text, so not a boolean', () => {
      const d = only(song(['prompt: p', 'is_instrumental: yes']), 'invalid-setting');
      assert.match(d.message, /true or false/);
    });

    it('rejects a quoted number, a wrong provider and a wrong format', () => {
      assert.deepEqual(codes(song(['prompt: p', 'bitrate: "256000"'])), ['invalid-setting']);
      assert.match(only(song(['prompt: p', 'provider: openai']), 'invalid-setting').message, /cloudflare, scenario, minimax/);
      assert.match(only(song(['prompt: p', 'format: flac']), 'invalid-setting').message, /mp3, wav/);
    });

    it('a non-text prompt is invalid-setting, not also prompt-missing', () => {
      assert.deepEqual(codes(song(['prompt: [a, b]'])), ['invalid-setting']);
    });

    it('an empty value of another setting is invalid', () => {
      assert.deepEqual(only(song(['prompt: p', 'format:']), 'invalid-setting').range, range(2, 0, 2, 6));
    });

    it('unknown-setting suggests the closest key, across camelCase', () => {
      const d = only(song(['prompt: p', 'isInstrumental: true']), 'unknown-setting');
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /"is_instrumental"/);
      assert.deepEqual(d.range, range(2, 0, 2, 14));
      assert.match(only(song(['prompt: p', 'sampleRate: 44100']), 'unknown-setting').message, /"sample_rate"/);
      assert.match(only(song(['prompt: p', 'promt: x']), 'unknown-setting').message, /"prompt"/);
    });

    it('unsupported-setting: format with scenario', () => {
      const d = only(song(['prompt: p', 'provider: scenario', 'format: wav']), 'unsupported-setting');
      assert.equal(d.severity, 'warning');
      assert.deepEqual(d.range, range(3, 0, 3, 6));
      assert.deepEqual(codes(song(['prompt: p', 'provider: minimax', 'format: wav'])), []);
      // Without a provider in the front matter the default may be anything: no warning.
      assert.deepEqual(codes(song(['prompt: p', 'format: wav'])), []);
    });

    it('lyrics-ignored and optimizer-ignored when lyrics are present', () => {
      const text = song(['prompt: p', 'is_instrumental: true', 'lyrics_optimizer: true']);
      assert.equal(only(text, 'lyrics-ignored').severity, 'warning');
      assert.deepEqual(only(text, 'lyrics-ignored').range, range(2, 0, 2, 21));
      assert.equal(only(text, 'optimizer-ignored').severity, 'info');
      assert.deepEqual(only(text, 'optimizer-ignored').range, range(3, 0, 3, 22));
    });
  });

  describe('model', () => {
    const PROMPT = 'prompt: Upbeat indie pop, 118 BPM';

    it('every provider accepts exactly its own models, and refuses the others on the value', () => {
      const expected = {
        cloudflare: ['music-2.6'],
        scenario: ['music-2.6', 'music-3.0'],
        minimax: ['music-2.6', 'music-2.6-free', 'music-3.0'],
      } as const;
      assert.deepEqual(MODELS_BY_PROVIDER, expected);
      for (const provider of PROVIDER_IDS) {
        for (const model of SONG_MODELS) {
          const text = song([PROMPT, `provider: ${provider}`, `model: ${model}`]);
          const label = `${provider} × ${model}`;
          if ((expected[provider] as readonly string[]).includes(model)) {
            assert.deepEqual(codes(text), [], label);
          } else {
            assert.deepEqual(codes(text), ['model-not-offered'], label);
            const d = only(text, 'model-not-offered');
            assert.equal(d.severity, 'error', label);
            assert.deepEqual(d.range, range(3, 7, 3, 7 + model.length), label);
          }
        }
      }
    });

    it('names the provider and lists what it offers', () => {
      const at = (provider: string, model: string) => only(song([PROMPT, `provider: ${provider}`, `model: ${model}`]), 'model-not-offered').message;
      assert.equal(at('cloudflare', 'music-3.0'), 'Cloudflare offers only "music-2.6", not "music-3.0" (Scenario and MiniMax do).');
      assert.equal(at('cloudflare', 'music-2.6-free'), 'Cloudflare offers only "music-2.6", not "music-2.6-free" (MiniMax does).');
      assert.equal(at('scenario', 'music-2.6-free'), 'Scenario offers "music-2.6" or "music-3.0", not "music-2.6-free" (MiniMax does).');
    });

    it('uses the default provider when the front matter names none', () => {
      const text = song([PROMPT, 'model: music-3.0']);
      const d = only(text, 'model-not-offered', { defaultProvider: 'cloudflare' });
      assert.equal(d.message, 'Cloudflare (the default provider) offers only "music-2.6", not "music-3.0" (Scenario and MiniMax do).');
      assert.deepEqual(d.range, range(2, 7, 2, 16));
      assert.deepEqual(codes(text, { defaultProvider: 'minimax' }), []);
      assert.deepEqual(codes(text, { defaultProvider: 'scenario' }), []);
      assert.deepEqual(codes(song([PROMPT, 'model: music-2.6-free']), { defaultProvider: 'scenario' }), ['model-not-offered']);
    });

    it('the front matter’s provider wins over the default', () => {
      assert.deepEqual(codes(song([PROMPT, 'provider: minimax', 'model: music-2.6-free']), { defaultProvider: 'cloudflare' }), []);
      assert.deepEqual(codes(song([PROMPT, 'provider: cloudflare', 'model: music-3.0']), { defaultProvider: 'minimax' }), ['model-not-offered']);
    });

    it('an invalid provider is its own error: the default is not guessed past it', () => {
      const text = song([PROMPT, 'provider: openai', 'model: music-3.0']);
      assert.deepEqual(codes(text, { defaultProvider: 'cloudflare' }), ['invalid-setting']);
    });

    it('broken YAML may hide a provider: the default is not assumed then', () => {
      const text = song([PROMPT, 'model: music-3.0', 'x: [a'], []);
      assert.ok(!codes(text, { defaultProvider: 'cloudflare' }).includes('model-not-offered'));
      // The same song with readable front matter does get it.
      assert.ok(codes(song([PROMPT, 'model: music-3.0']), { defaultProvider: 'cloudflare' }).includes('model-not-offered'));
    });

    it('with no provider known, any of the models is fine and anything else is invalid-setting', () => {
      for (const model of SONG_MODELS) assert.deepEqual(codes(song([PROMPT, `model: ${model}`])), [], model);
      const d = only(song([PROMPT, 'model: music-4.0']), 'invalid-setting');
      assert.match(d.message, /Allowed: music-2\.6, music-2\.6-free, music-3\.0\./);
      assert.deepEqual(d.range, range(2, 7, 2, 16));
      // Not a number either: YAML reads 2.6 as one, and it is still the usual invalid-setting.
      assert.deepEqual(codes(song([PROMPT, 'provider: minimax', 'model: 2.6'])), ['invalid-setting']);
    });

    it('readSongSettings returns a valid model and drops an invalid one', () => {
      assert.equal(readSongSettings(song([PROMPT, 'model: music-3.0'])).model, 'music-3.0');
      assert.equal(readSongSettings(song([PROMPT, 'model: music-4.0'])).model, undefined);
      assert.equal(readSongSettings(song([PROMPT])).model, undefined);
    });
  });

  describe('prompt-too-short', () => {
    const scenario3 = (prompt: string, extra: string[] = ['provider: scenario']) => song([`prompt: ${prompt}`, ...extra, 'model: music-3.0']);

    it('Scenario’s music-3.0 needs a prompt of at least 10 characters as sent, marked on the value', () => {
      // "lofi beat" is 9 characters once trimmed.
      const text = scenario3('"  lofi beat  "');
      assert.deepEqual(codes(text), ['prompt-too-short']);
      const d = only(text, 'prompt-too-short');
      assert.equal(d.severity, 'error');
      assert.equal(d.message, "Scenario's music-3.0 needs a prompt of at least 10 characters; this one has 9.");
      assert.deepEqual(d.range, range(1, 8, 1, 23));
      assert.deepEqual(codes(scenario3('lofi beats')), []);
      // Code points, as everywhere else: nine guitars are nine characters.
      assert.deepEqual(codes(scenario3('🎸'.repeat(9))), ['prompt-too-short']);
      assert.deepEqual(codes(scenario3('🎸'.repeat(10))), []);
    });

    it('only for Scenario with music-3.0', () => {
      assert.deepEqual(codes(song(['prompt: lofi', 'provider: scenario'])), []);
      assert.deepEqual(codes(song(['prompt: lofi', 'provider: scenario', 'model: music-2.6'])), []);
      assert.deepEqual(codes(song(['prompt: lofi', 'provider: minimax', 'model: music-3.0'])), []);
      assert.deepEqual(codes(song(['prompt: lofi', 'model: music-3.0'])), []);
    });

    it('follows the default provider when the front matter names none', () => {
      assert.deepEqual(codes(scenario3('lofi', []), { defaultProvider: 'scenario' }), ['prompt-too-short']);
      assert.deepEqual(codes(scenario3('lofi', []), { defaultProvider: 'minimax' }), []);
    });

    it('an empty prompt is only prompt-missing', () => {
      assert.deepEqual(codes(scenario3('""')), ['prompt-missing']);
    });
  });

  describe('front-matter-syntax', () => {
    it('unterminated front matter is one error on the opening line', () => {
      const text = '---\nprompt: p\n[Verse]\nla';
      assert.deepEqual(codes(text), ['front-matter-syntax']);
      assert.deepEqual(only(text, 'front-matter-syntax').range, range(0, 0, 0, 3));
    });

    it('a list or a scalar is not a mapping', () => {
      assert.match(only('---\n- a\n- b\n---\nla', 'front-matter-syntax').message, /not a list/);
      assert.match(only('---\njust words\n---\nla', 'front-matter-syntax').message, /not a single value/);
    });

    it('duplicate keys point at the second key', () => {
      const d = only(song(['prompt: a', 'prompt: b']), 'front-matter-syntax');
      assert.deepEqual(d.range, range(2, 0, 2, 6));
      assert.match(d.message, /"prompt" is set twice/);
    });

    it('broken YAML is reported, and settings-dependent rules stay quiet', () => {
      const found = codes(song(['prompt: [a, b', 'x: 1'], []));
      assert.ok(found.includes('front-matter-syntax'));
      // No invalid-setting for the broken value, no prompt-missing or lyrics-missing guessed from it.
      assert.deepEqual(
        found.filter((c) => c !== 'front-matter-syntax'),
        ['unknown-setting'],
      );
    });

    it('an empty front matter is simply no settings', () => {
      assert.deepEqual(codes('---\n---\n[Verse]\nla'), ['prompt-missing']);
      assert.deepEqual(codes('---\n# just a comment\n---\n[Verse]\nla'), ['prompt-missing']);
    });

    it('a --- that is not the first line is lyrics', () => {
      assert.deepEqual(lintLyrics('\n---\nprompt: p\n---\nla').lyricsLength, '---\nprompt: p\n---\nla'.length);
    });
  });

  describe('bad input never throws', () => {
    const cases: Record<string, string> = {
      empty: '',
      'binary garbage': Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
      'only a BOM': '\uFEFF',
      'BOM and CRLF': '\uFEFF---\r\nprompt: p\r\n---\r\n[Verse]\r\nla\r\n',
      tabs: '---\n\tprompt: p\n---\n\t[Verse]\n\tla',
      'CJK and emoji': '---\nprompt: 夏の歌 🎸\n---\n[Verse]\n夏の道を走る 🚗\n[Chorus]\n🎶🎶🎶',
      'unterminated front matter': '---\nprompt: p',
      'front matter list': '---\n- a\n---\n',
      'front matter scalar': '---\n42\n---\n',
      'duplicate keys': '---\na: 1\na: 2\n---\n',
      'alias and anchor': '---\nprompt: &p hello\ntitle: *p\nformat: *nothing\n---\nla',
      'deep nesting': '---\nprompt: ' + '['.repeat(2000) + '\n---\n',
      'lone surrogates': '---\nprompt: \uD800\n---\n\uDC00',
      '10,000 brackets': '['.repeat(10000),
    };
    for (const [name, text] of Object.entries(cases)) {
      it(name, () => {
        const result = lintLyrics(text);
        for (const d of result.diagnostics) {
          assert.ok(d.range.start.line <= d.range.end.line, JSON.stringify(d));
          assert.ok(!d.message.includes('\n'), 'messages are one line');
        }
      });
    }

    it('BOM and CRLF: the tab-indented prompt with tabs is a YAML error', () => {
      // YAML forbids tabs as indentation: this must be reported, not thrown.
      assert.ok(codes(cases.tabs ?? '').includes('front-matter-syntax'));
    });

    it('a 5 MB file', function () {
      this.timeout(10000); // the bound; `npm run bench` measures the real cost
      const line = 'Windows down and the radio loud [Vrese] (ooh) 🎸\n';
      const text = song(['prompt: p'], [line.repeat(Math.ceil((5 * 1024 * 1024) / line.length))]);
      const result = lintLyrics(text);
      assert.deepEqual(
        result.diagnostics.map((d) => d.code),
        ['lyrics-too-long'],
      );
    });
  });
});
