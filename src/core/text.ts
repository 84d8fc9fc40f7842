/**
 * Text positions shared by the linter, the CLI and the editor adapters.
 *
 * Offsets are indices into a JavaScript string (UTF-16 code units), which is
 * also what VS Code's `Position.character` counts. Lengths that the user sees
 * against the model's limits are counted in Unicode code points instead
 * (see `countCodePoints`), because that is what the providers count.
 */

/** Zero-based line and UTF-16 character, as in VS Code. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Maps string offsets to line/character positions. Built once per document. */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        starts.push(i + 1);
      } else if (c === 13 /* \r */) {
        // A lone \r ends a line too (VS Code treats it so); \r\n is one break.
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineStart(line: number): number {
    return this.lineStarts[line] ?? this.text.length;
  }

  /** Offset just past the line's last character, before its line break. */
  lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next - 1;
    if (this.text.charCodeAt(end) === 10 && end > 0 && this.text.charCodeAt(end - 1) === 13 && end - 1 >= this.lineStart(line)) {
      end--;
    }
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // Binary search for the last line start <= offset.
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (this.lineStarts[low] ?? 0) };
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  /** The whole text of a line, without its line break. */
  lineRange(line: number): Range {
    return this.rangeOf(this.lineStart(line), this.lineEnd(line));
  }
}

/** Number of Unicode code points: an emoji counts 1, a line break counts 1. */
export function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low surrogate is one code point.
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/**
 * UTF-16 offset of the code point with the given index, or `undefined` when
 * the text has no more than `index` code points.
 */
export function offsetOfCodePoint(text: string, index: number): number | undefined {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (count === index) return i;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return undefined;
}

/**
 * Characters that must never reach a terminal, a log or a one-line message as
 * they are: C0 and C1 controls and DEL (a line break forges a new line, ESC
 * starts a terminal escape sequence), the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates that make text
 * display in another order than it is read.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as an escape (`\n`, `\x1b`, `\u2028`), so it stays one inert line. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (character) => {
    const named = NAMED_ESCAPES[character];
    if (named) return named;
    const code = character.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Text from a file quoted for a diagnostic message: in double quotes, control
 * characters escaped, cut after `max` code units (never inside a surrogate
 * pair) with an ellipsis, so a message stays one readable line whatever the file holds.
 */
export function quoteForMessage(text: string, max = 80): string {
  let cut = text;
  if (text.length > max) {
    const last = text.charCodeAt(max - 1);
    cut = `${text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max)}…`;
  }
  return `"${escapeControlCharacters(cut)}"`;
}

/**
 * `text` ending in exactly one full stop, for joining a message that may
 * already end in one (a provider's words, Node's) with the next sentence:
 * "Saved" and "Saved." both give "Saved.", never "Saved..". A text ending in
 * "?", "!" or "…" is left as it is.
 */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd();
  if (/[?!…]$/.test(trimmed)) return trimmed;
  return `${trimmed.replace(/\.+$/, '')}.`;
}
