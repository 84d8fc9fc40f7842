/**
 * Where a rewrite goes in the song. The lyrics model answers with the whole
 * revised lyrics; only the lines that differ are replaced, so the front
 * matter is never touched and comment lines outside the change stay. Comment
 * lines inside the replaced range cannot be placed in new text: they are
 * listed, so the preview can say they will be gone.
 *
 * The lines are compared as sent (payload.ts: comments left out, trailing
 * white space removed): the longest common start and end of the song's
 * payload lines and the answer's lines stay, the middle is replaced.
 */
import type { SongAnalysis } from '../analysis';
import type { PayloadLine } from '../payload';

/** A comment line the rewrite removes: 0-based line, text as written. */
export interface DroppedComment {
  readonly line: number;
  readonly text: string;
}

export interface RewritePlan {
  /** False when the answer is the lyrics as they are: nothing to replace. */
  readonly changed: boolean;
  /** UTF-16 offsets in the song's text of what is replaced (never inside the front matter). */
  readonly start: number;
  readonly end: number;
  readonly newText: string;
  /** The whole song after the replacement. */
  readonly proposedText: string;
  readonly droppedComments: readonly DroppedComment[];
}

/** Why a song can't take lyrics: an unclosed front matter would swallow them. */
export function lyricsTargetProblem(analysis: SongAnalysis): string | undefined {
  return analysis.document.frontMatter.kind === 'unterminated' ? 'its front matter is not closed (a second --- line is missing)' : undefined;
}

/** The song's line break: `\r\n` when its first line ends with one, else `\n`. */
export function lineBreakOf(text: string): string {
  const first = /\r\n|\r|\n/.exec(text);
  return first?.[0] ?? '\n';
}

/**
 * The replacement that turns the song's lyrics into `newLyrics` (lines joined
 * with `\n`, as requestLyrics returns them). With no lyrics yet, they are
 * added at the end of the song.
 */
export function planRewrite(analysis: SongAnalysis, newLyrics: string): RewritePlan {
  const { text, lines } = analysis.document;
  const eol = lineBreakOf(text);
  const current = analysis.lyrics.lines;
  const proposed = newLyrics.split('\n');
  const plan = (start: number, end: number, newText: string, droppedComments: DroppedComment[] = []): RewritePlan => ({
    changed: true,
    start,
    end,
    newText,
    proposedText: text.slice(0, start) + newText + text.slice(end),
    droppedComments,
  });

  if (current.length === 0) {
    // Nothing sung yet (a new song, or only notes): the lyrics go at the end, after whatever is there.
    const before = text.length > 0 && !/[\r\n]$/.test(text) ? eol : '';
    return plan(text.length, text.length, `${before}${proposed.join(eol)}${eol}`);
  }

  const equal = (line: PayloadLine | undefined, newLine: string | undefined): boolean => line !== undefined && line.text === newLine;
  const most = Math.min(current.length, proposed.length);
  let same = 0;
  while (same < most && equal(current[same], proposed[same])) same++;
  let sameEnd = 0;
  while (same + sameEnd < most && equal(current[current.length - 1 - sameEnd], proposed[proposed.length - 1 - sameEnd])) sameEnd++;

  const replaced = current.slice(same, current.length - sameEnd);
  const inserted = proposed.slice(same, proposed.length - sameEnd);
  const first = replaced[0];
  const last = replaced[replaced.length - 1];
  if (first === undefined || last === undefined) {
    if (inserted.length === 0) return { changed: false, start: text.length, end: text.length, newText: '', proposedText: text, droppedComments: [] };
    // Only new lines: after the last line that stays, or before the first one.
    const previous = current[same - 1];
    if (previous) return plan(lines.lineEnd(previous.sourceLine), lines.lineEnd(previous.sourceLine), `${eol}${inserted.join(eol)}`);
    const next = current[same];
    const at = next?.sourceOffset ?? text.length;
    return plan(at, at, `${inserted.join(eol)}${eol}`);
  }

  const droppedComments: DroppedComment[] = [];
  for (let line = first.sourceLine; line <= last.sourceLine; line++) {
    if (analysis.lineKind(line) === 'comment') droppedComments.push({ line, text: lines.lineText(line) });
  }
  if (inserted.length > 0) return plan(first.sourceOffset, lines.lineEnd(last.sourceLine), inserted.join(eol), droppedComments);
  // Only removed lines: with one of the line breaks around them (the one before, unless they open the text).
  if (first.sourceLine > 0) return plan(lines.lineEnd(first.sourceLine - 1), lines.lineEnd(last.sourceLine), '', droppedComments);
  return plan(first.sourceOffset, lines.lineStart(last.sourceLine + 1), '', droppedComments);
}
