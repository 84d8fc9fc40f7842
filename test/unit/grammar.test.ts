import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { IGrammar } from 'vscode-textmate';
import { LYRICS_SCOPE, TokenizedLine, createRegistry, describeLine, loadGrammar, repoRoot, scopesAt, tokenizeLines, tokenizeText } from './grammarHarness';

const KNOWN = 'markup.heading.section.lyrics';
const TAG_NAME = 'entity.name.section.lyrics';
const TAG_NUMBER = 'constant.numeric.section.lyrics';
const UNKNOWN = 'invalid.illegal.unknown-tag.lyrics';
const TAG_OPEN = 'punctuation.definition.tag.begin.lyrics';
const TAG_CLOSE = 'punctuation.definition.tag.end.lyrics';
const COMMENT = 'comment.line.number-sign.lyrics';
const COMMENT_PUNCT = 'punctuation.definition.comment.lyrics';
const CUE = 'markup.italic.cue.lyrics';
const FRONT_MATTER = 'meta.frontmatter.lyrics';
const EMBEDDED_YAML = 'meta.embedded.block.frontmatter.lyrics';
const FM_BEGIN = 'punctuation.definition.frontmatter.begin.lyrics';
const FM_END = 'punctuation.definition.frontmatter.end.lyrics';

/** Every scope the grammar can give to a tag line, for "this is not a tag" checks. */
const TAG_SCOPES = [KNOWN, TAG_NAME, TAG_NUMBER, UNKNOWN, TAG_OPEN, TAG_CLOSE];

const EXAMPLE = [
  '---',
  'title: Summer Road Trip',
  'prompt: Upbeat indie pop, 118 BPM, A major, bright female vocals, handclaps',
  'provider: cloudflare        # cloudflare | scenario | minimax',
  'is_instrumental: false',
  'sample_rate: 44100',
  'format: mp3',
  '---',
  '[Verse]',
  'Windows down and the radio loud (ooh, ahh)',
  '# TODO: second line needs a rhyme',
  '[Chorus 2]',
  '[Pre-Chorus]',
  '[Vrese]',
].join('\n');

let grammar: IGrammar;

/** Tokenizes a document; `lines` keeps the given line strings verbatim (e.g. with a trailing \r). */
function tokenize(doc: string | readonly string[]): TokenizedLine[] {
  return typeof doc === 'string' ? tokenizeText(grammar, doc) : tokenizeLines(grammar, doc);
}

function lineText(line: TokenizedLine): string {
  return line.map((t) => t.text).join('');
}

/** True if one of `scopes` is `scope` or a more specific scope below it (`comment` matches `comment.line.x`). */
function hasScope(scopes: readonly string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

/** Asserts that every character of the first occurrence of `fragment` in `line` carries `scope` (prefix match on scope segments). */
function assertScope(line: TokenizedLine, fragment: string, scope: string): void {
  const text = lineText(line);
  const start = text.indexOf(fragment);
  assert.ok(start >= 0, `"${fragment}" not found in ${JSON.stringify(text)}`);
  for (let i = start; i < start + fragment.length; i++) {
    assert.ok(hasScope(scopesAt(line, i), scope), `expected ${JSON.stringify(fragment)} (char ${i}) to have scope ${scope}; tokens:\n${describeLine(line)}`);
  }
}

function assertScopeAt(line: TokenizedLine, offset: number, scope: string): void {
  assert.ok(
    hasScope(scopesAt(line, offset), scope),
    `expected char ${offset} of ${JSON.stringify(lineText(line))} to have scope ${scope}; tokens:\n${describeLine(line)}`,
  );
}

/** Asserts that no character of `line` carries any of `scopes`. */
function assertNoScope(line: TokenizedLine, scopes: readonly string[]): void {
  for (const token of line) {
    for (const scope of scopes) {
      assert.ok(!hasScope(token.scopes, scope), `expected no ${scope} in ${JSON.stringify(lineText(line))}; tokens:\n${describeLine(line)}`);
    }
  }
}

function firstLine(doc: string): TokenizedLine {
  const [line] = tokenize(doc);
  assert.ok(line);
  return line;
}

/** Tokenizes `line` as a lyrics line (after a closed front matter, so it is not line 1). */
function lyricsLine(line: string): TokenizedLine {
  const lines = tokenize(['---', 'title: x', '---', line]);
  const last = lines[3];
  assert.ok(last);
  return last;
}

function lineAt(lines: TokenizedLine[], index: number): TokenizedLine {
  const l = lines[index];
  assert.ok(l, `no line ${index}`);
  return l;
}

describe('lyrics grammar', () => {
  before(async () => {
    grammar = await loadGrammar(await createRegistry(), LYRICS_SCOPE);
  });

  describe('front matter', () => {
    it('opens on a --- first line, embeds YAML and closes on the next --- line', () => {
      const lines = tokenize(EXAMPLE);
      assertScope(lineAt(lines, 0), '---', FM_BEGIN);
      for (const [index, key] of [
        [1, 'title'],
        [2, 'prompt'],
        [3, 'provider'],
        [4, 'is_instrumental'],
        [5, 'sample_rate'],
        [6, 'format'],
      ] as const) {
        assertScope(lineAt(lines, index), key, EMBEDDED_YAML);
        assertScope(lineAt(lines, index), key, 'entity.name.tag.yaml');
      }
      assertScope(lineAt(lines, 3), '# cloudflare', 'comment.line.number-sign.yaml');
      assertNoScope(lineAt(lines, 3), [COMMENT]);
      assertScope(lineAt(lines, 5), '44100', 'constant.numeric');
      assertScope(lineAt(lines, 7), '---', FM_END);
      assertNoScope(lineAt(lines, 7), [EMBEDDED_YAML]);
      // After the closing fence we are back in lyrics.
      assertNoScope(lineAt(lines, 8), [FRONT_MATTER, EMBEDDED_YAML]);
      assertScope(lineAt(lines, 8), 'Verse', KNOWN);
    });

    it('accepts an empty front matter and trailing blanks on the fences', () => {
      const lines = tokenize('---  \n---\t\n[Intro]');
      assertScope(lineAt(lines, 0), '---', FM_BEGIN);
      assertScope(lineAt(lines, 1), '---', FM_END);
      assertScope(lineAt(lines, 2), 'Intro', KNOWN);
    });

    it('is closed by --- even inside a YAML block scalar or an unterminated quoted string', () => {
      const lines = tokenize(['---', 'prompt: |', '  Upbeat indie pop', 'title: "never closed', '---', '[Verse]'].join('\n'));
      assertScope(lineAt(lines, 2), 'Upbeat', EMBEDDED_YAML);
      assertScope(lineAt(lines, 4), '---', FM_END);
      assertScope(lineAt(lines, 5), 'Verse', KNOWN);
      assertNoScope(lineAt(lines, 5), [EMBEDDED_YAML, FRONT_MATTER]);
    });

    it('does not start on a --- that is not the first line', () => {
      for (const doc of ['\n---\ntitle: x\n---\n[Verse]', '[Intro]\n---\ntitle: x\n---\n[Verse]', ' ---\ntitle: x\n---']) {
        const lines = tokenize(doc);
        for (const l of lines) {
          assertNoScope(l, [FRONT_MATTER, EMBEDDED_YAML, FM_BEGIN, FM_END, 'entity.name.tag.yaml']);
        }
      }
    });

    it('treats a later --- (after the front matter closed) as lyrics text', () => {
      const lines = tokenize('---\ntitle: x\n---\nla la\n---\ntitle: y\n---\n[Verse]');
      for (const index of [3, 4, 5, 6]) {
        assertNoScope(lineAt(lines, index), [FRONT_MATTER, EMBEDDED_YAML, FM_BEGIN, FM_END, 'entity.name.tag.yaml']);
      }
      assertScope(lineAt(lines, 7), 'Verse', KNOWN);
    });

    it('needs the first line to be exactly --- (plus blanks)', () => {
      for (const doc of ['--- title\nx: 1\n---', '----\nx: 1\n---', '--\nx: 1\n---']) {
        assertNoScope(firstLine(doc), [FRONT_MATTER, FM_BEGIN]);
      }
    });
  });

  describe('structure tags', () => {
    const known = [
      '[Intro]',
      '[Verse]',
      '[Pre Chorus]',
      '[Chorus]',
      '[Post Chorus]',
      '[Hook]',
      '[Drop]',
      '[Bridge]',
      '[Solo]',
      '[Build Up]',
      '[Inst]',
      '[Interlude]',
      '[Break]',
      '[Transition]',
      '[Outro]',
      // aliases
      '[Pre-Chorus]',
      '[Post-Chorus]',
      '[Build-up]',
      '[Instrumental]',
      '[Breakdown]',
      // case-insensitive
      '[verse]',
      '[CHORUS]',
      '[pRe-cHoRuS]',
      '[build up]',
      '[OUTRO]',
      // numbered
      '[Verse 2]',
      '[Chorus 10]',
      '[Pre-Chorus 3]',
      '[verse2]',
      // whitespace
      '  [Verse]  ',
      '\t[Bridge]',
      '[ Verse ]',
      '[Verse  2]',
      '[Pre   Chorus]',
      '[Post\tChorus]',
      '[Build\tUp 1]',
      '[ Hook 1 ]',
      '[Build-Up 2]',
      // other Unicode blanks, as JS \s in src/core/tags.ts: no-break space, ideographic space
      '[Verse\u00a0]',
      '[\u00a0Verse]',
      '\u3000[Pre\u00a0Chorus]',
    ];
    for (const tag of known) {
      it(`${JSON.stringify(tag)} is a known tag`, () => {
        const l = lyricsLine(tag);
        const open = tag.indexOf('[');
        const close = tag.indexOf(']');
        assertScope(l, tag.slice(open, close + 1), KNOWN);
        assertScope(l, '[', TAG_OPEN);
        assertScope(l, ']', TAG_CLOSE);
        const name = /[A-Za-z][A-Za-z \t-]*[A-Za-z]/.exec(tag)?.[0];
        assert.ok(name);
        assertScope(l, name, TAG_NAME);
        const number = /\d+/.exec(tag)?.[0];
        if (number) {
          assertScope(l, number, TAG_NUMBER);
        }
        assertNoScope(l, [UNKNOWN]);
      });
    }

    const unknown = [
      '[Vrese]',
      '[Verses]',
      '[Prechorus]',
      '[Pre--Chorus]',
      '[Verse 2a]',
      '[Verse #2]',
      '[Chorus x2]',
      '[Guitar Solo]',
      '[Whispered]',
      '[]',
      '[ ]',
      '  [Bridge, softly]  ',
      '[Verse (quiet)]',
      '[Pre - Chorus]',
      '[Pre -Chorus]',
      '[Verse 2 3]',
      '[2]',
      // first non-blank [ and last non-blank ]: a tag for the linter (src/core/tags.ts), so an unknown tag here too
      '[[Verse]]',
      '[Verse]]',
      '[Verse][Chorus]',
      '[[]',
    ];
    for (const tag of unknown) {
      it(`${JSON.stringify(tag)} is an unknown tag`, () => {
        const l = lyricsLine(tag);
        assertScope(l, tag.trim(), UNKNOWN);
        assertScopeAt(l, tag.indexOf('['), TAG_OPEN);
        assertScopeAt(l, tag.lastIndexOf(']'), TAG_CLOSE);
        assertNoScope(l, [KNOWN, TAG_NAME]);
      });
    }

    it('the example document: [Verse], [Chorus 2], [Pre-Chorus] known, [Vrese] unknown', () => {
      const lines = tokenize(EXAMPLE);
      assertScope(lineAt(lines, 8), '[Verse]', KNOWN);
      assertScope(lineAt(lines, 11), '[Chorus 2]', KNOWN);
      assertScope(lineAt(lines, 11), '2', TAG_NUMBER);
      assertScope(lineAt(lines, 12), '[Pre-Chorus]', KNOWN);
      assertScope(lineAt(lines, 13), '[Vrese]', UNKNOWN);
      assertNoScope(lineAt(lines, 13), [KNOWN]);
    });

    it('a tag on line 1 of a document without front matter is a tag', () => {
      assertScope(firstLine('[Intro]\nla la'), 'Intro', KNOWN);
      assertScope(firstLine('[Intr]\nla la'), 'Intr', UNKNOWN);
    });

    it('a tag with other text on the same line is lyrics text, not a tag', () => {
      for (const text of ['[Verse] Windows down', 'Windows down [Verse]', '[Vrese] la la', '[Verse] # not a comment', 'x [Verse]']) {
        const l = lyricsLine(text);
        assertNoScope(l, [...TAG_SCOPES, COMMENT]);
      }
      // ...but cues on such a line are still cues.
      assertScope(lyricsLine('[Verse] Windows down (ooh)'), '(ooh)', CUE);
    });

    it('a line that does not both start with [ and end with ] is plain text', () => {
      for (const text of ['[Verse', 'Verse]', '[', ' [ ', '[[[', ']Verse[', '(Verse)']) {
        assertNoScope(lyricsLine(text), TAG_SCOPES);
      }
    });
  });

  describe('comments', () => {
    it('# as the first non-blank character starts a line comment', () => {
      for (const text of ['# TODO: second line needs a rhyme', '   # indented', '\t#tab', '#', '#[Verse] (ooh)']) {
        const l = lyricsLine(text);
        const body = text.trimStart();
        assertScope(l, body, COMMENT);
        assertScope(l, '#', COMMENT_PUNCT);
        // nothing inside a comment is a tag or a cue
        assertNoScope(l, [...TAG_SCOPES, CUE]);
      }
    });

    it('a comment line in the example document', () => {
      const l = lineAt(tokenize(EXAMPLE), 10);
      assertScope(l, '# TODO: second line needs a rhyme', COMMENT);
    });

    it('a comment on the very first line (no front matter)', () => {
      assertScope(firstLine('# draft 3\n[Verse]'), '# draft 3', COMMENT);
    });

    it('# later in a line is not a comment', () => {
      for (const text of ['We are #1', 'la la # not a comment', '[Verse] # nope']) {
        assertNoScope(lyricsLine(text), [COMMENT, COMMENT_PUNCT]);
      }
    });
  });

  describe('performance cues', () => {
    it('marks parenthesised cues anywhere in a lyrics line', () => {
      const l = lineAt(tokenize(EXAMPLE), 9);
      assertScope(l, '(ooh, ahh)', CUE);
      assertScope(l, '(', 'punctuation.definition.cue.begin.lyrics');
      assertScope(l, ')', 'punctuation.definition.cue.end.lyrics');
      assertNoScope([l[0]!], [CUE]); // "Windows down ..." itself is plain
      for (const text of ['(whispered) hold me close', 'hold (yeah) me (yeah) close', '(ooh)', '()']) {
        const cl = lyricsLine(text);
        for (const cue of text.match(/\([^()]*\)/g) ?? []) {
          assertScope(cl, cue, CUE);
        }
      }
      const twoCues = lyricsLine('hold (yeah) me (yeah) close');
      assertNoScope([twoCues[0]!], [CUE]);
      assert.ok(!scopesAt(twoCues, 'hold (yeah) m'.length - 1).includes(CUE), 'text between cues is not a cue');
    });

    it('an unclosed parenthesis is plain text', () => {
      assertNoScope(lyricsLine('Windows down (ooh'), [CUE]);
      assertNoScope(lyricsLine('Windows down ooh)'), [CUE]);
    });
  });

  describe('line endings', () => {
    // VS Code hands the grammar lines without terminators; other hosts (or a naive split on \n) keep the \r.
    const crlfDoc = EXAMPLE.replace(/\n/g, '\r\n');

    it('lines that still carry a trailing \\r (split on \\n only) keep their scopes', () => {
      const lines = tokenize(crlfDoc.split('\n'));
      assertScope(lineAt(lines, 0), '---', FM_BEGIN);
      assertScope(lineAt(lines, 1), 'title', 'entity.name.tag.yaml');
      assertScope(lineAt(lines, 7), '---', FM_END);
      assertScope(lineAt(lines, 8), '[Verse]', KNOWN);
      assertScope(lineAt(lines, 9), '(ooh, ahh)', CUE);
      assertScope(lineAt(lines, 10), '# TODO', COMMENT);
      assertScope(lineAt(lines, 11), '[Chorus 2]', KNOWN);
      assertScope(lineAt(lines, 12), '[Pre-Chorus]', KNOWN);
      assertScope(lineAt(lines, 13), '[Vrese]', UNKNOWN);
    });
  });

  describe('robustness', function () {
    this.timeout(60_000);
    // [name, line, what the whole line should be]
    const pathological: Array<[string, string, 'plain' | 'unknown tag' | 'comment']> = [
      ['10,000 x "["', '['.repeat(10_000), 'plain'],
      ['10,000 x "("', '('.repeat(10_000), 'plain'],
      ['"[" + 9,999 letters', '[' + 'a'.repeat(9_999), 'plain'],
      ['"[" + 9,999 x "]"', '[' + ']'.repeat(9_999), 'unknown tag'],
      ['"[]" x 5,000', '[]'.repeat(5_000), 'unknown tag'],
      ['"(a" x 5,000', '(a'.repeat(5_000), 'plain'],
      ['"[Pre" + " -" x 4,998', '[Pre' + ' -'.repeat(4_998), 'plain'],
      ['9,990 blanks + "[verse"', ' '.repeat(9_990) + '[verse', 'plain'],
      ['"#" + 9,999 x "["', '#' + '['.repeat(9_999), 'comment'],
    ];
    let results: PathologicalResult[] = [];

    before(async () => {
      // A regex that backtracks catastrophically blocks the thread inside one Oniguruma
      // search, so run the tokenizer in a worker and terminate it after a generous
      // deadline: a broken grammar then fails here instead of hanging the test run.
      // (This is a termination check, not a performance assertion; see bench/grammar.ts.)
      results = await tokenizeInWorker(
        pathological.map(([, text]) => text),
        30_000,
      );
    });

    pathological.forEach(([name, text, kind], index) => {
      it(`tokenizes a pathological line (${name}) as line 1 and as a lyrics line: ${kind}`, () => {
        const result = results[index];
        assert.ok(result, 'no result from the worker');
        for (const l of [result.asFirstLine, result.asLyricsLine]) {
          assert.strictEqual(lineText(l), text);
          assertNoScope(l, [KNOWN, FRONT_MATTER]);
          if (kind === 'plain') {
            assertNoScope(l, [...TAG_SCOPES, COMMENT, CUE]);
          } else {
            assertScope(l, text, kind === 'comment' ? COMMENT : UNKNOWN);
          }
        }
      });
    });
  });
});

interface PathologicalResult {
  asFirstLine: TokenizedLine;
  asLyricsLine: TokenizedLine;
}

/** Tokenizes each line (as line 1, and after a front matter) in a worker thread; rejects after `deadlineMs`. */
function tokenizeInWorker(lines: readonly string[], deadlineMs: number): Promise<PathologicalResult[]> {
  const source = `
    const { parentPort, workerData } = require('worker_threads');
    const h = require(workerData.harness);
    (async () => {
      const grammar = await h.loadGrammar(await h.createRegistry(), h.LYRICS_SCOPE);
      parentPort.postMessage(workerData.lines.map((text) => ({
        asFirstLine: h.tokenizeLines(grammar, [text])[0],
        asLyricsLine: h.tokenizeLines(grammar, ['---', 'title: x', '---', text])[3],
      })));
    })();
  `;
  const worker = new Worker(source, {
    eval: true,
    workerData: { harness: path.join(__dirname, 'grammarHarness.js'), lines },
  });
  return new Promise<PathologicalResult[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`tokenizing pathological lines did not finish within ${deadlineMs} ms (catastrophic backtracking?)`));
    }, deadlineMs);
    worker.once('message', (message: PathologicalResult[]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('language configuration', () => {
  interface LanguageConfiguration {
    comments?: { lineComment?: string };
    brackets?: Array<[string, string]>;
    autoClosingPairs?: Array<{ open: string; close: string }>;
    surroundingPairs?: Array<[string, string]>;
    folding?: { markers?: { start: string; end: string } };
    wordPattern?: { pattern: string; flags?: string };
  }
  const config = JSON.parse(fs.readFileSync(path.join(repoRoot, 'language-configuration.json'), 'utf8')) as LanguageConfiguration;

  it('uses # for line comments and [] / () as brackets', () => {
    assert.strictEqual(config.comments?.lineComment, '#');
    assert.deepStrictEqual(config.brackets, [
      ['[', ']'],
      ['(', ')'],
    ]);
    const autoClosing = (config.autoClosingPairs ?? []).map((p) => p.open + p.close);
    for (const pair of ['[]', '()', '""']) {
      assert.ok(autoClosing.includes(pair), `autoClosingPairs lacks ${pair}`);
    }
    const surrounding = (config.surroundingPairs ?? []).map((p) => p.join(''));
    for (const pair of ['[]', '()', '""', "''"]) {
      assert.ok(surrounding.includes(pair), `surroundingPairs lacks ${pair}`);
    }
  });

  it('wordPattern keeps apostrophes and hyphens inside words, a dropped g and the common elisions, but not quotes', () => {
    assert.ok(config.wordPattern);
    const re = new RegExp(config.wordPattern.pattern, (config.wordPattern.flags ?? '').replace('g', '') + 'g');
    const words = (s: string): string[] => s.match(re) ?? [];
    assert.deepStrictEqual(words("Don't stop, rock'n'roll!"), ["Don't", 'stop', "rock'n'roll"]);
    assert.deepStrictEqual(words('it’s ’cause we’re singin’'), ['it’s', '’cause', 'we’re', 'singin’']);
    assert.deepStrictEqual(words("lovin' that rock-n-roll 'Til dawn"), ["lovin'", 'that', 'rock-n-roll', "'Til", 'dawn']);
    assert.deepStrictEqual(words("she said 'hello' -- 'causeway' 'em-dash'"), ['she', 'said', 'hello', 'causeway', 'em-dash']);
    assert.deepStrictEqual(words('[Verse 2] (ooh-ahh) café'), ['Verse', '2', 'ooh-ahh', 'café']);
  });

  it('folding markers are # region / # endregion comments', () => {
    const markers = config.folding?.markers;
    assert.ok(markers);
    const start = new RegExp(markers.start);
    const end = new RegExp(markers.end);
    assert.ok(start.test('# region Verse 1') && start.test('#region'));
    assert.ok(end.test('# endregion') && end.test('  #endregion'));
    assert.ok(!start.test('# endregion') && !start.test('[Verse]') && !end.test('# region'));
  });

  it('package.json contributes existing grammar, configuration and icon files', () => {
    interface Pkg {
      contributes: {
        languages: Array<{ id: string; configuration: string; icon: { light: string; dark: string } }>;
        grammars: Array<{ scopeName: string; path: string; embeddedLanguages?: Record<string, string> }>;
      };
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Pkg;
    const lang = pkg.contributes.languages.find((l) => l.id === 'lyrics');
    const gram = pkg.contributes.grammars.find((g) => g.scopeName === LYRICS_SCOPE);
    assert.ok(lang && gram);
    for (const file of [lang.configuration, lang.icon.light, lang.icon.dark, gram.path]) {
      assert.ok(fs.existsSync(path.join(repoRoot, file)), `${file} missing`);
    }
    assert.strictEqual(gram.embeddedLanguages?.[EMBEDDED_YAML], 'yaml');
    const svg = fs.readFileSync(path.join(repoRoot, lang.icon.light), 'utf8');
    assert.match(svg, /<svg[^>]*viewBox="0 0 16 16"/);
  });
});
