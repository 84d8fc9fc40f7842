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
  const first = lineText.search(/\S/);
  return first >= 0 && lineText[first] === '#';
}

export function lyricsPayload(document: LyricsDocument): LyricsPayload {
  const { lines } = document;
  const kept: Array<Omit<PayloadLine, 'payloadOffset'>> = [];
  for (let line = document.bodyStartLine; line < lines.lineCount; line++) {
    let sourceOffset = lines.lineStart(line);
    let lineText = lines.lineText(line);
    if (line === 0 && lineText.startsWith('\uFEFF')) {
      lineText = lineText.slice(1);
      sourceOffset++;
    }
    if (isCommentLine(lineText)) continue;
    kept.push({ sourceLine: line, sourceOffset, text: lineText.trimEnd() });
  }

  let first = 0;
  while (first < kept.length && kept[first]?.text === '') first++;
  let last = kept.length - 1;
  while (last >= first && kept[last]?.text === '') last--;

  const payloadLines: PayloadLine[] = [];
  let offset = 0;
  for (let i = first; i <= last; i++) {
    const entry = kept[i];
    if (!entry) continue;
    payloadLines.push({ ...entry, payloadOffset: offset });
    offset += entry.text.length + 1; // the \n that joins it to the next line
  }
  return { text: payloadLines.map((l) => l.text).join('\n'), lines: payloadLines };
}
