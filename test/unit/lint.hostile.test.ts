/**
 * Hostile input for the core linter (issue 8, items 2, 6, 7 and 14): sizes and
 * shapes no real song has, which must cost linear time, never throw, never
 * abort the process, and never put internal error text or raw control
 * characters into a message.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { MAX_FRONT_MATTER_CHARS, MAX_FRONT_MATTER_DEPTH, MAX_FRONT_MATTER_LINES } from '../../src/core/document';
import { lintLyrics, type LyricsDiagnostic } from '../../src/core/lint';
import { takeBaseName } from '../../src/core/takes/naming';
import { endSentence } from '../../src/core/text';

const song = (frontMatter: string[], body: string[] = ['[Verse]', 'la la']): string => ['---', ...frontMatter, '---', ...body].join('\n');

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = process.hrtime.bigint();
  const result = work();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Every message of every diagnostic: one line, no internal error text, no doubled full stop. */
function assertWellWorded(diagnostics: readonly LyricsDiagnostic[]): void {
  for (const { message } of diagnostics) {
    // eslint-disable-next-line no-control-regex -- looking for control characters is the assertion
    assert.ok(!/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(message), `raw control character in ${JSON.stringify(message)}`);
    assert.ok(!/Maximum call stack|RangeError|TypeError|parseAllDocuments|Tried to pop/.test(message), `internal error text in ${message}`);
    assert.ok(!/\.\.(?!\.)/.test(message.replace(/"[^"]*"/g, '""')), `doubled full stop in ${message}`);
  }
}

describe('lint: hostile input', () => {
  describe('front matter with many keys (item 2)', () => {
    it('40,000 keys (390 KB) lint in well under a second (47 s before: quadratic duplicate-key check)', function () {
      this.timeout(60_000); // the bound that fails it is the assertion below, not mocha's
      const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: v`);
      const { result, ms } = timed(() => lintLyrics(song(['prompt: p', ...keys])));
      assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
      const tooLarge = result.diagnostics.filter((d) => d.code === 'front-matter-syntax');
      assert.equal(tooLarge.length, 1);
      assert.deepEqual(tooLarge[0]?.range, range(0, 0, 0, 3), 'on the opening ---');
      assert.match(tooLarge[0].message, /^Front matter: it has 40,001 lines .*at most 500 .*none of it was read as settings\.$/);
    });

    it('past the line bound: one diagnostic, and the settings rules wait', () => {
      const text = song(['prompt: p', ...Array.from({ length: MAX_FRONT_MATTER_LINES }, (_, i) => `k${i}: v`)]);
      assert.deepEqual(
        lintLyrics(text).diagnostics.map((d) => d.code),
        ['front-matter-syntax'],
      );
      // At the bound it is read as usual: every unknown key is reported.
      const atBound = song(['prompt: p', ...Array.from({ length: MAX_FRONT_MATTER_LINES - 1 }, (_, i) => `k${i}: v`)]);
      assert.equal(lintLyrics(atBound).diagnostics.filter((d) => d.code === 'unknown-setting').length, MAX_FRONT_MATTER_LINES - 1);
    });

    it('past the size bound: one diagnostic that says why', () => {
      const text = song([`prompt: ${'word '.repeat(MAX_FRONT_MATTER_CHARS / 5)}`]);
      const [only, ...rest] = lintLyrics(text).diagnostics;
      assert.deepEqual(rest, []);
      assert.equal(only?.code, 'front-matter-syntax');
      assert.match(only.message, /characters .*at most 16,384 are read/);
      // Under it, an overlong prompt is still prompt-too-long with the overflow marked.
      assert.deepEqual(
        lintLyrics(song([`prompt: ${'word '.repeat(MAX_FRONT_MATTER_CHARS / 10)}`])).diagnostics.map((d) => d.code),
        ['prompt-too-long'],
      );
    });

    it('duplicate keys are still found, in nested mappings too, as yaml compares them', () => {
      const text = song(['prompt: p', 'title: a', 'title: b', 'x: {a: 1, a: 2}', '1: one', '"1": text one']);
      const duplicates = lintLyrics(text).diagnostics.filter((d) => d.code === 'front-matter-syntax');
      assert.deepEqual(
        duplicates.map((d) => [d.message, d.range]),
        [
          ['Front matter: "title" is set twice; keep one.', range(3, 0, 3, 5)],
          ['Front matter: "a" is set twice; keep one.', range(4, 10, 4, 11)],
        ],
      );
    });

    it('many duplicated keys within the bounds lint fast, each reported once', () => {
      const text = song(['prompt: p', ...Array.from({ length: MAX_FRONT_MATTER_LINES - 2 }, () => 'a: 1')]);
      const { result, ms } = timed(() => lintLyrics(text));
      assert.equal(result.diagnostics.filter((d) => /"a" is set twice/.test(d.message)).length, MAX_FRONT_MATTER_LINES - 3);
      assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    });
  });

  describe('deep nesting (items 2 and 14)', () => {
    it('nesting past the depth bound is one diagnostic in plain words, not "Maximum call stack size exceeded"', () => {
      for (const value of ['['.repeat(2000), '{a: '.repeat(2000), `${'['.repeat(MAX_FRONT_MATTER_DEPTH + 1)}${']'.repeat(MAX_FRONT_MATTER_DEPTH + 1)}`]) {
        const { diagnostics } = lintLyrics(song([`prompt: ${value}`]));
        assertWellWorded(diagnostics);
        assert.deepEqual(
          diagnostics.map((d) => d.message),
          [`Front matter: the values are nested more than ${MAX_FRONT_MATTER_DEPTH} levels deep, so none of it was read as settings.`],
        );
      }
    });

    it('nesting within the bound is read as usual', () => {
      const value = `${'['.repeat(MAX_FRONT_MATTER_DEPTH - 1)}${']'.repeat(MAX_FRONT_MATTER_DEPTH - 1)}`;
      assert.deepEqual(
        lintLyrics(song([`prompt: ${value}`])).diagnostics.map((d) => d.code),
        ['invalid-setting'],
      );
    });

    it('16,000 open brackets linted again and again do not abort the process (V8 died near the stack limit)', function () {
      this.timeout(60_000);
      // In a child: before the depth bound, the second lint aborted Node itself
      // ("RegExpCompiler Allocation failed"), which no try/catch can survive.
      const lintModule = path.resolve(__dirname, '../../src/core/lint.js');
      const script = `
        const { lintLyrics } = require(${JSON.stringify(lintModule)});
        const text = '---\\nprompt: ' + '['.repeat(16000) + '\\n---\\nla\\n';
        for (let i = 0; i < 10; i++) lintLyrics(text);
        process.stdout.write('done');`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 45_000, killSignal: 'SIGKILL' });
      assert.equal(child.signal, null, `killed by ${child.signal}: ${child.stderr.slice(0, 300)}`);
      assert.equal(child.status, 0, child.stderr.slice(0, 300));
      assert.equal(child.stdout, 'done');
    });
  });

  describe('long lines (lint stays linear)', () => {
    it('a line of 20,000 ideographic spaces is not a stack overflow', () => {
      const { diagnostics } = lintLyrics(song(['prompt: p'], [`${'\u3000'.repeat(20_000)}# note`, 'la']));
      assert.deepEqual(diagnostics, []);
    });

    it('a "tag" of 100,000 digits lints in milliseconds (its number regex backtracked quadratically)', function () {
      this.timeout(60_000);
      const { result, ms } = timed(() => lintLyrics(song(['prompt: p'], [`[${'1'.repeat(100_000)}x]`])));
      assert.deepEqual(
        result.diagnostics.map((d) => d.code),
        ['unknown-tag', 'lyrics-too-long'],
      );
      assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    });

    it('a tag keeps its number when suggested', () => {
      const [tag] = lintLyrics(song(['prompt: p'], ['[Vrese \u3000 12]'])).diagnostics;
      assert.equal(tag?.message, 'Unknown structure tag "[Vrese \u3000 12]". Did you mean "[Verse \u3000 12]"?');
    });
  });

  describe('control characters in messages (item 6)', () => {
    it('a key or tag holding a line break or an escape sequence is quoted escaped, on one line', () => {
      const { diagnostics } = lintLyrics(song(['prompt: p', '"evil\\nfile.lyrics:1:1 error x": 1', '"\\e]0;title\\u0007": 2'], ['[Vrese\u001b[2J]']));
      assertWellWorded(diagnostics);
      assert.deepEqual(
        diagnostics.map((d) => d.message),
        ['Unknown setting "evil\\nfile.lyrics:1:1 error x".', 'Unknown setting "\\x1b]0;title\\x07".', 'Unknown structure tag "[Vrese\\x1b[2J]".'],
      );
    });

    it('a long unknown key is cut in the message', () => {
      const [d] = lintLyrics(song(['prompt: p', `${'k'.repeat(500)}: 1`])).diagnostics;
      assert.equal(d?.message, `Unknown setting "${'k'.repeat(80)}…".`);
    });
  });

  describe('U+FFFD and invalid UTF-8 (item 7)', () => {
    it('a U+FFFD in the text is a warning, once per line, on the run of them', () => {
      const { diagnostics } = lintLyrics(song(['prompt: caf\uFFFD'], ['[Verse]', 'd\uFFFD\uFFFDj\uFFFD vu']));
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity, d.range]),
        [
          ['replacement-character', 'warning', range(1, 11, 1, 12)],
          ['replacement-character', 'warning', range(4, 1, 4, 3)],
        ],
      );
      assert.match(diagnostics[0]?.message ?? '', /could not be decoded: check the file is saved as UTF-8/);
    });

    it('lines the reader found invalid are errors that name the line, instead of the warning', () => {
      const text = song(['prompt: p'], ['[Verse]', 'caf\uFFFD au lait', 'd\uFFFDj\uFFFD']);
      const { diagnostics } = lintLyrics(text, { invalidUtf8Lines: [4] });
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity, d.range, d.message]),
        [
          ['invalid-utf8', 'error', range(4, 3, 4, 4), 'Line 5 is not valid UTF-8: its unreadable bytes would be sent as "\uFFFD". Save the file as UTF-8.'],
          ['replacement-character', 'warning', range(5, 1, 5, 2), diagnostics[1]?.message],
        ],
      );
    });
  });

  describe('wording (item 14)', () => {
    it('a song named "..lyrics" or ".x.lyrics" makes visible take files', () => {
      const date = new Date(2026, 10, 21, 9, 5, 7);
      assert.equal(takeBaseName('/songs/..lyrics', date, 1), 'song-20261121-090507');
      assert.equal(takeBaseName('/songs/.lyrics', date, 1), 'song-20261121-090507');
      assert.equal(takeBaseName('/songs/...demo.lyrics', date, 2), 'demo-20261121-090507-2');
      assert.equal(takeBaseName('/songs/summer.lyrics', date, 1), 'summer-20261121-090507');
    });

    it('a message joined with the next sentence ends in exactly one full stop', () => {
      assert.equal(endSentence('Could not connect'), 'Could not connect.');
      assert.equal(endSentence('Nothing was sent.'), 'Nothing was sent.');
      assert.equal(endSentence('The provider said “stop.”. '), 'The provider said “stop.”.');
      assert.equal(endSentence('Why?'), 'Why?');
    });

    it('no message of a set of broken front matters has internal text, control characters or a doubled full stop', () => {
      const broken = [
        ['prompt: p', '...', 'x: 1'],
        ['prompt: p', '--- x'],
        ['prompt: "unterminated'],
        ['prompt: p.', 'format: mp3.', 'sample_rate: 48000.', 'model: x.', 'provider: y.'],
        ['a: b: c'],
        ['\tprompt: p'],
        ['prompt: *nothing'],
        ['- list.'],
        ['scalar.'],
      ];
      for (const frontMatter of broken) assertWellWorded(lintLyrics(song(frontMatter)).diagnostics);
    });
  });
});
