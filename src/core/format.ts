/**
 * The formatter (Format Document, format on save, `lyrics format`): tidies a
 * song without changing what is sung. It returns small edits, one per changed
 * line (or run of removed lines), so cursors and undo in the editor stay where
 * the writer left them.
 *
 * - A known tag line gets its accepted spelling, with single spaces and no
 *   white space around it: `  [ pre chorus  2]` → `[Pre Chorus 2]`,
 *   `[pre-chorus]` → `[Pre-Chorus]` (a hyphenated spelling keeps its hyphen;
 *   the number's digits stay as written). An unknown tag is left as written.
 * - A tag right after a lyrics line gets exactly one blank line before it.
 *   Blank lines anywhere else are pauses and stay as written, except those
 *   at the start of the lyrics and at the end of the file, which are never
 *   sent and are removed.
 * - Lyrics lines (cues such as `(ooh)` included) lose their trailing white
 *   space, which is never sent either. Comment lines are kept exactly as
 *   written: they are the writer's notes, not the formatter's.
 * - The file ends with one line break; the file's own line breaks are kept
 *   (new ones are written like its first one), and so is a BOM.
 * - The front matter keeps its keys, order, comments and quoting; only
 *   trailing white space goes, outside block scalars (`|`, `>`), and only if
 *   every value reads the same afterwards. A front matter with a YAML error
 *   is left as it is (the lyrics are still formatted); an unclosed one makes
 *   the whole file front matter being typed, so nothing changes.
 *
 * Formatting twice gives the text formatting once gives.
 */
import { analyzeSong, type BodyLineKind, type SongAnalysis, type TagLine } from './analysis';
import { parseLyricsDocument, type LyricsDocument } from './document';
import { KNOWN_TAGS, TAG_ALIASES } from './tags';
import type { LineIndex } from './text';

/** Replace the text between two offsets of the original text (UTF-16) with `newText`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** The formatted text. `analysis` is reused when it is of this very text. */
export function formatSong(text: string, analysis?: SongAnalysis): string {
  return applyEdits(text, formatEdits(analysis?.document.text === text ? analysis : analyzeSong(text)));
}

/** The edits that format the analysed text: sorted, neither overlapping nor touching. */
export function formatEdits(analysis: SongAnalysis): TextEdit[] {
  const { document } = analysis;
  const { text, lines, frontMatter } = document;
  if (frontMatter.kind === 'unterminated') return [];
  const edits = new EditList();
  const eol = /\r\n?|\n/.exec(text)?.[0] ?? '\n';
  // The last line that has content: a text ending in a line break has an empty "line" after it.
  const lastLine = text.endsWith('\n') || text.endsWith('\r') ? lines.lineCount - 2 : lines.lineCount - 1;
  let lastKept = -1;

  if (frontMatter.kind === 'closed') {
    lastKept = frontMatter.closeLine;
    if (frontMatter.syntaxErrors.length === 0) for (const edit of frontMatterEdits(document)) edits.add(edit);
  }

  const { lineKinds, tags } = analysis.structure;
  let nextTag = 0; // tags are in line order, one per tag line
  const bodyStart = document.bodyStartLine;
  let previous: BodyLineKind | undefined; // the last non-blank line's kind; undefined at the start of the lyrics
  let blanks: number[] = []; // the blank lines since then
  const removeLines = (first: number, last: number): void => edits.add({ start: contentStart(lines, first), end: lines.lineStart(last + 1), newText: '' });
  for (let line = bodyStart; line <= lastLine; line++) {
    const kind = lineKinds[line - bodyStart] ?? 'lyric';
    if (kind === 'blank') {
      blanks.push(line);
      continue;
    }
    const [firstBlank] = blanks;
    let insertBlank = false;
    if (firstBlank === undefined) {
      insertBlank = kind === 'tag' && previous === 'lyric';
    } else if (previous === undefined) {
      removeLines(firstBlank, line - 1); // none at the start of the lyrics
    } else if (kind === 'tag' && previous === 'lyric') {
      edits.change(lines, firstBlank, '');
      if (blanks.length > 1) removeLines(firstBlank + 1, line - 1);
    } else {
      for (const blank of blanks) edits.change(lines, blank, ''); // pauses stay; their white space goes
    }
    if (insertBlank) edits.add({ start: lines.lineStart(line), end: lines.lineStart(line), newText: eol });
    const tag = kind === 'tag' ? tags[nextTag++] : undefined;
    edits.change(lines, line, formattedLine(kind, lineContent(lines, line), tag));
    blanks = [];
    previous = kind;
    lastKept = line;
  }
  const [trailing] = blanks;
  if (trailing !== undefined) removeLines(trailing, lastLine);
  // One final line break (none is added to a file that is left empty).
  if (lastKept >= 0 && lastKept === lines.lineCount - 1) edits.add({ start: text.length, end: text.length, newText: eol });
  return edits.list;
}

/** Applies edits sorted by offset and not overlapping (as formatEdits returns them). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(text.slice(at, edit.start), edit.newText);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function formattedLine(kind: BodyLineKind, content: string, tag: TagLine | undefined): string {
  if (kind === 'comment') return content;
  return (tag && canonicalTagText(tag)) ?? content.trimEnd();
}

/** Each accepted spelling (documented tags and their aliases) by its folded form. */
const SPELLINGS = new Map<string, string>([...KNOWN_TAGS, ...Object.keys(TAG_ALIASES)].map((spelling) => [foldTagName(spelling), spelling]));

/** As tags.ts compares names: lower case, runs of white space folded to one space. */
function foldTagName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** `[Pre Chorus 2]` for a known tag written any way; undefined for an unknown one. */
export function canonicalTagText(tag: Pick<TagLine, 'inner' | 'name' | 'known'>): string | undefined {
  if (!tag.known) return undefined;
  const spelling = SPELLINGS.get(foldTagName(tag.name));
  if (spelling === undefined) return undefined;
  // `name` is the trimmed inner text up to the white space and digits of its number.
  const digits = tag.inner.trim().slice(tag.name.length).trim();
  return `[${spelling}${digits === '' ? '' : ` ${digits}`}]`;
}

/**
 * Trailing white space of the front matter's lines, except inside block
 * scalars (where it is part of the value). Nothing if any value would read
 * differently afterwards: a double-quoted `\ ` at a line's end is an escaped
 * space, and a nested block scalar is not among the entries; checking the
 * result is simpler and surer than knowing every such case.
 */
function frontMatterEdits(document: LyricsDocument): TextEdit[] {
  const { text, lines, frontMatter } = document;
  if (frontMatter.kind !== 'closed') return [];
  const { closeLine } = frontMatter;
  const keep = new Set<number>();
  for (const entry of frontMatter.entries) {
    if (entry.scalarStyle !== 'BLOCK_LITERAL' && entry.scalarStyle !== 'BLOCK_FOLDED') continue;
    const header = lines.positionAt(entry.valueStart).line;
    const end = lines.positionAt(entry.valueEnd);
    for (let line = header + 1; line <= (end.character === 0 ? end.line - 1 : end.line); line++) keep.add(line);
  }
  const edits: TextEdit[] = [];
  for (let line = 0; line <= closeLine; line++) {
    if (keep.has(line)) continue;
    const content = lineContent(lines, line);
    const trimmed = content.trimEnd();
    if (trimmed.length < content.length) edits.push({ start: lines.lineEnd(line) - (content.length - trimmed.length), end: lines.lineEnd(line), newText: '' });
  }
  if (edits.length === 0) return edits;
  const before = frontMatter.entries.map((entry) => [entry.key, entry.value]);
  const after = parseLyricsDocument(applyEdits(text.slice(0, lines.lineEnd(closeLine)), edits)).frontMatter;
  if (after.kind !== 'closed' || after.syntaxErrors.length > 0) return [];
  return sameJson(
    before,
    after.entries.map((entry) => [entry.key, entry.value]),
  )
    ? edits
    : [];
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false; // a value that refers to itself through an alias: leave the front matter alone
  }
}

/** Where a line's text starts: after a BOM on line 0, which no edit touches. */
function contentStart(lines: LineIndex, line: number): number {
  const start = lines.lineStart(line);
  return line === 0 && lines.lineText(0).startsWith('\uFEFF') ? start + 1 : start;
}

function lineContent(lines: LineIndex, line: number): string {
  const start = contentStart(lines, line);
  return lines.lineText(line).slice(start - lines.lineStart(line));
}

/** Edits in document order; one that touches the previous is merged into it, so none overlap or touch. */
class EditList {
  readonly list: TextEdit[] = [];

  add(edit: TextEdit): void {
    const last = this.list[this.list.length - 1];
    if (last && last.end === edit.start) this.list[this.list.length - 1] = { start: last.start, end: edit.end, newText: last.newText + edit.newText };
    else if (edit.start !== edit.end || edit.newText !== '') this.list.push(edit);
  }

  /** The line's content (after a BOM) becomes `content`: only the part between their common prefix and suffix is replaced. */
  change(lines: LineIndex, line: number, content: string): void {
    const start = contentStart(lines, line);
    const old = lines.lineText(line).slice(start - lines.lineStart(line));
    if (old === content) return;
    let prefix = 0;
    const shorter = Math.min(old.length, content.length);
    while (prefix < shorter && old.charCodeAt(prefix) === content.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < shorter - prefix && old.charCodeAt(old.length - 1 - suffix) === content.charCodeAt(content.length - 1 - suffix)) suffix++;
    // No cut falls inside a surrogate pair (which the editor would move): lines only lose white space,
    // and tag lines change in ASCII between brackets.
    this.add({ start: start + prefix, end: start + old.length - suffix, newText: content.slice(prefix, content.length - suffix) });
  }
}
