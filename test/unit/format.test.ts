import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSong } from '../../src/core/analysis';
import { applyEdits, formatEdits, formatSong } from '../../src/core/format';
import { MAX_FRONT_MATTER_LINES } from '../../src/core/document';
import { toPayload } from '../../src/core/payload';
import { canonicalTagName, findTagOnLine, isKnownTag, parseTagName, TAG_ALIASES } from '../../src/core/tags';

const repoRoot = path.resolve(__dirname, '../../..');

const join = (...lines: string[]): string => lines.join('\n');

/** Every `.lyrics` file under a folder of the repository. */
function songFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(repoRoot, folder), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.lyrics')) found.push(path.join(entry.parentPath, entry.name));
  }
  return found.sort();
}

/**
 * What is sung, as the formatter may change it: the payload's lines with each
 * known tag in its accepted spelling (case, spaces), and without the blank
 * lines right before a tag (the formatter sets those to exactly one after a
 * lyrics line). Everything else of the payload must stay exactly as it was.
 */
function sung(text: string): string[] {
  const lines = toPayload(text).lyrics.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const tag = findTagOnLine(line);
    if (tag) while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
    kept.push(tag && isKnownTag(tag.inner) ? spelled(tag.inner) : line);
  }
  return kept;
}

/** The accepted spelling of a known tag, worked out here independently of format.ts. */
function spelled(inner: string): string {
  const { name, number } = parseTagName(inner);
  const lower = name.replace(/\s+/g, ' ').toLowerCase();
  const alias = Object.keys(TAG_ALIASES).find((candidate) => candidate.toLowerCase() === lower);
  const digits = inner.trim().slice(name.length).trim();
  return `[${alias ?? canonicalTagName(name) ?? name}${number === undefined ? '' : ` ${digits}`}]`;
}

/** Formats, and checks the properties every formatting must have: idempotent, nothing sung changed, edits in order. */
function format(text: string): string {
  const edits = formatEdits(analyzeSong(text));
  for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1]!.end < edits[i]!.start, `edits overlap or touch: ${JSON.stringify(edits)}`);
  const once = applyEdits(text, edits);
  assert.equal(formatSong(text), once);
  assert.equal(formatSong(once), once, 'formatting twice gives the same text as formatting once');
  assert.deepEqual(sung(once), sung(text), 'what is sung did not change');
  return once;
}

describe('formatter', () => {
  describe('tag lines', () => {
    it('gives known tags their canonical case and single spaces, keeping the number as written', () => {
      assert.equal(
        format(join('[ pre chorus  2]', 'la', '', '[VERSE]', 'la', '', '[verse2]', 'la', '', '[Chorus 02]', 'la')),
        join('[Pre Chorus 2]', 'la', '', '[Verse]', 'la', '', '[Verse 2]', 'la', '', '[Chorus 02]', 'la', ''),
      );
    });

    it('keeps a hyphenated or other accepted spelling, in its accepted case', () => {
      assert.equal(
        format(join('[pre-chorus]', '', '[POST-CHORUS 3]', '', '[build-UP]', '', '[instrumental]', '', '[breakdown]', '', '[build up]')),
        join('[Pre-Chorus]', '', '[Post-Chorus 3]', '', '[Build-up]', '', '[Instrumental]', '', '[Breakdown]', '', '[Build Up]', ''),
      );
    });

    it('removes white space around a known tag, but leaves an unknown tag as written (only its trailing white space goes)', () => {
      assert.equal(
        format(join('  [ chorus ]  ', 'la', '', '  [ Vrese  2 ]  ', 'la', '', '[xyzzy]')),
        join('[Chorus]', 'la', '', '  [ Vrese  2 ]', 'la', '', '[xyzzy]', ''),
      );
    });
  });

  describe('blank lines', () => {
    it('puts exactly one blank line before a tag that follows a lyrics line', () => {
      assert.equal(
        format(join('[Verse]', 'la', '[Chorus]', 'la', '', '', '', '[Bridge]', '(ooh)', '[Outro]')),
        join('[Verse]', 'la', '', '[Chorus]', 'la', '', '[Bridge]', '(ooh)', '', '[Outro]', ''),
      );
    });

    it('adds none at the start of the lyrics, nor after a comment or a tag', () => {
      const text = join('---', 'prompt: p', '---', '[Intro]', '[Verse]', 'la', '# key change', '[Chorus]', 'la', '', '', '# note', '[Bridge]', 'la', '');
      assert.equal(format(text), text);
    });

    it('keeps other blank lines as written (pauses), emptied of their white space', () => {
      assert.equal(
        format(join('[Verse]', '', '  ', 'la', '\t', '', 'la', '', '# c', '', '', 'la')),
        join('[Verse]', '', '', 'la', '', '', 'la', '', '# c', '', '', 'la', ''),
      );
    });

    it('removes blank lines at the start of the lyrics and at the end of the file', () => {
      assert.equal(format(join('---', 'prompt: p', '---', '', '  ', '[Verse]', 'la', '', '   ', '', '')), join('---', 'prompt: p', '---', '[Verse]', 'la', ''));
      assert.equal(format(join('', '', '# note', 'la')), join('# note', 'la', ''));
    });
  });

  describe('white space, line breaks and the end of the file', () => {
    it('removes trailing white space from lyrics and cue lines, keeping comment lines exactly', () => {
      assert.equal(
        format(join('la la  ', '(ooh, ahh)\t', 'wide\u3000', '# note   ', '  # indented note\t')),
        join('la la', '(ooh, ahh)', 'wide', '# note   ', '  # indented note\t', ''),
      );
    });

    it('ends the file with one line break, and leaves an empty file empty', () => {
      assert.equal(format('[Verse]\nla'), '[Verse]\nla\n');
      assert.equal(format('---\nprompt: p\n---'), '---\nprompt: p\n---\n');
      assert.equal(format(''), '');
      assert.equal(format('\n \n\n'), '');
    });

    it('keeps CRLF, and writes the lines it adds with it', () => {
      assert.equal(
        format('---\r\nprompt: p  \r\n---\r\n\r\n[verse]  \r\nla \r\n[chorus]\r\nla'),
        '---\r\nprompt: p\r\n---\r\n[Verse]\r\nla\r\n\r\n[Chorus]\r\nla\r\n',
      );
      assert.equal(format('[verse]\rla\r[chorus]\rla\r\r'), '[Verse]\rla\r\r[Chorus]\rla\r');
    });

    it('keeps a BOM, with or without front matter, even when the first line goes', () => {
      assert.equal(format('\uFEFF---\nprompt: p \n---\n[verse]\nla'), '\uFEFF---\nprompt: p\n---\n[Verse]\nla\n');
      assert.equal(format('\uFEFF[verse]  \nla'), '\uFEFF[Verse]\nla\n');
      assert.equal(format('\uFEFF\n\n[verse]\nla'), '\uFEFF[Verse]\nla\n');
    });

    it('handles emoji and other astral characters like any other', () => {
      assert.equal(format('[verse]\n🎸 la 🎤  \n[chorus]\n𝄞\u00a0\n'), '[Verse]\n🎸 la 🎤\n\n[Chorus]\n𝄞\n');
    });
  });

  describe('front matter', () => {
    it('keeps keys, order, comments and quoting; removes trailing white space outside block scalars', () => {
      const text = join(
        '---  ',
        "title: 'Summer'   # the title  ",
        'prompt: |  ',
        '  Upbeat pop,   ',
        '  ',
        '  118 BPM  ',
        'style: >-',
        '  folded   ',
        '  text  ',
        '# a comment   ',
        'format: "mp3"  ',
        '---  ',
        '[Verse]',
        'la',
      );
      assert.equal(
        format(text),
        join(
          '---',
          "title: 'Summer'   # the title",
          'prompt: |',
          '  Upbeat pop,   ',
          '  ',
          '  118 BPM  ',
          'style: >-',
          '  folded   ',
          '  text  ',
          '# a comment',
          'format: "mp3"',
          '---',
          '[Verse]',
          'la',
          '',
        ),
      );
    });

    it('leaves the front matter alone when removing white space would change a value (an escaped space at a line end)', () => {
      const text = join('---', 'prompt: "pop\\ ', '  rock"  ', '---', '[verse]', 'la');
      assert.equal(format(text), join('---', 'prompt: "pop\\ ', '  rock"  ', '---', '[Verse]', 'la', ''));
    });

    it('leaves a front matter with a YAML error as it is, and still formats the lyrics', () => {
      const text = join('---', 'prompt: [unclosed   ', 'title: x  ', '---', '[verse]  ', 'la  ');
      assert.ok(analyzeSong(text).document.frontMatter.kind === 'closed');
      assert.equal(format(text), join('---', 'prompt: [unclosed   ', 'title: x  ', '---', '[Verse]', 'la', ''));
      const duplicate = join('---', 'prompt: a  ', 'prompt: b', '---', 'la  ');
      assert.equal(format(duplicate), join('---', 'prompt: a  ', 'prompt: b', '---', 'la', ''));
    });

    it('leaves a front matter too large to read as it is', () => {
      const keys = Array.from({ length: MAX_FRONT_MATTER_LINES + 1 }, (_, i) => `key_${i}: v  `);
      const text = join('---', ...keys, '---', '[verse]');
      assert.equal(format(text), join('---', ...keys, '---', '[Verse]', ''));
    });

    it('changes nothing in a file whose front matter is never closed (all of it is front matter being typed)', () => {
      const text = join('---', 'prompt: p  ', '[verse]  ', 'la  ');
      assert.deepEqual(formatEdits(analyzeSong(text)), []);
      assert.equal(format(text), text);
    });
  });

  describe('edits', () => {
    it('are small: one per changed line, none for lines that stay', () => {
      const text = join('---', 'prompt: p', '---', '[verse]', 'la  ', 'la', '[Chorus]', 'la');
      assert.deepEqual(formatEdits(analyzeSong(text)), [
        { start: 19, end: 20, newText: 'V' },
        { start: 28, end: 30, newText: '' },
        { start: 34, end: 34, newText: '\n' },
        { start: 45, end: 45, newText: '\n' },
      ]);
      assert.deepEqual(formatEdits(analyzeSong(format(text))), []);
    });
  });

  describe('every song in examples/ and the test fixtures', () => {
    const files = [...songFiles('examples'), ...songFiles('test/fixtures')];

    it('finds the songs', () => {
      assert.ok(files.length >= 4, files.join(', '));
    });

    for (const file of files) {
      const relative = path.relative(repoRoot, file);
      it(`${relative}: idempotent, and sends the same lyrics and prompt`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const formatted = format(text);
        assert.equal(toPayload(formatted).prompt, toPayload(text).prompt);
        // These songs are tidy already: only tag spellings may change what is sent.
        const payload = (t: string): string[] => toPayload(t).lyrics.split('\n');
        assert.deepEqual(
          payload(formatted),
          payload(text).map((line) => {
            const tag = findTagOnLine(line);
            return tag && isKnownTag(tag.inner) ? spelled(tag.inner) : line;
          }),
        );
      });

      it(`${relative}, untidied (CRLF, BOM, trailing spaces, tags in lower case, no blank lines before tags): the same properties`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const untidy =
          '\uFEFF' +
          text
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => (findTagOnLine(line) ? `  ${line.toLowerCase()}  ` : line.startsWith('#') ? line : `${line}  `))
            .join('\r\n');
        const formatted = format(untidy);
        assert.ok(formatted.startsWith('\uFEFF'));
        assert.ok(!/[^\r]\n/.test(formatted), 'every line break stays CRLF');
        assert.equal(toPayload(formatted).prompt, toPayload(untidy).prompt);
      });
    }
  });
});
