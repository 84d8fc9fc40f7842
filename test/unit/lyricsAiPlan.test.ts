/**
 * Where a rewrite goes (src/core/lyricsAi/plan.ts): only the lines that
 * differ are replaced, the front matter never, comments inside the change
 * are listed as dropped, and the result sends exactly the new lyrics.
 */
import { strict as assert } from 'node:assert';
import { analyzeSong } from '../../src/core/analysis';
import { lineBreakOf, lyricsTargetProblem, planRewrite, type RewritePlan } from '../../src/core/lyricsAi/plan';
import { lyricsPayload } from '../../src/core/payload';
import { parseLyricsDocument } from '../../src/core/document';
import { cleanLyrics } from '../../src/core/lyricsAi/request';

const FRONT = '---\ntitle: Night Drive\nprompt: synthwave\n---\n';

function plan(text: string, lyrics: string): RewritePlan {
  const result = planRewrite(analyzeSong(text), lyrics);
  // Whatever the plan, the song after it sends exactly the new lyrics, and the front matter is as it was.
  assert.equal(lyricsPayload(parseLyricsDocument(result.proposedText)).text, lyrics, 'the proposed song sends the new lyrics');
  if (text.startsWith(FRONT)) assert.ok(result.proposedText.startsWith(FRONT), 'the front matter is untouched');
  assert.equal(result.proposedText, text.slice(0, result.start) + result.newText + text.slice(result.end));
  return result;
}

describe('lyrics AI: planning a rewrite', () => {
  it('replaces only the changed line, keeping the comments around it', () => {
    const song = `${FRONT}[Verse]\n# keep me\nOld line\n# and me\nSame line\n`;
    const result = plan(song, '[Verse]\nNew line\nSame line');
    assert.equal(result.newText, 'New line');
    assert.equal(song.slice(result.start, result.end), 'Old line');
    assert.equal(result.proposedText, `${FRONT}[Verse]\n# keep me\nNew line\n# and me\nSame line\n`);
    assert.deepEqual(result.droppedComments, []);
  });

  it('lists the comment lines inside the replaced range: they will be gone', () => {
    const song = `${FRONT}[Verse]\nOne\n# TODO: a better rhyme\nTwo\n  # indented note\nThree\n[Chorus]\nHey\n`;
    const result = plan(song, '[Verse]\nUno\nDos\nTres\n[Chorus]\nHey');
    assert.equal(result.proposedText, `${FRONT}[Verse]\nUno\nDos\nTres\n[Chorus]\nHey\n`);
    assert.deepEqual(result.droppedComments, [
      { line: 6, text: '# TODO: a better rhyme' },
      { line: 8, text: '  # indented note' },
    ]);
  });

  it('appends a continuation after the last line, keeping trailing notes after it', () => {
    const song = `${FRONT}[Verse]\nOne\n\n# end notes\n`;
    const result = plan(song, '[Verse]\nOne\n\n[Bridge]\nTwo');
    assert.equal(result.newText, '\n\n[Bridge]\nTwo');
    assert.equal(result.proposedText, `${FRONT}[Verse]\nOne\n\n[Bridge]\nTwo\n\n# end notes\n`);
  });

  it('inserts before the first line when only the start is new', () => {
    const song = `${FRONT}# intro note\n[Verse]\nOne\n`;
    const result = plan(song, '[Intro]\nOoh\n[Verse]\nOne');
    assert.equal(result.proposedText, `${FRONT}# intro note\n[Intro]\nOoh\n[Verse]\nOne\n`);
  });

  it('removes lines with their line break, also at the very start of a song without front matter', () => {
    assert.equal(plan(`${FRONT}[Verse]\nOne\nTwo\nThree\n`, '[Verse]\nOne\nThree').proposedText, `${FRONT}[Verse]\nOne\nThree\n`);
    assert.equal(plan(`${FRONT}[Verse]\nOne\nTwo\n`, '[Verse]\nOne').proposedText, `${FRONT}[Verse]\nOne\n`);
    assert.equal(plan(`${FRONT}[Intro]\nOne\n[Verse]\nTwo\n`, '[Verse]\nTwo').proposedText, `${FRONT}[Verse]\nTwo\n`);
    assert.equal(plan('[Intro]\nOne\n[Verse]\nTwo', '[Verse]\nTwo').proposedText, '[Verse]\nTwo');
  });

  it('says nothing changed when the answer is the lyrics as they are (trailing spaces and comments aside)', () => {
    const song = `${FRONT}[Verse]  \nOne\n# note\nTwo\n`;
    const result = plan(song, '[Verse]\nOne\nTwo');
    assert.equal(result.changed, false);
    assert.equal(result.proposedText, song);
  });

  it('fills a song without lyrics at its end, after the front matter and any notes', () => {
    assert.equal(plan(FRONT, '[Verse 1]\nHello').proposedText, `${FRONT}[Verse 1]\nHello\n`);
    assert.equal(plan(FRONT.trimEnd(), '[Verse 1]\nHello').proposedText, `${FRONT}[Verse 1]\nHello\n`);
    assert.equal(plan(`${FRONT}# ideas: trains\n`, '[Verse 1]\nHello').proposedText, `${FRONT}# ideas: trains\n[Verse 1]\nHello\n`);
    assert.equal(plan('', '[Verse 1]\nHello').proposedText, '[Verse 1]\nHello\n');
  });

  it('writes the song’s own line breaks (CRLF stays CRLF)', () => {
    const crlf = `${FRONT.replace(/\n/g, '\r\n')}[Verse]\r\nOne\r\nTwo\r\n`;
    assert.equal(lineBreakOf(crlf), '\r\n');
    const result = planRewrite(analyzeSong(crlf), '[Verse]\nUno\nDos\n\n[Bridge]\nTres');
    assert.equal(result.proposedText, `${FRONT.replace(/\n/g, '\r\n')}[Verse]\r\nUno\r\nDos\r\n\r\n[Bridge]\r\nTres\r\n`);
  });

  it('keeps a BOM in front of a song without front matter', () => {
    const result = planRewrite(analyzeSong('\uFEFF[Verse]\nOne\n'), '[Verse 1]\nOne');
    assert.equal(result.proposedText, '\uFEFF[Verse 1]\nOne\n');
  });

  it('refuses a song whose front matter is not closed: lyrics would become settings', () => {
    assert.equal(lyricsTargetProblem(analyzeSong('---\nprompt: p\n')), 'its front matter is not closed (a second --- line is missing)');
    assert.equal(lyricsTargetProblem(analyzeSong(FRONT)), undefined);
  });

  it('keeps every kept line where it was over many random edits', () => {
    // A small deterministic generator: the same cases every run.
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ['[Verse]', '[Chorus]', 'la la', 'oh oh', 'hey', ''];
    for (let round = 0; round < 300; round++) {
      const body = Array.from({ length: 1 + random(8) }, () => (random(5) === 0 ? '# note' : (words[random(words.length)] ?? '')));
      // As requestLyrics returns them: pauses inside, never a blank line at either end.
      const lyrics = cleanLyrics(Array.from({ length: 1 + random(8) }, () => words[random(words.length)] ?? 'x').join('\n'));
      if (lyrics !== '') plan(`${FRONT}${body.join('\n')}\n`, lyrics);
    }
  });
});
