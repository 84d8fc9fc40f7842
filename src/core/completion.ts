/**
 * Completion in a `.lyrics` file, decided from the text before the cursor (as
 * Markdown All in One does) on the one analysis of the document version:
 *
 * - `[` at the start of a lyrics line (or Ctrl+Space there, or on an empty
 *   lyrics line): the structure tags, the ones the song's provider documents
 *   first. A tag the song already has is also offered with its next number:
 *   one past the highest number used, where each unnumbered occurrence counts
 *   as one (`[Verse 1]`, `[Verse 2]` → `Verse 3`; `[Verse]`, `[Verse]` →
 *   `Verse 3`; `[Verse]` → `Verse 2`). The item ends with `]` and replaces a
 *   `]` already there (the language configuration auto-closes `[`), so the
 *   line never gets `]]`.
 * - In the front matter, at the start of a line: the settings not yet there.
 * - After `key:`: that setting's values for the song's provider.
 * - In the prompt: the prompt vocabulary, only when asked (Ctrl+Space) or
 *   right after a comma, never while typing otherwise.
 * - Nothing in comments, on the fence lines, or inside a lyrics line.
 *
 * The trigger characters are `[`, `:` and `,` (registered by the adapter).
 * Ctrl+Space and suggestions while typing both arrive as "invoke"; the
 * language's configurationDefaults turn the latter off, so in practice
 * "invoke" means the writer asked.
 */
import type { SongAnalysis } from './analysis';
import type { LyricsDocument } from './document';
import { PROMPT_CATEGORIES, PROMPT_CATEGORY_LABELS, PROMPT_VOCABULARY } from './promptVocabulary';
import {
  isDocumentedFor,
  KEY_PATTERN,
  SETTING_REFERENCE,
  settingValues,
  songProvider,
  TAG_INFOS,
  TAG_SOURCE_TEXT,
  writtenKeys,
  type TagInfo,
} from './reference';
import { IGNORED_BY_PROVIDER, isSettingKey, SETTING_KEYS, type ProviderId } from './schema';
import type { Position, Range } from './text';

export type CompletionKind = 'tag' | 'key' | 'value' | 'vocabulary';

/** How completion was asked for: Ctrl+Space (or typing), a trigger character, or a refilter. */
export interface CompletionTrigger {
  readonly kind: 'invoke' | 'character' | 'incomplete';
  /** The character typed, for kind 'character'. */
  readonly character?: string;
}

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown beside the label. */
  readonly detail: string;
  /** Markdown shown when the item is focused. */
  readonly documentation: string;
  readonly insertText: string;
  /** The text the item replaces; it holds the cursor and stays on its line. */
  readonly range: Range;
  readonly sortText: string;
  /** What the typed text (range start to cursor) is matched against. */
  readonly filterText: string;
  /** Whether to ask for completion again after inserting (a key whose values can be listed). */
  readonly retrigger: boolean;
}

const BOM = '\uFEFF';

export function completeAt(analysis: SongAnalysis, position: Position, trigger: CompletionTrigger): CompletionEntry[] {
  const { document } = analysis;
  if (position.line < 0 || position.line >= document.lines.lineCount) return [];
  let text = document.lines.lineText(position.line);
  // A BOM is not text the writer sees: columns are counted past it.
  const shift = position.line === 0 && text.startsWith(BOM) ? 1 : 0;
  text = text.slice(shift);
  const cursor = position.character - shift;
  if (cursor < 0 || cursor > text.length) return [];
  const at: LineContext = { line: position.line, text, cursor, shift, trigger };

  const { frontMatter } = document;
  if (frontMatter.kind !== 'absent' && position.line < document.bodyStartLine) {
    const onFence = position.line === 0 || (frontMatter.kind === 'closed' && position.line === frontMatter.closeLine);
    return onFence ? [] : completeInFrontMatter(analysis, at);
  }
  return completeInLyrics(analysis, at);
}

interface LineContext {
  readonly line: number;
  /** The line without its line break (and without a BOM). */
  readonly text: string;
  /** The cursor's offset in `text`. */
  readonly cursor: number;
  /** What was cut from the line's start (a BOM), added back to every column returned. */
  readonly shift: number;
  readonly trigger: CompletionTrigger;
}

function rangeOn(at: LineContext, start: number, end: number): Range {
  return { start: { line: at.line, character: start + at.shift }, end: { line: at.line, character: end + at.shift } };
}

function typedCharacter(at: LineContext): string | undefined {
  return at.trigger.kind === 'character' ? at.trigger.character : undefined;
}

// ---------------------------------------------------------------- lyrics

function completeInLyrics(analysis: SongAnalysis, at: LineContext): CompletionEntry[] {
  const typed = typedCharacter(at);
  if (typed !== undefined && typed !== '[') return [];
  const before = at.text.slice(0, at.cursor);
  const after = at.text.slice(at.cursor);

  const opened = /^(\s*)\[([^[\]]*)$/.exec(before);
  if (opened) {
    // The rest of the line may be the tag's remainder and its `]` (auto-closed, or a tag being edited), or nothing.
    const rest = /^([^[\]]*)(\][ \t]*)?$/.exec(after);
    if (!rest) return [];
    const remainder = rest[1] ?? '';
    const closed = rest[2] !== undefined;
    if (!closed && remainder.trim() !== '') return []; // `[` typed before words: not a tag being written
    const start = (opened[1] ?? '').length + 1;
    const end = at.cursor + remainder.length + (closed ? 1 : 0);
    return tagEntries(analysis, at, rangeOn(at, start, end), (name) => `${name}]`);
  }

  if (typed === undefined && at.text.trim() === '') {
    return tagEntries(analysis, at, rangeOn(at, at.cursor, at.cursor), (name) => `[${name}]`);
  }
  return [];
}

function tagEntries(analysis: SongAnalysis, at: LineContext, range: Range, insert: (name: string) => string): CompletionEntry[] {
  const provider = songProvider(analysis);
  const nextNumbers = nextTagNumbers(analysis, at.line);
  const entries: CompletionEntry[] = [];
  TAG_INFOS.forEach((info, index) => {
    const group = isDocumentedFor(info.source, provider) ? 0 : info.source === 'generator' ? 2 : 1;
    const sortText = `${group}${String(index).padStart(2, '0')}`;
    const documentation = `${info.description}\n\n${TAG_SOURCE_TEXT[info.source]}`;
    const entry = (label: string, detail: string, order: string): CompletionEntry => ({
      label,
      kind: 'tag',
      detail,
      documentation,
      insertText: insert(label),
      range,
      sortText: sortText + order,
      filterText: label,
      retrigger: false,
    });
    entries.push(entry(info.spelling, tagDetail(info), '0'));
    const next = info.spelling === info.canonical ? nextNumbers.get(info.canonical) : undefined;
    if (next !== undefined) entries.push(entry(`${info.spelling} ${next}`, `the next ${info.spelling} in this song`, '1'));
  });
  return entries;
}

function tagDetail(info: TagInfo): string {
  if (info.source === 'generator') return `= [${info.canonical}] · MiniMax lyrics generator spelling`;
  return info.source === 'scenario' ? 'documented by Scenario' : 'documented by MiniMax';
}

/** For each tag the song already has (its canonical name), the number a new one would take; the line being edited does not count. */
function nextTagNumbers(analysis: SongAnalysis, editedLine: number): Map<string, number> {
  const seen = new Map<string, { count: number; highest: number }>();
  for (const tag of analysis.structure.tags) {
    if (tag.line === editedLine || tag.canonical === undefined) continue;
    const so = seen.get(tag.canonical) ?? { count: 0, highest: 0 };
    seen.set(tag.canonical, { count: so.count + 1, highest: Math.max(so.highest, tag.number ?? 0) });
  }
  return new Map([...seen].map(([name, { count, highest }]) => [name, Math.max(count, highest) + 1]));
}

// ---------------------------------------------------------------- front matter

function completeInFrontMatter(analysis: SongAnalysis, at: LineContext): CompletionEntry[] {
  const { text, cursor } = at;
  if (/^\s*#/.test(text)) return [];
  if (/^[ \t]/.test(text)) {
    // An indented line continues the value of the key above it: only the prompt's is completed.
    return ownerKey(analysis.document, at.line) === 'prompt' ? promptEntries(analysis, at, text.length - text.trimStart().length) : [];
  }
  const before = text.slice(0, cursor);
  const key = KEY_PATTERN.exec(before);
  if (key) {
    const name = key[1] ?? '';
    const valueStart = key[0].length;
    if (name === 'prompt') return promptEntries(analysis, at, valueStart);
    return isSettingKey(name) ? valueEntries(analysis, at, name, valueStart) : [];
  }
  if (at.trigger.kind === 'character' || !/^[A-Za-z_][\w-]*$|^$/.test(before)) return [];
  return keyEntries(analysis, at);
}

/** The top-level key whose value an indented front-matter line belongs to. */
function ownerKey(document: LyricsDocument, line: number): string | undefined {
  for (let above = line - 1; above > 0; above--) {
    const text = document.lines.lineText(above);
    if (text.trim() === '' || /^[ \t]/.test(text) || text.startsWith('#')) continue;
    return KEY_PATTERN.exec(text)?.[1];
  }
  return undefined;
}

function keyEntries(analysis: SongAnalysis, at: LineContext): CompletionEntry[] {
  const keyEnd = /^[\w-]*/.exec(at.text)?.[0].length ?? 0;
  // Renaming a key that has its colon already: replace the name only.
  const hasColon = /^[ \t]*:/.test(at.text.slice(keyEnd));
  const present = writtenKeys(analysis.document);
  const provider = songProvider(analysis);
  const range = rangeOn(at, 0, Math.max(keyEnd, at.cursor));
  const entries: CompletionEntry[] = [];
  SETTING_KEYS.forEach((key, index) => {
    const existing = present.get(key);
    if (existing && existing.line !== at.line) return;
    if (provider && IGNORED_BY_PROVIDER[provider].includes(key)) return;
    const reference = SETTING_REFERENCE[key];
    const values = settingValues(key, provider);
    entries.push({
      label: key,
      kind: 'key',
      detail: reference.summary,
      documentation: keyDocumentation(key, provider),
      insertText: hasColon ? key : `${key}: `,
      range,
      sortText: String(index).padStart(2, '0'),
      filterText: key,
      retrigger: !hasColon && values.length > 0,
    });
  });
  return entries;
}

function keyDocumentation(key: (typeof SETTING_KEYS)[number], provider: ProviderId | undefined): string {
  const reference = SETTING_REFERENCE[key];
  const values = settingValues(key, provider);
  const lines = [reference.summary];
  if (values.length > 0) lines.push('', ...values.map((value) => `- \`${value.value}\`: ${value.meaning}`));
  else if (reference.defaultValue) lines.push('', `Default: ${reference.defaultValue}.`);
  return lines.join('\n');
}

function valueEntries(analysis: SongAnalysis, at: LineContext, key: (typeof SETTING_KEYS)[number], valueStart: number): CompletionEntry[] {
  const typed = typedCharacter(at);
  if (typed !== undefined && typed !== ':') return [];
  const { text, cursor } = at;
  const afterColon = text.slice(valueStart);
  if (/(^|\s)#/.test(text.slice(valueStart, cursor))) return []; // in a comment after the value
  const leading = afterColon.length - afterColon.trimStart().length;
  const comment = afterColon.search(/\s#/);
  const valueEnd = valueStart + (comment >= 0 ? afterColon.slice(0, comment) : afterColon).trimEnd().length;
  const start = Math.min(cursor, valueStart + leading);
  const end = Math.max(cursor, valueEnd);
  // Right after the colon, the value needs its space; a quoted value is replaced quotes and all.
  const space = start === valueStart ? ' ' : '';
  const quote = /^["']/.test(text.slice(start)) ? (text[start] ?? '') : '';
  const range = rangeOn(at, start, end);
  return settingValues(key, songProvider(analysis)).map((value, index) => ({
    label: value.value,
    kind: 'value',
    detail: value.meaning,
    documentation: '',
    insertText: space + value.value,
    range,
    sortText: String(index).padStart(2, '0'),
    filterText: space + quote + value.value,
    retrigger: false,
  }));
}

// ---------------------------------------------------------------- prompt vocabulary

/**
 * The vocabulary for the prompt fragment at the cursor (from the comma before
 * it to the comma after it), on Ctrl+Space or right after a comma. `contentStart`
 * is where the prompt's text may begin on this line.
 */
function promptEntries(analysis: SongAnalysis, at: LineContext, contentStart: number): CompletionEntry[] {
  const typed = typedCharacter(at);
  if (typed !== undefined && typed !== ',') return [];
  const { text, cursor } = at;
  const before = text.slice(contentStart, cursor);
  if (typed === ',' && !before.trimEnd().endsWith(',')) return [];
  const opening = /^\s*(["'|>])/.exec(before)?.[1];
  if (opening === '|' || opening === '>') return []; // a block scalar's header: its text starts on the next line
  const quoted = opening !== undefined;
  if (!quoted && /(^|\s)#/.test(before)) return []; // a YAML comment

  const comma = before.lastIndexOf(',');
  let start = comma >= 0 ? contentStart + comma + 1 : contentStart + (quoted ? before.indexOf(opening) + 1 : 0);
  while (start < cursor && (text[start] === ' ' || text[start] === '\t')) start++;
  const space = start > 0 && (text[start - 1] === ',' || text[start - 1] === ':') ? ' ' : '';

  const nextComma = text.indexOf(',', cursor);
  let end = nextComma >= 0 ? nextComma : text.length;
  let fragment = text.slice(cursor, end);
  if (nextComma < 0 && quoted) fragment = fragment.replace(new RegExp(`${opening === '"' ? '"' : "'"}\\s*$`), '');
  end = cursor + fragment.trimEnd().length;

  const present = new Set(
    `${analysis.prompt},${text}`
      .toLowerCase()
      .split(',')
      .map((part) => part.trim()),
  );
  const range = rangeOn(at, start, Math.max(end, cursor));
  const entries: CompletionEntry[] = [];
  PROMPT_VOCABULARY.forEach((word, index) => {
    if (present.has(word.text.toLowerCase())) return;
    entries.push({
      label: word.text,
      kind: 'vocabulary',
      detail: PROMPT_CATEGORY_LABELS[word.category],
      documentation: '',
      insertText: space + word.text,
      range,
      sortText: `${PROMPT_CATEGORIES.indexOf(word.category)}${String(index).padStart(3, '0')}`,
      filterText: space + word.text,
      retrigger: false,
    });
  });
  return entries;
}
