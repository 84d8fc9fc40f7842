/**
 * The song's outline (Outline view, breadcrumbs, sticky scroll, Go to Symbol):
 * one symbol for the front matter with a child per key, then one per section
 * tag spanning its section. Built from the one analysis per document version,
 * like every other feature.
 *
 * Sung lines before the first tag get a symbol of their own, named
 * "(before the first tag)": they are sent like any section, and an outline
 * that left them out would hide part of what is sung. Comments and blank
 * lines before the first tag get none (nothing of them is sung).
 *
 * A section's detail counts its sung lines and characters, and its
 * syllables when the caller knows them (the editor does once the ear has
 * loaded: `4 lines · 32 syl · 132 chars`).
 */
import type { SongAnalysis, SongSection } from './analysis';
import type { FrontMatterEntry } from './document';
import { escapeControlCharacters, type LineIndex, type Range } from './text';

/** The adapter maps each to a symbol kind (and so to an icon). */
export type SongSymbolKind = 'frontMatter' | 'setting' | 'section';

export interface SongSymbol {
  readonly name: string;
  /** Shown after the name: a key's value, a section's sung lines and characters. */
  readonly detail: string;
  readonly kind: SongSymbolKind;
  /** All of it: the whole front matter, the key and its value, a section from its tag to its last non-blank line. */
  readonly range: Range;
  /** What is revealed and highlighted on selection, within `range`: the opening `---`, the key, the tag. */
  readonly selectionRange: Range;
  readonly children: readonly SongSymbol[];
}

export const BEFORE_FIRST_TAG = '(before the first tag)';

/** The longest value shown as a key's detail, in UTF-16 code units, before it is cut with "…". */
const MAX_DETAIL = 60;

/** The syllables of a section, or undefined when they are not known (yet). */
export type SectionSyllables = (section: SongSection) => number | undefined;

export function songSymbols(analysis: SongAnalysis, syllablesOf?: SectionSyllables): SongSymbol[] {
  const { document } = analysis;
  const { lines, frontMatter } = document;
  const symbols: SongSymbol[] = [];
  if (frontMatter.kind === 'closed') {
    const settings = frontMatter.entries.map((entry) => settingSymbol(entry, document.text, lines));
    symbols.push({
      name: 'Front matter',
      detail: frontMatter.syntaxErrors.length > 0 ? 'YAML error' : count(settings.length, 'setting'),
      kind: 'frontMatter',
      range: lines.rangeOf(frontMatter.openStart, lines.lineEnd(frontMatter.closeLine)),
      selectionRange: lines.rangeOf(frontMatter.openStart, frontMatter.openEnd),
      children: settings,
    });
  } else if (frontMatter.kind === 'unterminated') {
    // Everything after an unclosed `---` is front matter being typed (see document.ts).
    symbols.push({
      name: 'Front matter',
      detail: 'not closed',
      kind: 'frontMatter',
      range: lines.rangeOf(frontMatter.openStart, document.text.length),
      selectionRange: lines.rangeOf(frontMatter.openStart, frontMatter.openEnd),
      children: [],
    });
  }
  for (const section of analysis.structure.sections) symbols.push(sectionSymbol(section, lines, syllablesOf?.(section)));
  return symbols;
}

function settingSymbol(entry: FrontMatterEntry, text: string, lines: LineIndex): SongSymbol {
  // A block scalar's source ends after its last line break: the symbol ends with its last line, not on the next key's.
  let end = Math.max(entry.keyEnd, entry.valueEnd);
  while (end > entry.keyEnd && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return {
    // VS Code refuses a symbol without a visible name: a blank key is shown quoted.
    name: entry.key.trim() === '' ? JSON.stringify(entry.key) : escapeControlCharacters(entry.key),
    detail: shortValue(entry.value),
    kind: 'setting',
    range: lines.rangeOf(entry.keyStart, end),
    selectionRange: lines.rangeOf(entry.keyStart, entry.keyEnd),
    children: [],
  };
}

function sectionSymbol(section: SongSection, lines: LineIndex, syllables: number | undefined): SongSymbol {
  const { tag } = section;
  const start = lines.lineStart(section.startLine);
  const range = lines.rangeOf(start, lines.lineEnd(section.endLine));
  const sung = section.lyricLines.length;
  const syl = syllables === undefined ? '' : ` · ${syllables.toLocaleString('en-US')} syl`;
  const detail = sung === 0 ? 'empty' : `${count(sung, 'line')}${syl} · ${count(section.sungCharacters, 'char')}`;
  if (!tag) {
    return { name: BEFORE_FIRST_TAG, detail, kind: 'section', range, selectionRange: lines.lineRange(section.startLine), children: [] };
  }
  return {
    // As written, white space folded: the outline shows the song's own words (an unknown tag included).
    name: `[${escapeControlCharacters(tag.inner.trim().replace(/\s+/g, ' '))}]`,
    detail,
    kind: 'section',
    range,
    selectionRange: lines.rangeOf(lineTextStart(lines, tag.line) + tag.open, lineTextStart(lines, tag.line) + tag.close + 1),
    children: [],
  };
}

/** Where a line's text as the analysis reads it begins (tag offsets count from there): after a BOM on line 0. */
function lineTextStart(lines: LineIndex, line: number): number {
  const start = lines.lineStart(line);
  return line === 0 && lines.lineText(0).startsWith('\uFEFF') ? start + 1 : start;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A value as one short line: a block prompt folded, controls escaped, cut with "…". */
export function shortValue(value: unknown): string {
  if (Array.isArray(value)) return count(value.length, 'item');
  if (typeof value === 'object' && value !== null) return 'a mapping';
  // YAML gives strings, numbers, booleans and null (an unresolvable alias: undefined).
  const scalar = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  const text = escapeControlCharacters(scalar.trim().replace(/\s+/g, ' '));
  if (text.length <= MAX_DETAIL) return text;
  const last = text.charCodeAt(MAX_DETAIL - 1);
  return `${text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_DETAIL - 1 : MAX_DETAIL)}…`;
}
