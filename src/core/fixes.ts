/**
 * Fixes for diagnostics, computed from the one analysis of a document: the
 * editor shows them as quick fixes (and runs the safe ones on save), `lyrics
 * lint --fix` applies the safe ones. Pure: positions in, edits out.
 *
 * A fix is *safe* when the written text has exactly one meaning among the
 * allowed ones (`yes` → `true`, `MP3` → `mp3`, `[Chrous]` → `[Chorus]` when
 * no other tag is close) and it only replaces text on one line. Removing a
 * line is never safe, nor is choosing between several candidates: those stay
 * quick fixes a person picks.
 *
 * Every edit stays on the line it fixes and on its subject: a front-matter
 * key or value, or a tag line's brackets. Sung lines and comments are never
 * touched.
 */
import { analyzeSong, type SongAnalysis } from './analysis';
import { findEntry, type FrontMatterEntry } from './document';
import { normalizeKey, type DiagnosticCode, type LyricsDiagnostic } from './lint';
import {
  AUDIO_FORMATS,
  BITRATES,
  MODELS_BY_PROVIDER,
  PROVIDER_IDS,
  PROVIDER_NAMES,
  SAMPLE_RATES,
  SETTING_KEYS,
  SONG_MODELS,
  isSettingKey,
  settingSchemas,
  type ProviderId,
  type SettingKey,
} from './schema';
import { closeMatches } from './suggest';
import { findTagOnLine, suggestTags } from './tags';
import { LineIndex, type Position, type Range } from './text';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  /** What the fix does, for a menu: `Change to "[Verse 2]"`. */
  readonly title: string;
  readonly code: DiagnosticCode;
  readonly edits: readonly TextEdit[];
  /** The one to pick first (the closest candidate, the only meaning). */
  readonly isPreferred: boolean;
  /** Applied without asking: by fix-all, on save, and by `lyrics lint --fix`. */
  readonly safe: boolean;
}

/** One change fix-all made, for `lyrics lint --fix` to report. */
export interface AppliedFix {
  readonly code: DiagnosticCode;
  /** Where the replaced text was, in the text as it was before this fix (lines never move: safe fixes stay on their line). */
  readonly range: Range;
  readonly oldText: string;
  readonly newText: string;
}

export interface FixAllResult {
  /** Non-overlapping edits of the original text, in document order: at most one per changed line. */
  readonly edits: readonly TextEdit[];
  /** Each fix applied, in order. */
  readonly fixed: readonly AppliedFix[];
  /** The text with every edit applied. */
  readonly text: string;
  /** The analysis of `text` (computed on first read when fix-all did not need it). */
  readonly analysis: SongAnalysis;
}

/** YAML 1.1's booleans, which YAML 1.2 (and so the front matter) reads as text. */
const TRUE_WORDS: ReadonlySet<string> = new Set(['y', 'yes', 'on', 'true']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['n', 'no', 'off', 'false']);

/**
 * A fix-all that keeps finding fixes stops after this many rounds. Each round
 * fixes what the previous one made visible (`Format: MP3` is an unknown key;
 * once it is `format`, `MP3` is an invalid value); two are the most a song
 * needs, the bound only guards against a fix that undoes another.
 */
const MAX_FIX_ROUNDS = 4;

/**
 * The fixes after which another round may find more: only a renamed key
 * (its value is checked once the key is known). A fixed value or tag leaves
 * nothing new that is safe to fix (`provider: Cloudflare` → `cloudflare`
 * narrows the models a `model` may mean, it never makes one unique), so fix-all
 * stops there without linting the result (the bench holds it near one lint).
 */
const REVEALS_MORE: ReadonlySet<DiagnosticCode> = new Set(['unknown-setting']);

/** The fixes for one diagnostic of `analysis` (none for a code that has no fix). */
export function fixesFor(analysis: SongAnalysis, diagnostic: LyricsDiagnostic): Fix[] {
  switch (diagnostic.code) {
    case 'unknown-tag':
      return unknownTagFixes(analysis, diagnostic);
    case 'unknown-setting':
      return withEntry(analysis, diagnostic, 'key', (entry) => unknownSettingFixes(analysis, entry));
    case 'invalid-setting':
      return withEntry(analysis, diagnostic, 'value', (entry) => invalidSettingFixes(analysis, entry));
    case 'model-not-offered':
      return withEntry(analysis, diagnostic, 'value', (entry) => modelNotOfferedFixes(analysis, entry));
    case 'unsupported-setting':
      return withEntry(analysis, diagnostic, 'key', (entry) => removeSettingFixes(analysis, entry));
    case 'lyrics-ignored':
    case 'optimizer-ignored':
      return withEntry(analysis, diagnostic, 'key', (entry) => setFalseFixes(analysis, entry, diagnostic.code));
    default:
      // The limits, a missing prompt or lyrics, syntax, a short prompt and unreadable bytes need
      // the writer's words, not an edit this tool could guess.
      return [];
  }
}

/** Every safe fix of the document, applied together (see FixAllResult). */
export function fixAll(analysis: SongAnalysis): FixAllResult {
  return fixAllWhere(analysis, () => true);
}

/** The safe fixes of one kind ("Fix all of this kind in the file"). */
export function fixAllOfKind(analysis: SongAnalysis, code: DiagnosticCode): FixAllResult {
  return fixAllWhere(analysis, (candidate) => candidate === code);
}

/** The text with the edits applied; the edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[], lines: LineIndex = new LineIndex(text)): string {
  const spans = edits.map((edit) => ({ start: offsetOf(lines, edit.range.start), end: offsetOf(lines, edit.range.end), newText: edit.newText }));
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let at = 0;
  for (const span of spans) {
    result += text.slice(at, span.start) + span.newText;
    at = span.end;
  }
  return result + text.slice(at);
}

function fixAllWhere(analysis: SongAnalysis, accept: (code: DiagnosticCode) => boolean): FixAllResult {
  const fixed: AppliedFix[] = [];
  let current = analysis;
  let text = analysis.document.text;
  let analyzed = true; // whether `current` is the analysis of `text`
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const chosen = safeFixesOf(current, accept);
    if (chosen.length === 0) break;
    for (const { code, edit, start, end } of chosen) fixed.push({ code, range: edit.range, oldText: text.slice(start, end), newText: edit.newText });
    text = applyEdits(
      text,
      chosen.map(({ edit }) => edit),
      current.document.lines,
    );
    analyzed = false;
    // Another round costs a lint: only worth it when a fix may have revealed more.
    if (!chosen.some(({ code }) => REVEALS_MORE.has(code))) break;
    current = analyzeSong(text, current.options);
    analyzed = true;
  }
  let final = analyzed ? current : undefined;
  const options = analysis.options;
  return {
    edits: lineEdits(analysis.document.lines, analysis.document.text, text),
    fixed,
    text,
    get analysis() {
      final ??= analyzeSong(text, options);
      return final;
    },
  };
}

/** The safe edit of each diagnostic that has one, without overlaps (the earlier one wins). */
function safeFixesOf(analysis: SongAnalysis, accept: (code: DiagnosticCode) => boolean): ChosenEdit[] {
  const chosen: ChosenEdit[] = [];
  // Two unknown keys that mean the same setting (`isInstrumental`, `is-instrumental`) must not both become it.
  const renamedTo = new Set<string>();
  const { lines } = analysis.document;
  for (const diagnostic of analysis.lint.diagnostics) {
    if (!accept(diagnostic.code)) continue;
    const safeFix = fixesFor(analysis, diagnostic).find((candidate) => candidate.safe);
    const edit = safeFix?.edits[0];
    if (!safeFix || !edit || safeFix.edits.length !== 1) continue;
    if (safeFix.code === 'unknown-setting') {
      if (renamedTo.has(edit.newText)) continue;
      renamedTo.add(edit.newText);
    }
    chosen.push({ code: safeFix.code, edit, start: offsetOf(lines, edit.range.start), end: offsetOf(lines, edit.range.end) });
  }
  chosen.sort((a, b) => a.start - b.start || a.end - b.end);
  let reached = -1;
  return chosen.filter((candidate) => {
    if (candidate.start < reached) return false;
    reached = candidate.end;
    return true;
  });
}

interface ChosenEdit {
  readonly code: DiagnosticCode;
  readonly edit: TextEdit;
  /** Offsets of the edit's range. */
  readonly start: number;
  readonly end: number;
}

function offsetOf(lines: LineIndex, position: Position): number {
  return lines.lineStart(position.line) + position.character;
}

/** A fix of one edit. */
function fix(code: DiagnosticCode, title: string, range: Range, newText: string, isPreferred: boolean, safe: boolean): Fix {
  return { title, code, edits: [{ range, newText }], isPreferred, safe };
}

/**
 * The edits that turn `before` into `after`, which have the same lines (safe
 * fixes replace text within a line): per changed line, only the part between
 * the common beginning and end, so nothing else on the line (a comment, the
 * cursor) is touched, however many rounds changed it.
 */
function lineEdits(lines: LineIndex, before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const afterLines = new LineIndex(after);
  // Unreachable with safe fixes (none holds a line break); the whole text keeps the result right anyway.
  if (afterLines.lineCount !== lines.lineCount) return [{ range: lines.rangeOf(0, before.length), newText: after }];
  const edits: TextEdit[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const was = lines.lineText(line);
    const now = afterLines.lineText(line);
    if (was === now) continue;
    const prefix = commonPrefix(was, now);
    const suffix = commonSuffix(was, now, prefix);
    edits.push({
      range: { start: { line, character: prefix }, end: { line, character: was.length - suffix } },
      newText: now.slice(prefix, now.length - suffix),
    });
  }
  return edits;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Length of the common beginning, never ending inside a surrogate pair. */
function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  if (length > 0 && isHighSurrogate(a.charCodeAt(length - 1))) length--;
  return length;
}

/** Length of the common end after `prefix`, never starting inside a surrogate pair. */
function commonSuffix(a: string, b: string, prefix: number): number {
  let length = 0;
  while (length < a.length - prefix && length < b.length - prefix && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  if (length > 0 && isLowSurrogate(a.charCodeAt(a.length - length))) length--;
  return length;
}

function unknownTagFixes(analysis: SongAnalysis, diagnostic: LyricsDiagnostic): Fix[] {
  const { lines } = analysis.document;
  const line = diagnostic.range.start.line;
  const tag = findTagOnLine(lines.lineText(line));
  if (!tag || tag.open !== diagnostic.range.start.character) return [];
  const suggestions = suggestTags(tag.inner);
  // The brackets and what is between them, nothing else of the line.
  const range = { start: { line, character: tag.open }, end: { line, character: tag.close + 1 } };
  return suggestions.map((suggestion, index) =>
    fix('unknown-tag', `Change to "[${suggestion}]"`, range, `[${suggestion}]`, index === 0, suggestions.length === 1),
  );
}

/** Front-matter entries by the offset a diagnostic starts at, once per analysis. */
const entriesByOffset = new WeakMap<SongAnalysis, { key: Map<number, FrontMatterEntry>; value: Map<number, FrontMatterEntry> }>();

function withEntry(analysis: SongAnalysis, diagnostic: LyricsDiagnostic, at: 'key' | 'value', fixes: (entry: FrontMatterEntry) => Fix[]): Fix[] {
  let index = entriesByOffset.get(analysis);
  if (!index) {
    const frontMatter = analysis.document.frontMatter;
    const entries = frontMatter.kind === 'closed' ? frontMatter.entries : [];
    index = { key: new Map(), value: new Map() };
    // The first entry wins, as the linter reads duplicates.
    for (const entry of [...entries].reverse()) {
      index.key.set(entry.keyStart, entry);
      index.value.set(entry.valueStart, entry);
    }
    entriesByOffset.set(analysis, index);
  }
  const { lines } = analysis.document;
  const entry = index[at].get(offsetOf(lines, diagnostic.range.start));
  return entry ? fixes(entry) : [];
}

function unknownSettingFixes(analysis: SongAnalysis, entry: FrontMatterEntry): Fix[] {
  // A key already set is no candidate: renaming to it would set it twice.
  const candidates = closeMatches(entry.key, SETTING_KEYS, normalizeKey)
    .map((match) => match.candidate)
    .filter((key) => !findEntry(analysis.document, key));
  const range = analysis.document.lines.rangeOf(entry.keyStart, entry.keyEnd);
  return candidates.map((key, index) => fix('unknown-setting', `Change to "${key}"`, range, key, index === 0, candidates.length === 1));
}

type SettingValue = string | number | boolean;

/**
 * The provider the song goes to, as the linter decides it: the override, else
 * the front matter's valid `provider`, else (when it names none) the default.
 */
function songProvider(analysis: SongAnalysis): ProviderId | undefined {
  if (analysis.options.providerOverride) return analysis.options.providerOverride;
  const entry = findEntry(analysis.document, 'provider');
  if (!entry) return analysis.options.defaultProvider;
  const parsed = settingSchemas.provider.safeParse(entry.value);
  return parsed.success ? parsed.data : undefined;
}

/** The values a key takes, for this song's provider where it matters; undefined for free text. */
function allowedValues(analysis: SongAnalysis, key: SettingKey): readonly SettingValue[] | undefined {
  switch (key) {
    case 'provider':
      return PROVIDER_IDS;
    case 'model': {
      const provider = songProvider(analysis);
      return provider ? MODELS_BY_PROVIDER[provider] : SONG_MODELS;
    }
    case 'is_instrumental':
    case 'lyrics_optimizer':
      return [true, false];
    case 'sample_rate':
      return SAMPLE_RATES;
    case 'bitrate':
      return BITRATES;
    case 'format':
      return AUDIO_FORMATS;
    case 'title':
    case 'prompt':
      return undefined;
  }
}

/**
 * The one allowed value the written one means, if exactly one: a YAML 1.1
 * boolean word, a quoted `"true"` or `"44100"`, another case (`MP3`), digits
 * with separators (`44,100`).
 */
function meaningOf(value: unknown, allowed: readonly SettingValue[]): SettingValue | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const written = String(value).trim().toLowerCase();
  if (allowed.includes(true)) return TRUE_WORDS.has(written) ? true : FALSE_WORDS.has(written) ? false : undefined;
  const numeric = typeof allowed[0] === 'number';
  const normalized = numeric ? written.replace(/[\s,_]/g, '') : written;
  const matches = allowed.filter((candidate) => String(candidate).toLowerCase() === normalized);
  return matches.length === 1 ? matches[0] : undefined;
}

/** Without a meaning, the candidate to offer first: the nearest number, or a spelling clearly closer than the rest. */
function nearestOf(value: unknown, allowed: readonly SettingValue[]): SettingValue | undefined {
  if (typeof value === 'number' && typeof allowed[0] === 'number') {
    const numbers = allowed as readonly number[];
    const distances = numbers.map((candidate) => Math.abs(candidate - value));
    const best = Math.min(...distances);
    return distances.filter((distance) => distance === best).length === 1 ? numbers[distances.indexOf(best)] : undefined;
  }
  if (typeof value !== 'string') return undefined;
  // One allowed value that begins the written one (music-2.6-free → music-2.6) is what it was based on.
  const written = value.trim().toLowerCase();
  const beginning = allowed.filter((candidate) => written.startsWith(String(candidate).toLowerCase()));
  if (beginning.length === 1) return beginning[0];
  const [first, second] = closeMatches(
    value,
    allowed.map((candidate) => String(candidate)),
    (text) => text.toLowerCase(),
  );
  if (!first || (second && second.distance === first.distance)) return undefined;
  return allowed.find((candidate) => String(candidate) === first.candidate);
}

function invalidSettingFixes(analysis: SongAnalysis, entry: FrontMatterEntry): Fix[] {
  if (!isSettingKey(entry.key)) return [];
  const allowed = allowedValues(analysis, entry.key);
  if (!allowed) return quoteAsTextFixes(analysis, entry);
  const target = valueTarget(analysis, entry);
  if (!target) return [];
  const meaning = target.empty ? undefined : meaningOf(entry.value, allowed);
  const preferred = meaning ?? (target.empty ? undefined : nearestOf(entry.value, allowed));
  return allowed.map((candidate) =>
    fix(
      'invalid-setting',
      `${target.empty ? 'Set' : 'Change'} to ${String(candidate)}`,
      target.range,
      `${target.empty ? ' ' : ''}${String(candidate)}`,
      candidate === preferred,
      candidate === meaning && target.singleLine,
    ),
  );
}

/** `title: true`, `prompt: 120`: the text as written, quoted, is its one meaning. */
function quoteAsTextFixes(analysis: SongAnalysis, entry: FrontMatterEntry): Fix[] {
  if (typeof entry.value !== 'boolean' && typeof entry.value !== 'number') return [];
  const target = valueTarget(analysis, entry);
  if (!target || target.empty || !target.singleLine) return [];
  const written = analysis.document.text.slice(entry.valueStart, entry.valueEnd);
  if (!/^[\w.+-]+$/.test(written)) return []; // a plain scalar; anything else is not worth guessing at
  return [fix('invalid-setting', `Change to "${written}" (text)`, target.range, `"${written}"`, true, true)];
}

function modelNotOfferedFixes(analysis: SongAnalysis, entry: FrontMatterEntry): Fix[] {
  const provider = songProvider(analysis);
  const target = valueTarget(analysis, entry);
  if (!provider || !target || target.empty) return [];
  const offered = MODELS_BY_PROVIDER[provider];
  const preferred = offered.length === 1 ? offered[0] : nearestOf(entry.value, offered);
  // Never safe: the writer chose that model; the other remedy is another provider.
  return offered.map((model) =>
    fix('model-not-offered', `Change to ${model} (${PROVIDER_NAMES[provider]} offers it)`, target.range, model, model === preferred, false),
  );
}

/** A setting the provider ignores: remove its line(s), keeping a comment that shares the line. */
function removeSettingFixes(analysis: SongAnalysis, entry: FrontMatterEntry): Fix[] {
  const { text, lines } = analysis.document;
  const firstLine = lines.positionAt(entry.keyStart).line;
  const lastLine = lines.positionAt(Math.max(entry.keyEnd, entry.valueEnd - 1)).line;
  // Only an entry alone on its lines (not one of a `{ … }` mapping on one line).
  if (text.slice(lines.lineStart(firstLine), entry.keyStart).trim() !== '') return [];
  const rest = text.slice(Math.max(entry.valueEnd, entry.keyEnd), lines.lineEnd(lastLine));
  const trailing = /^\s*(#.*)?$/.exec(rest);
  if (!trailing) return [];
  const end = trailing[1] !== undefined ? lines.lineEnd(lastLine) - trailing[1].length : lines.lineStart(lastLine + 1);
  const provider = songProvider(analysis);
  const title = `Remove "${entry.key}"${provider ? ` (${PROVIDER_NAMES[provider]} ignores it)` : ''}`;
  return [fix('unsupported-setting', title, lines.rangeOf(lines.lineStart(firstLine), end), '', true, false)];
}

/** `is_instrumental: true` over lyrics, `lyrics_optimizer: true` with lyrics: offer false, never on its own (it changes the song). */
function setFalseFixes(analysis: SongAnalysis, entry: FrontMatterEntry, code: DiagnosticCode): Fix[] {
  const target = valueTarget(analysis, entry);
  if (!target || target.empty || entry.value !== true) return [];
  return [fix(code, `Set ${entry.key} to false`, target.range, 'false', false, false)];
}

/**
 * Where a new value goes: over the written one, or after the colon when there
 * is none (`sample_rate:`); undefined when the colon can't be found.
 */
function valueTarget(analysis: SongAnalysis, entry: FrontMatterEntry): { range: Range; empty: boolean; singleLine: boolean } | undefined {
  const { text, lines } = analysis.document;
  const empty = entry.valueStart === entry.keyStart && entry.valueEnd === entry.keyEnd;
  if (!empty) {
    const range = lines.rangeOf(entry.valueStart, entry.valueEnd);
    return { range, empty, singleLine: range.start.line === range.end.line };
  }
  const line = lines.positionAt(entry.keyEnd).line;
  const colon = /^[ \t]*:/.exec(text.slice(entry.keyEnd, lines.lineEnd(line)));
  if (!colon) return undefined;
  const at = lines.positionAt(entry.keyEnd + colon[0].length);
  return { range: { start: at, end: at }, empty, singleLine: true };
}
