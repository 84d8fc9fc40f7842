/**
 * The document model of a `.lyrics` file: optional YAML front matter (the
 * song's settings) between a `---` first line and the next `---` line, then
 * the lyrics body. Front matter is parsed with the `yaml` package, which keeps
 * source ranges, so every diagnostic can point at the exact key or value.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { LineIndex } from './text';

const BOM = '\uFEFF';

/** One `key: value` entry of the front matter, with offsets into the whole text. */
export interface FrontMatterEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  /** The value as YAML 1.2 reads it (`yes` is a string); null when empty. */
  readonly value: unknown;
  /** Offsets of the value's source, or of the key when the value is empty. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** The yaml scalar style (PLAIN, QUOTE_DOUBLE, BLOCK_LITERAL …) when the value is a scalar. */
  readonly scalarStyle: string | undefined;
}

/** A front-matter problem that makes the YAML unusable or not a mapping. */
export interface FrontMatterSyntaxError {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export type FrontMatter =
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'unterminated';
      /** Offsets of the opening `---`. */
      readonly openStart: number;
      readonly openEnd: number;
    }
  | {
      readonly kind: 'closed';
      readonly openStart: number;
      readonly openEnd: number;
      readonly closeLine: number;
      /** The YAML text lies between these offsets. */
      readonly contentStart: number;
      readonly contentEnd: number;
      /** Entries in source order; duplicates are kept (and reported). */
      readonly entries: readonly FrontMatterEntry[];
      readonly syntaxErrors: readonly FrontMatterSyntaxError[];
    };

export interface LyricsDocument {
  readonly text: string;
  readonly lines: LineIndex;
  readonly frontMatter: FrontMatter;
  /** First line of the lyrics body (== lineCount when there is none). */
  readonly bodyStartLine: number;
}

function isFenceLine(lineText: string): boolean {
  return lineText.trimEnd() === '---';
}

export function parseLyricsDocument(text: string): LyricsDocument {
  const lines = new LineIndex(text);
  const bomLength = text.startsWith(BOM) ? 1 : 0;
  const firstLine = lines.lineText(0).slice(bomLength);
  if (!isFenceLine(firstLine)) {
    return { text, lines, frontMatter: { kind: 'absent' }, bodyStartLine: 0 };
  }

  const openStart = bomLength;
  const openEnd = lines.lineEnd(0);
  let closeLine = -1;
  for (let line = 1; line < lines.lineCount; line++) {
    if (isFenceLine(lines.lineText(line))) {
      closeLine = line;
      break;
    }
  }
  if (closeLine < 0) {
    // Everything after an unclosed `---` is taken as front matter being typed,
    // so nothing of it is mistaken for lyrics.
    return { text, lines, frontMatter: { kind: 'unterminated', openStart, openEnd }, bodyStartLine: lines.lineCount };
  }

  const contentStart = lines.lineStart(1);
  const contentEnd = lines.lineStart(closeLine);
  const { entries, syntaxErrors } = parseFrontMatterYaml(text.slice(contentStart, contentEnd), contentStart);
  return {
    text,
    lines,
    frontMatter: { kind: 'closed', openStart, openEnd, closeLine, contentStart, contentEnd, entries, syntaxErrors },
    bodyStartLine: closeLine + 1,
  };
}

function parseFrontMatterYaml(
  yamlText: string,
  base: number,
): { entries: FrontMatterEntry[]; syntaxErrors: FrontMatterSyntaxError[] } {
  // YAML 1.2 core schema (the package's default): `yes`/`no` stay strings.
  // uniqueKeys makes a duplicate key a parse error pointing at the second key.
  const document: Document.Parsed = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: false });
  const syntaxErrors: FrontMatterSyntaxError[] = document.errors.map((error) => ({
    message: firstLine(error.message),
    start: base + error.pos[0],
    end: base + Math.max(error.pos[1], error.pos[0]),
  }));

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { entries: [], syntaxErrors }; // an empty front matter is simply no settings
  }
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a single value';
    const [start, end] = contents.range ?? [0, yamlText.length];
    syntaxErrors.push({
      message: `Front matter must be a mapping of settings (key: value), not ${what}.`,
      start: base + start,
      end: base + end,
    });
    return { entries: [], syntaxErrors };
  }

  const entries: FrontMatterEntry[] = [];
  for (const pair of contents.items as Array<Pair<unknown, unknown>>) {
    const entry = toEntry(pair, base);
    if (entry) entries.push(entry);
  }
  // yaml marks a duplicate key with a one-character range and a generic
  // message; point at the whole key and name it.
  document.errors.forEach((error, index) => {
    if (error.code !== 'DUPLICATE_KEY') return;
    const duplicate = entries.find((entry) => entry.keyStart === base + error.pos[0]);
    if (duplicate) {
      syntaxErrors[index] = {
        message: `"${duplicate.key}" is set twice; keep one.`,
        start: duplicate.keyStart,
        end: duplicate.keyEnd,
      };
    }
  });
  return { entries, syntaxErrors };
}

function toEntry(pair: Pair<unknown, unknown>, base: number): FrontMatterEntry | undefined {
  const keyNode = pair.key as YamlNode | null;
  if (!keyNode || !isScalar(keyNode) || !keyNode.range) return undefined; // complex keys are already YAML errors or meaningless here
  const keyStart = base + keyNode.range[0];
  const keyEnd = base + keyNode.range[1];
  const valueNode = pair.value as YamlNode | null;
  const valueRange = valueNode?.range ?? undefined;
  const hasValue = valueRange !== undefined && valueRange[1] > valueRange[0];
  return {
    key: String(keyNode.value),
    keyStart,
    keyEnd,
    value: valueNode ? plainValue(valueNode) : null,
    valueStart: hasValue ? base + valueRange[0] : keyStart,
    valueEnd: hasValue ? base + valueRange[1] : keyEnd,
    scalarStyle: valueNode && isScalar(valueNode) ? valueNode.type : undefined,
  };
}

function plainValue(node: YamlNode): unknown {
  try {
    return node.toJSON();
  } catch {
    // An alias to an anchor defined elsewhere cannot be resolved without the
    // document; such a value is not one any setting accepts anyway.
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

/** The first entry for a key (YAML duplicate keys are reported separately). */
export function findEntry(document: LyricsDocument, key: string): FrontMatterEntry | undefined {
  return document.frontMatter.kind === 'closed' ? document.frontMatter.entries.find((e) => e.key === key) : undefined;
}
