/**
 * The payload rule: what exactly is sent to the provider. The counts the user
 * sees (status bar, `lyrics-too-long`) are taken from these same strings, so
 * the number shown is always the number the provider will see.
 *
 * - a leading BOM is dropped, the front matter and comment lines (`#` as the
 *   first non-blank character) are removed;
 * - CRLF (and a lone CR) become LF;
 * - each line loses its trailing white space, and leading and trailing blank
 *   lines are dropped;
 * - the prompt is the front matter's `prompt` value, trimmed.
 */
import { findEntry, parseLyricsDocument, type LyricsDocument } from './document';

export interface Payload {
  readonly prompt: string;
  readonly lyrics: string;
}

/** A line of the lyrics payload and where it came from. */
export interface PayloadLine {
  readonly sourceLine: number;
  /** Offset of the line's first payload character in the document text. */
  readonly sourceOffset: number;
  /** UTF-16 offset of the line's first character in the payload string. */
  readonly payloadOffset: number;
  /** The line as sent (trailing white space removed). */
  readonly text: string;
}

export interface LyricsPayload {
  readonly text: string;
  readonly lines: readonly PayloadLine[];
}

/** The exact `prompt` and `lyrics` strings a document sends. */
export function toPayload(text: string): Payload {
  const document = parseLyricsDocument(text);
  return { prompt: promptPayload(document), lyrics: lyricsPayload(document).text };
}

export function promptPayload(document: LyricsDocument): string {
  const value = findEntry(document, 'prompt')?.value;
  return typeof value === 'string' ? value.trim() : '';
}

export function isCommentLine(lineText: string): boolean {
  // Hand-rolled for the common case (a line starting with a letter), which a
  // regex search would make measurably slower on large files. A loop, not
  // recursion: a line of 20,000 ideographic spaces overflowed the stack.
  for (let i = 0; i < lineText.length; i++) {
    const c = lineText.charCodeAt(i);
    if (c === 35 /* # */) return true;
    if (c === 32 || c === 9) continue;
    if (c > 127 && /\s/.test(lineText.charAt(i))) continue;
    return false;
  }
  return false;
}

export function lyricsPayload(document: LyricsDocument): LyricsPayload {
  const { lines } = document;
  const payloadLines: PayloadLine[] = [];
  const parts: string[] = [];
  let offset = 0;
  // Blank lines are held back until a non-blank line follows, so leading and
  // trailing blank lines never reach the payload (one pass, no second array:
  // this runs on every keystroke, and on multi-megabyte files in the CLI).
  let pendingBlank: Array<{ sourceLine: number; sourceOffset: number }> = [];
  for (let line = document.bodyStartLine; line < lines.lineCount; line++) {
    let sourceOffset = lines.lineStart(line);
    let lineText = lines.lineText(line);
    if (line === 0 && lineText.startsWith('\uFEFF')) {
      lineText = lineText.slice(1);
      sourceOffset++;
    }
    if (isCommentLine(lineText)) continue;
    const text = lineText.trimEnd();
    if (text === '') {
      if (payloadLines.length > 0) pendingBlank.push({ sourceLine: line, sourceOffset });
      continue;
    }
    for (const blank of pendingBlank) {
      payloadLines.push({ sourceLine: blank.sourceLine, sourceOffset: blank.sourceOffset, payloadOffset: offset, text: '' });
      parts.push('');
      offset += 1;
    }
    pendingBlank = [];
    payloadLines.push({ sourceLine: line, sourceOffset, payloadOffset: offset, text });
    parts.push(text);
    offset += text.length + 1; // the \n that joins it to the next line
  }
  return { text: parts.join('\n'), lines: payloadLines };
}
