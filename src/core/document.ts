/**
 * The document model of a `.lyrics` file: optional YAML front matter (the
 * song's settings) between a `---` first line and the next `---` line, then
 * the lyrics body. Front matter is parsed with the `yaml` package, which keeps
 * source ranges, so every diagnostic can point at the exact key or value.
 */
import { Composer, Document, isMap, isPair, isScalar, isSeq, Parser, YAMLParseError, type CST, type Node as YamlNode, type Pair } from 'yaml';
import { escapeControlCharacters, LineIndex, quoteForMessage } from './text';

const BOM = '\uFEFF';

/**
 * The largest front matter that is parsed: lines, and UTF-16 code units. Real
 * front matter is a handful of keys and a prompt of at most 2,000 characters
 * (some 3 KB in all); past these bounds it cannot be a song's settings, and
 * parsing it on every keystroke would only stall the editor (yaml costs up to
 * some 7 µs a character on flow collections, 10 µs a key), so it is one
 * diagnostic instead. Within them a lint stays near 100 ms whatever the YAML holds.
 */
export const MAX_FRONT_MATTER_LINES = 500;
export const MAX_FRONT_MATTER_CHARS = 16 * 1024;
/**
 * The deepest nesting of collections that is composed. Settings are one
 * mapping of scalars (depth 1). yaml composes nested collections by
 * recursion; tens of thousands of `[` overflowed the stack, and near the
 * stack's end V8 itself can abort the whole process (extension host
 * included) instead of throwing, so depth is checked before composing.
 */
export const MAX_FRONT_MATTER_DEPTH = 64;

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
  const tooLarge = frontMatterTooLarge(closeLine - 1, contentEnd - contentStart);
  const { entries, syntaxErrors } = tooLarge
    ? { entries: [], syntaxErrors: [{ message: tooLarge, start: openStart, end: openEnd }] }
    : parseFrontMatterYaml(text.slice(contentStart, contentEnd), contentStart);
  return {
    text,
    lines,
    frontMatter: { kind: 'closed', openStart, openEnd, closeLine, contentStart, contentEnd, entries, syntaxErrors },
    bodyStartLine: closeLine + 1,
  };
}

/** Why a front matter is too large to be read, or undefined when it is not. */
function frontMatterTooLarge(lineCount: number, length: number): string | undefined {
  const what =
    lineCount > MAX_FRONT_MATTER_LINES
      ? `${lineCount.toLocaleString('en-US')} lines (settings need a few; at most ${MAX_FRONT_MATTER_LINES.toLocaleString('en-US')} are read)`
      : length > MAX_FRONT_MATTER_CHARS
        ? `${length.toLocaleString('en-US')} characters (settings need a few hundred; at most ${MAX_FRONT_MATTER_CHARS.toLocaleString('en-US')} are read)`
        : undefined;
  return what && `it has ${what}, so none of it was read as settings.`;
}

/**
 * The offset of the first collection nested deeper than `limit` in yaml's
 * concrete syntax tree, or undefined. yaml's Parser builds that tree with its
 * own stack (no recursion); this walk does the same.
 */
function tooDeepAt(tokens: readonly CST.Token[], limit: number): number | undefined {
  const pending: Array<{ node: unknown; depth: number }> = tokens.map((node) => ({ node, depth: 0 }));
  while (pending.length > 0) {
    const { node, depth } = pending.pop() ?? { node: undefined, depth: 0 };
    if (typeof node !== 'object' || node === null) continue;
    const type = (node as { type?: unknown }).type;
    const nested = type === 'block-map' || type === 'block-seq' || type === 'flow-collection' ? depth + 1 : depth;
    if (nested > limit) return (node as { offset?: number }).offset ?? 0;
    // Tokens, item lists and items: every object or array below is part of the tree.
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) pending.push({ node: child, depth: nested });
    }
  }
  return undefined;
}

/**
 * What yaml's parseDocument does (one document; a second one is an error),
 * split so the tree's depth can be checked between parsing and composing.
 */
function parseYaml(yamlText: string): Document.Parsed | { tooDeepAt: number } {
  const tokens = [...new Parser().parse(yamlText)];
  const deepAt = tooDeepAt(tokens, MAX_FRONT_MATTER_DEPTH);
  if (deepAt !== undefined) return { tooDeepAt: deepAt };
  // YAML 1.2 core schema (the package's default): `yes`/`no` stay strings.
  // uniqueKeys is off because yaml checks each key against every earlier one
  // (40,000 keys took 47 s); duplicateKeyErrors does the same check in one pass.
  const composer = new Composer({ uniqueKeys: false });
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, yamlText.length)) {
    if (!document) {
      document = composed;
      continue;
    }
    document.errors.push(
      new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'a second YAML document starts here; a front matter holds one.'),
    );
    break;
  }
  // compose(…, forceDoc = true) always yields a document, if only an empty one.
  return document ?? (new Document() as Document.Parsed);
}

function parseFrontMatterYaml(yamlText: string, base: number): { entries: FrontMatterEntry[]; syntaxErrors: FrontMatterSyntaxError[] } {
  const document = parseYaml(yamlText);
  if ('tooDeepAt' in document) {
    const message = `the values are nested more than ${MAX_FRONT_MATTER_DEPTH} levels deep, so none of it was read as settings.`;
    return { entries: [], syntaxErrors: [{ message, start: base + document.tooDeepAt, end: base + document.tooDeepAt + 1 }] };
  }
  const syntaxErrors: FrontMatterSyntaxError[] = document.errors.map((error) => ({
    message: yamlErrorMessage(error.code, error.message),
    start: base + error.pos[0],
    end: base + Math.max(error.pos[1], error.pos[0]),
  }));
  syntaxErrors.push(...duplicateKeyErrors(document.contents, base));

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return { entries: [], syntaxErrors }; // an empty front matter is simply no settings
  }
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a single value';
    const [start, end] = contents.range;
    syntaxErrors.push({
      message: `Front matter must be a mapping of settings (key: value), not ${what}.`,
      start: base + start,
      end: base + end,
    });
    return { entries: [], syntaxErrors };
  }

  const entries: FrontMatterEntry[] = [];
  for (const pair of contents.items as Pair[]) {
    const entry = toEntry(pair, base);
    if (entry) entries.push(entry);
  }
  return { entries, syntaxErrors };
}

/**
 * yaml's own words, except where they are an internal error's text: a stack
 * overflow while composing arrives as RESOURCE_EXHAUSTION with the
 * JavaScript message ("Maximum call stack size exceeded"), a state yaml
 * thought impossible as "Tried to pop an empty stack" — nothing a songwriter
 * can act on. (The depth bound keeps the first from happening; this is the net.)
 */
function yamlErrorMessage(code: string, message: string): string {
  if (code === 'RESOURCE_EXHAUSTION') return 'the values are nested too deeply to read.';
  if (code === 'IMPOSSIBLE' || message.startsWith('Unsupported token')) return 'this YAML could not be read.';
  return escapeControlCharacters(firstLine(message));
}

/**
 * A key set twice in any mapping, found with one Set per mapping (linear, where
 * yaml's uniqueKeys compares each key with all before it). Keys are equal as
 * yaml's default check has them: the same scalar value (so `1` and `"1"`
 * differ). The error points at the whole second key and names it. The walk
 * uses its own stack, not recursion, so no nesting depth can overflow it.
 */
function duplicateKeyErrors(contents: unknown, base: number): FrontMatterSyntaxError[] {
  const errors: FrontMatterSyntaxError[] = [];
  const pending: unknown[] = [contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && key.range) {
          if (seen.has(key.value)) {
            errors.push({
              message: `${quoteForMessage(String(key.value))} is set twice; keep one.`,
              start: base + key.range[0],
              end: base + key.range[1],
            });
          }
          seen.add(key.value);
        }
        pending.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    } else if (isPair(node)) {
      pending.push(node.key, node.value);
    }
  }
  return errors;
}

function toEntry(pair: Pair, base: number): FrontMatterEntry | undefined {
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
