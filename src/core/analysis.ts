/**
 * One analysis per document version: the parsed document, the payload that
 * would be sent, the lint, and the song's structure (its sections and the kind
 * of every lyrics line). The editor builds one per version and every feature
 * reads it (diagnostics, status bar, outline, completion, hover, code actions,
 * formatting, inlay hints); the CLI builds one per file. The structure is
 * computed on first use, so typing (which only needs the lint) never pays for it.
 */
import { parseLyricsDocument, type LyricsDocument } from './document';
import { lintDocument, type LintOptions, type LintResult } from './lint';
import { isCommentLine, lyricsPayload, promptPayload, type LyricsPayload } from './payload';
import { canonicalTagName, findTagOnLine, isKnownTag, parseTagName } from './tags';
import { countCodePoints } from './text';

/** What a line of the lyrics body is. */
export type BodyLineKind = 'tag' | 'comment' | 'blank' | 'lyric';

/** A structure tag line: `[Verse 2]`. Offsets are UTF-16 within the line. */
export interface TagLine {
  readonly line: number;
  /** Offsets of `[` and `]` within the line. */
  readonly open: number;
  readonly close: number;
  /** The text between the brackets, as written. */
  readonly inner: string;
  /** The name without its number ("Verse"), as written but trimmed. */
  readonly name: string;
  readonly number: number | undefined;
  /** Whether the linter knows the tag (documented or an accepted spelling). */
  readonly known: boolean;
  /** The documented tag it means ("Pre Chorus" for `pre-chorus`), if known. */
  readonly canonical: string | undefined;
}

/**
 * A section: a tag line and the lines up to the next tag, or the lines before
 * the first tag (then `tag` is undefined). `endLine` is the last non-blank
 * line of the section (the tag line itself for an empty section).
 */
export interface SongSection {
  readonly tag: TagLine | undefined;
  readonly startLine: number;
  readonly endLine: number;
  /** Lines that are sung (not tags, comments or blank), in order. */
  readonly lyricLines: readonly number[];
  /** Code points of the sung lines as sent (trailing white space removed), without line breaks. */
  readonly sungCharacters: number;
}

export interface SongStructure {
  /** The kind of each body line, indexed by `line - document.bodyStartLine`. */
  readonly lineKinds: readonly BodyLineKind[];
  readonly tags: readonly TagLine[];
  readonly sections: readonly SongSection[];
}

export interface SongAnalysis {
  readonly document: LyricsDocument;
  readonly options: LintOptions;
  /** The `lyrics` string that would be sent, line by line. */
  readonly lyrics: LyricsPayload;
  /** The `prompt` string that would be sent. */
  readonly prompt: string;
  readonly lint: LintResult;
  /** Sections and line kinds, computed once on first read. */
  readonly structure: SongStructure;
  /** The kind of a line, or undefined for a line of the front matter (or past the end). */
  lineKind(line: number): BodyLineKind | undefined;
}

export function analyzeSong(text: string, options: LintOptions = {}): SongAnalysis {
  return analyzeDocument(parseLyricsDocument(text), options);
}

export function analyzeDocument(document: LyricsDocument, options: LintOptions = {}): SongAnalysis {
  const lyrics = lyricsPayload(document);
  const lint = lintDocument(document, options, lyrics);
  let structure: SongStructure | undefined;
  const analysis: SongAnalysis = {
    document,
    options,
    lyrics,
    prompt: promptPayload(document),
    lint,
    get structure() {
      structure ??= songStructure(document);
      return structure;
    },
    lineKind(line) {
      if (line < document.bodyStartLine) return undefined;
      return analysis.structure.lineKinds[line - document.bodyStartLine];
    },
  };
  return analysis;
}

function songStructure(document: LyricsDocument): SongStructure {
  const { lines } = document;
  const lineKinds: BodyLineKind[] = [];
  const tags: TagLine[] = [];
  const sections: SongSection[] = [];
  let current: { tag: TagLine | undefined; startLine: number; endLine: number; lyricLines: number[]; sungCharacters: number } | undefined;
  const close = (): void => {
    if (current && (current.tag || current.lyricLines.length > 0)) sections.push(current);
  };

  for (let line = document.bodyStartLine; line < lines.lineCount; line++) {
    let text = lines.lineText(line);
    if (line === 0 && text.startsWith('\uFEFF')) text = text.slice(1);
    const found = findTagOnLine(text);
    if (found) {
      const { name, number } = parseTagName(found.inner);
      const known = isKnownTag(found.inner);
      const tag: TagLine = {
        line,
        open: found.open,
        close: found.close,
        inner: found.inner,
        name,
        number,
        known,
        canonical: known ? canonicalTagName(name) : undefined,
      };
      lineKinds.push('tag');
      tags.push(tag);
      close();
      current = { tag, startLine: line, endLine: line, lyricLines: [], sungCharacters: 0 };
      continue;
    }
    if (isCommentLine(text)) {
      lineKinds.push('comment');
      if (current) current.endLine = line; // a note inside a section belongs to it
      continue;
    }
    const sung = text.trimEnd();
    if (sung === '') {
      lineKinds.push('blank');
      continue;
    }
    lineKinds.push('lyric');
    current ??= { tag: undefined, startLine: line, endLine: line, lyricLines: [], sungCharacters: 0 };
    current.lyricLines.push(line);
    current.endLine = line;
    current.sungCharacters += countCodePoints(sung);
  }
  close();
  return { lineKinds, tags, sections };
}
