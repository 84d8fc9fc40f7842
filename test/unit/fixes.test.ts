import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSong } from '../../src/core/analysis';
import { applyEdits, fixAll, fixAllOfKind, fixesFor, type Fix } from '../../src/core/fixes';
import type { DiagnosticCode, LintOptions } from '../../src/core/lint';

const repoRoot = path.resolve(__dirname, '../../..');

function song(frontMatter: readonly string[], body: readonly string[] = ['[Verse]', 'la la']): string {
  return ['---', ...frontMatter, '---', ...body, ''].join('\n');
}

/** The fixes of the one diagnostic with `code`. */
function fixesOf(text: string, code: DiagnosticCode, options: LintOptions = {}): Fix[] {
  const analysis = analyzeSong(text, options);
  const found = analysis.lint.diagnostics.filter((d) => d.code === code);
  const [diagnostic, ...others] = found;
  assert.ok(diagnostic && others.length === 0, `one ${code} in ${JSON.stringify(analysis.lint.diagnostics.map((d) => d.code))}`);
  return fixesFor(analysis, diagnostic);
}

/** Title, preferred and safe of each fix, and the text each one makes. */
function summary(text: string, fixes: readonly Fix[]): Array<[string, boolean, boolean, string]> {
  return fixes.map((fix) => [fix.title, fix.isPreferred, fix.safe, applyEdits(text, fix.edits)]);
}

const BASE = 'prompt: Acoustic folk, 72 BPM';

describe('fixes: unknown-tag', () => {
  it('offers the one close tag, keeping the number, replacing only the brackets: preferred and safe', () => {
    const text = song([BASE], ['  [Vrese 2]  ', 'la la']);
    const fixes = fixesOf(text, 'unknown-tag');
    assert.deepEqual(summary(text, fixes), [['Change to "[Verse 2]"', true, true, song([BASE], ['  [Verse 2]  ', 'la la'])]]);
    assert.deepEqual(fixes[0]?.edits[0]?.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 11 } });
  });

  it('offers each close tag, the closest preferred, none safe', () => {
    const text = song([BASE], ['[Pst Chorus]', 'la']);
    assert.deepEqual(
      summary(text, fixesOf(text, 'unknown-tag')).map(([title, preferred, safe]) => [title, preferred, safe]),
      [
        ['Change to "[Post Chorus]"', true, false],
        ['Change to "[Pre Chorus]"', false, false],
      ],
    );
  });

  it('offers nothing when no tag is close: [xyzzy]', () => {
    assert.deepEqual(fixesOf(song([BASE], ['[xyzzy]', 'la']), 'unknown-tag'), []);
  });
});

describe('fixes: unknown-setting', () => {
  it('renames to the one close key, safe', () => {
    const text = song([BASE, 'isInstrumental: true'], []);
    assert.deepEqual(summary(text, fixesOf(text, 'unknown-setting')), [['Change to "is_instrumental"', true, true, song([BASE, 'is_instrumental: true'], [])]]);
  });

  it('offers each close key, the closest first, none safe', () => {
    const text = song([BASE.replace('prompt', 'title'), 'prompter: pop']);
    assert.deepEqual(
      fixesOf(text, 'unknown-setting').map((fix) => [fix.title, fix.isPreferred, fix.safe]),
      [
        ['Change to "prompt"', true, false],
        ['Change to "provider"', false, false],
      ],
    );
  });

  it('leaves out a key that is already set, so the fix makes no duplicate', () => {
    const text = song([BASE, 'format: mp3', 'formt: wav']);
    assert.deepEqual(fixesOf(text, 'unknown-setting'), []);
  });

  it('offers nothing when no key is close', () => {
    assert.deepEqual(fixesOf(song([BASE, 'foo: 1']), 'unknown-setting'), []);
  });
});

describe('fixes: invalid-setting', () => {
  for (const [written, meaning] of [
    ['yes', 'true'],
    ['Yes', 'true'],
    ['on', 'true'],
    ['y', 'true'],
    ['"true"', 'true'],
    ['no', 'false'],
    ['OFF', 'false'],
    ["'false'", 'false'],
  ] as const) {
    it(`reads the boolean ${written} as ${meaning}: preferred and safe, the other value offered too`, () => {
      const text = song([BASE, `is_instrumental: ${written}`], []);
      const fixes = fixesOf(text, 'invalid-setting');
      assert.deepEqual(
        fixes.map((fix) => [fix.title, fix.isPreferred, fix.safe]),
        [
          ['Change to true', meaning === 'true', meaning === 'true'],
          ['Change to false', meaning === 'false', meaning === 'false'],
        ],
      );
      const safe = fixes.find((fix) => fix.safe);
      assert.equal(applyEdits(text, safe?.edits ?? []), song([BASE, `is_instrumental: ${meaning}`], []));
    });
  }

  it('offers every allowed number, the nearest preferred, none safe', () => {
    const text = song([BASE, 'sample_rate: 48000   # studio rate']);
    assert.deepEqual(
      summary(text, fixesOf(text, 'invalid-setting')).map(([title, preferred, safe, fixed]) => [title, preferred, safe, fixed.split('\n')[2]]),
      [
        ['Change to 16000', false, false, 'sample_rate: 16000   # studio rate'],
        ['Change to 24000', false, false, 'sample_rate: 24000   # studio rate'],
        ['Change to 32000', false, false, 'sample_rate: 32000   # studio rate'],
        ['Change to 44100', true, false, 'sample_rate: 44100   # studio rate'],
      ],
    );
  });

  it('takes a quoted number or one with separators as its one meaning', () => {
    for (const [written, meaning] of [
      ['"44100"', '44100'],
      ['44,100', '44100'],
      ['"256_000"', '256000'],
    ] as const) {
      const key = meaning === '44100' ? 'sample_rate' : 'bitrate';
      const fixes = fixesOf(song([BASE, `${key}: ${written}`]), 'invalid-setting');
      assert.deepEqual(
        fixes.filter((fix) => fix.safe).map((fix) => fix.title),
        [`Change to ${meaning}`],
        written,
      );
    }
  });

  it('takes another case as the one meaning of a word: MP3 → mp3, Cloudflare → cloudflare', () => {
    const format = fixesOf(song([BASE, 'format: MP3']), 'invalid-setting');
    assert.deepEqual(
      format.map((fix) => [fix.title, fix.isPreferred, fix.safe]),
      [
        ['Change to mp3', true, true],
        ['Change to wav', false, false],
      ],
    );
    const provider = fixesOf(song([BASE, 'provider: Cloudflare']), 'invalid-setting');
    assert.deepEqual(
      provider.filter((fix) => fix.safe).map((fix) => fix.title),
      ['Change to cloudflare'],
    );
    assert.equal(provider.length, 3);
  });

  it('prefers a clearly closest spelling without making it safe: mp4 → mp3', () => {
    const fixes = fixesOf(song([BASE, 'format: mp4']), 'invalid-setting');
    assert.deepEqual(
      fixes.map((fix) => [fix.title, fix.isPreferred, fix.safe]),
      [
        ['Change to mp3', true, false],
        ['Change to wav', false, false],
      ],
    );
  });

  it('offers the models the provider offers for an invalid model', () => {
    const titles = (provider: string): string[] =>
      fixesOf(song([BASE, `provider: ${provider}`, 'model: music-2.5']), 'invalid-setting').map((fix) => fix.title);
    assert.deepEqual(titles('cloudflare'), ['Change to music-2.6']);
    assert.deepEqual(titles('scenario'), ['Change to music-2.6', 'Change to music-3.0']);
    assert.deepEqual(titles('minimax'), ['Change to music-2.6', 'Change to music-2.6-free', 'Change to music-3.0']);
    // No provider in the front matter: the default one's models.
    assert.deepEqual(
      fixesOf(song([BASE, 'model: music-2.5']), 'invalid-setting', { defaultProvider: 'scenario' }).map((fix) => fix.title),
      ['Change to music-2.6', 'Change to music-3.0'],
    );
  });

  it('sets a missing value after the colon, keeping the comment', () => {
    const text = song([BASE, 'format:   # which one?']);
    assert.deepEqual(summary(text, fixesOf(text, 'invalid-setting')), [
      ['Set to mp3', false, false, song([BASE, 'format: mp3   # which one?'])],
      ['Set to wav', false, false, song([BASE, 'format: wav   # which one?'])],
    ]);
  });

  it('quotes a title or prompt that YAML reads as a boolean or number: safe', () => {
    const title = song([BASE, 'title: true']);
    assert.deepEqual(summary(title, fixesOf(title, 'invalid-setting')), [['Change to "true" (text)', true, true, song([BASE, 'title: "true"'])]]);
    const prompt = song(['prompt: 120']);
    assert.deepEqual(summary(prompt, fixesOf(prompt, 'invalid-setting')), [['Change to "120" (text)', true, true, song(['prompt: "120"'])]]);
    assert.deepEqual(fixesOf(song([BASE, 'title: [a, b]']), 'invalid-setting'), []);
  });

  it('never makes a value spanning lines safe (replacing it would remove lines)', () => {
    const fixes = fixesOf(song([BASE, 'is_instrumental: >-', '  yes']), 'invalid-setting');
    assert.ok(fixes.length > 0);
    assert.ok(fixes.every((fix) => !fix.safe));
  });
});

describe('fixes: model-not-offered, unsupported-setting, lyrics-ignored, optimizer-ignored', () => {
  it('model-not-offered: the models the provider offers, never safe', () => {
    const text = song([BASE, 'provider: cloudflare', 'model: music-3.0']);
    assert.deepEqual(summary(text, fixesOf(text, 'model-not-offered')), [
      ['Change to music-2.6 (Cloudflare offers it)', true, false, song([BASE, 'provider: cloudflare', 'model: music-2.6'])],
    ]);
    const free = fixesOf(song([BASE, 'provider: scenario', 'model: music-2.6-free']), 'model-not-offered');
    assert.deepEqual(
      free.map((fix) => [fix.title, fix.isPreferred, fix.safe]),
      [
        ['Change to music-2.6 (Scenario offers it)', true, false],
        ['Change to music-3.0 (Scenario offers it)', false, false],
      ],
    );
    // The default provider decides when the front matter names none.
    assert.equal(fixesOf(song([BASE, 'model: music-2.6-free']), 'model-not-offered', { defaultProvider: 'cloudflare' }).length, 1);
  });

  it('unsupported-setting: removes the whole line, never safe', () => {
    const text = song([BASE, 'provider: scenario', 'format: wav', 'sample_rate: 44100']);
    assert.deepEqual(summary(text, fixesOf(text, 'unsupported-setting')), [
      ['Remove "format" (Scenario ignores it)', true, false, song([BASE, 'provider: scenario', 'sample_rate: 44100'])],
    ]);
  });

  it('unsupported-setting: keeps a comment on the removed line, removes a value spread over lines, CRLF', () => {
    const commented = song([BASE, 'provider: scenario', 'format: wav  # for the mix']);
    assert.equal(applyEdits(commented, fixesOf(commented, 'unsupported-setting')[0]?.edits ?? []), song([BASE, 'provider: scenario', '# for the mix']));
    const block = song([BASE, 'provider: scenario', 'format: >-', '  wav', 'bitrate: 256000']);
    assert.equal(applyEdits(block, fixesOf(block, 'unsupported-setting')[0]?.edits ?? []), song([BASE, 'provider: scenario', 'bitrate: 256000']));
    const crlf = song([BASE, 'provider: scenario', 'format: wav', 'bitrate: 256000']).replace(/\n/g, '\r\n');
    assert.equal(
      applyEdits(crlf, fixesOf(crlf, 'unsupported-setting')[0]?.edits ?? []),
      song([BASE, 'provider: scenario', 'bitrate: 256000']).replace(/\n/g, '\r\n'),
    );
  });

  it('unsupported-setting: offers nothing for an entry sharing its line with others', () => {
    const text = song(['{prompt: pop, provider: scenario, format: wav}']);
    assert.deepEqual(fixesOf(text, 'unsupported-setting'), []);
  });

  it('lyrics-ignored and optimizer-ignored: set the setting to false, never safe', () => {
    const instrumental = song([BASE, 'is_instrumental: true']);
    assert.deepEqual(summary(instrumental, fixesOf(instrumental, 'lyrics-ignored')), [
      ['Set is_instrumental to false', false, false, song([BASE, 'is_instrumental: false'])],
    ]);
    const optimizer = song([BASE, 'lyrics_optimizer: true']);
    assert.deepEqual(summary(optimizer, fixesOf(optimizer, 'optimizer-ignored')), [
      ['Set lyrics_optimizer to false', false, false, song([BASE, 'lyrics_optimizer: false'])],
    ]);
  });

  it('offers nothing for the codes that need the writer’s words', () => {
    const cases: Array<[DiagnosticCode, string]> = [
      ['prompt-missing', song(['title: x'])],
      ['lyrics-missing', song([BASE], [])],
      ['prompt-too-long', song([`prompt: ${'a'.repeat(2001)}`])],
      ['lyrics-too-long', song([BASE], ['la'.repeat(1800)])],
      ['front-matter-syntax', song(['prompt: "open'])],
      ['prompt-too-short', song(['prompt: pop', 'provider: scenario', 'model: music-3.0'])],
      ['replacement-character', song([BASE], ['caf\uFFFD'])],
    ];
    for (const [code, text] of cases) assert.deepEqual(fixesOf(text, code), [], code);
  });
});

describe('fixAll', () => {
  const messy = [
    '---',
    'prompt: Acoustic folk, 72 BPM   # the mood',
    'Format: MP3',
    'is_instrumental: "no"',
    'sample_rate: 48000',
    'provider: scenario',
    'lyricsOptimizer: off',
    '---',
    '# [Vrese] stays: a comment',
    '[Vrese]',
    '[Vrese] is sung here',
    '[Pst Chorus]',
    '[xyzzy]',
    '(ooh) [Chrous]',
    '[Chrous 2]',
    '',
  ].join('\n');
  const fixed = [
    '---',
    'prompt: Acoustic folk, 72 BPM   # the mood',
    'format: mp3',
    'is_instrumental: false',
    'sample_rate: 48000',
    'provider: scenario',
    'lyrics_optimizer: false',
    '---',
    '# [Vrese] stays: a comment',
    '[Verse]',
    '[Vrese] is sung here',
    '[Pst Chorus]',
    '[xyzzy]',
    '(ooh) [Chrous]',
    '[Chorus 2]',
    '',
  ].join('\n');

  it('applies exactly the safe fixes, over as many rounds as they need, and reports each', () => {
    const result = fixAll(analyzeSong(messy));
    assert.equal(result.text, fixed);
    assert.equal(applyEdits(messy, result.edits), fixed);
    assert.deepEqual(
      result.fixed.map((f) => [f.code, f.range.start.line, f.oldText, f.newText]),
      [
        ['unknown-setting', 2, 'Format', 'format'],
        ['invalid-setting', 3, '"no"', 'false'],
        ['unknown-setting', 6, 'lyricsOptimizer', 'lyrics_optimizer'],
        ['unknown-tag', 9, '[Vrese]', '[Verse]'],
        ['unknown-tag', 14, '[Chrous 2]', '[Chorus 2]'],
        // Round two: the renamed keys' values, now checked.
        ['invalid-setting', 2, 'MP3', 'mp3'],
        ['invalid-setting', 6, 'off', 'false'],
      ],
    );
    assert.deepEqual(result.analysis.lint, analyzeSong(fixed).lint);
  });

  it('is idempotent: fixing the fixed text changes nothing', () => {
    const again = fixAll(analyzeSong(fixed));
    assert.deepEqual([again.edits, again.fixed, again.text], [[], [], fixed]);
  });

  it('gives non-overlapping edits, at most one per line, on the front matter and tag lines only, never a comment', () => {
    const analysis = analyzeSong(messy);
    const { edits } = fixAll(analysis);
    const lines = edits.map((edit) => edit.range.start.line);
    assert.deepEqual(
      lines,
      [...new Set(lines)].sort((a, b) => a - b),
    );
    for (const edit of edits) {
      assert.equal(edit.range.start.line, edit.range.end.line);
      const kind = analysis.lineKind(edit.range.start.line);
      assert.ok(kind === undefined || kind === 'tag', `line ${edit.range.start.line} is ${kind}`);
      const lineText = messy.split('\n')[edit.range.start.line] ?? '';
      const comment = lineText.indexOf('#');
      assert.ok(comment < 0 || edit.range.end.character <= comment, 'before any comment');
    }
  });

  it('never renames two keys to the same setting', () => {
    const text = song([BASE, 'isInstrumental: true', 'is-instrumental: false'], []);
    assert.equal(fixAll(analyzeSong(text)).text, song([BASE, 'is_instrumental: true', 'is-instrumental: false'], []));
  });

  it('keeps CRLF line endings and a BOM', () => {
    const crlf = `\uFEFF${messy.replace(/\n/g, '\r\n')}`;
    const result = fixAll(analyzeSong(crlf));
    assert.equal(result.text, `\uFEFF${fixed.replace(/\n/g, '\r\n')}`);
    assert.equal(applyEdits(crlf, result.edits), result.text);
  });

  it('edits a tag line after an emoji without splitting it', () => {
    const text = song([BASE], ['🎸 riff', '[Vrese]', 'la']);
    const { edits, text: after } = fixAll(analyzeSong(text));
    assert.equal(after, song([BASE], ['🎸 riff', '[Verse]', 'la']));
    assert.equal(applyEdits(text, edits), after);
  });

  it('fixAllOfKind fixes only that code', () => {
    const result = fixAllOfKind(analyzeSong(messy), 'unknown-tag');
    assert.deepEqual(
      result.fixed.map((f) => f.newText),
      ['[Verse]', '[Chorus 2]'],
    );
    assert.equal(result.text, messy.replace('\n[Vrese]\n', '\n[Verse]\n').replace('[Chrous 2]', '[Chorus 2]'));
  });

  it('finds nothing to do in the examples and fixtures that are clean, and is idempotent on every one', () => {
    const folders = [path.join(repoRoot, 'examples'), path.join(repoRoot, 'test', 'fixtures', 'workspace')];
    const files = folders.flatMap((folder) =>
      (fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.lyrics')) : []).map((name) => path.join(folder, name)),
    );
    assert.ok(files.length >= 3);
    for (const file of files) {
      const once = fixAll(analyzeSong(fs.readFileSync(file, 'utf8')));
      assert.deepEqual(fixAll(once.analysis).edits, [], file);
    }
  });
});
