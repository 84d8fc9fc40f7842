/**
 * The lint rules. `lintLyrics` is pure and synchronous: the editor adapter,
 * the CLI and (later) the Generate command all call it, so a song that lints
 * clean in the editor lints clean in CI and is what gets sent.
 */
import { findEntry, parseLyricsDocument, type FrontMatterEntry, type LyricsDocument } from './document';
import { lyricsPayload, promptPayload, type LyricsPayload } from './payload';
import {
  ALLOWED_VALUES,
  DEFAULT_MODEL,
  IGNORED_BY_PROVIDER,
  LYRICS_LIMIT,
  MODELS_BY_PROVIDER,
  PROMPT_LIMIT,
  PROVIDER_IDS,
  PROVIDER_NAMES,
  SCENARIO_MUSIC_3_MIN_PROMPT,
  SETTING_KEYS,
  isSettingKey,
  settingSchemas,
  type ProviderId,
  type SongModel,
} from './schema';
import { closest } from './suggest';
import { findTagOnLine, isKnownTag, suggestTag } from './tags';
import { countCodePoints, offsetOfCodePoint, quoteForMessage, type Range } from './text';

export const DIAGNOSTIC_CODES = [
  'lyrics-too-long',
  'prompt-too-long',
  'prompt-missing',
  'lyrics-missing',
  'unknown-tag',
  'unsupported-setting',
  'invalid-setting',
  'unknown-setting',
  'front-matter-syntax',
  'lyrics-ignored',
  'optimizer-ignored',
  'model-not-offered',
  'prompt-too-short',
  'invalid-utf8',
  'replacement-character',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type Severity = 'error' | 'warning' | 'info';

export interface LyricsDiagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
}

export interface LintResult {
  readonly diagnostics: readonly LyricsDiagnostic[];
  /** Code points of the strings that will be sent, for the status bar. */
  readonly lyricsLength: number;
  readonly promptLength: number;
}

export interface LintOptions {
  /**
   * The provider a song without `provider` in its front matter goes to (the
   * editor's `lyrics.defaultProvider`, the CLI's own default). Only the rules
   * that depend on the provider use it; when it is unknown they check what
   * holds for every provider.
   */
  readonly defaultProvider?: ProviderId;
  /**
   * The provider the song is really sent to whatever its front matter says
   * (`lyrics generate --provider`): the provider-dependent rules check that one.
   */
  readonly providerOverride?: ProviderId;
  /**
   * Zero-based lines whose bytes were not valid UTF-8, known only where the
   * bytes were read (the CLI). Each is an `invalid-utf8` error: the decoder
   * put U+FFFD there, and that is what a provider would be sent. The editor
   * never has bytes (VS Code decodes them), so there a U+FFFD is only a warning.
   */
  readonly invalidUtf8Lines?: readonly number[];
}

export function lintLyrics(text: string, options: LintOptions = {}): LintResult {
  return lintDocument(parseLyricsDocument(text), options);
}

/**
 * The lint of an already parsed document (the editor parses once per version
 * and every feature reads that model; see analysis.ts). `lyrics` may be passed
 * when the caller already built the payload.
 */
export function lintDocument(document: LyricsDocument, options: LintOptions = {}, lyrics: LyricsPayload = lyricsPayload(document)): LintResult {
  const prompt = promptPayload(document);
  const diagnostics: LyricsDiagnostic[] = [];
  const report = (code: DiagnosticCode, severity: Severity, message: string, start: number, end: number): void => {
    diagnostics.push({ code, severity, message, range: document.lines.rangeOf(start, end) });
  };

  checkFrontMatter(document, options, report);
  checkLyrics(document, lyrics, report);
  checkReplacementCharacters(document, options.invalidUtf8Lines ?? [], report);
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { diagnostics, lyricsLength: countCodePoints(lyrics.text), promptLength: countCodePoints(prompt) };
}

type Report = (code: DiagnosticCode, severity: Severity, message: string, start: number, end: number) => void;

/**
 * Whom the song goes to, for the provider-dependent rules. `stated` is the
 * front matter's own valid `provider`; `effective` falls back to the default
 * only when the front matter names none, because a `provider` that is there
 * but invalid is already an error and guessing past it would add a second,
 * possibly wrong one.
 */
interface SongProvider {
  readonly stated: ProviderId | undefined;
  readonly effective: ProviderId | undefined;
  readonly isDefault: boolean;
}

function songProvider(document: LyricsDocument, defaultProvider: ProviderId | undefined, override?: ProviderId): SongProvider {
  if (override) return { stated: override, effective: override, isDefault: false };
  const entry = findEntry(document, 'provider');
  const stated = validProvider(entry);
  if (entry) return { stated, effective: stated, isDefault: false };
  // Broken YAML may have swallowed a `provider` line: only readable front matter "names none".
  const readable = document.frontMatter.kind !== 'closed' || document.frontMatter.syntaxErrors.length === 0;
  const effective = readable ? defaultProvider : undefined;
  return { stated: undefined, effective, isDefault: effective !== undefined };
}

function checkFrontMatter(document: LyricsDocument, options: LintOptions, report: Report): void {
  const frontMatter = document.frontMatter;
  if (frontMatter.kind === 'unterminated') {
    report(
      'front-matter-syntax',
      'error',
      'Front matter is not closed: add a line with only "---" after the settings.',
      frontMatter.openStart,
      frontMatter.openEnd,
    );
    return; // nothing after an unclosed fence can be trusted as settings or lyrics
  }

  const provider = songProvider(document, options.defaultProvider, options.providerOverride);
  if (frontMatter.kind === 'closed') {
    for (const error of frontMatter.syntaxErrors) {
      report('front-matter-syntax', 'error', `Front matter: ${error.message}`, error.start, error.end);
    }
    const touchesError = overlapsAny(frontMatter.syntaxErrors);
    for (const entry of frontMatter.entries) {
      // A value broken by a YAML error is that error's problem, not also an invalid setting.
      checkEntry(document.text, entry, provider, report, touchesError(entry.valueStart, entry.valueEnd));
    }
  }

  // Rules that need the whole settings picture only run on readable front matter.
  if (frontMatter.kind === 'closed' && frontMatter.syntaxErrors.length > 0) return;
  const promptEntry = findEntry(document, 'prompt');
  if (!promptEntry || promptEntry.value === null || (typeof promptEntry.value === 'string' && promptEntry.value.trim() === '')) {
    const [start, end] = promptEntry
      ? [promptEntry.keyStart, promptEntry.valueEnd]
      : frontMatter.kind === 'closed'
        ? [frontMatter.openStart, frontMatter.openEnd]
        : [0, document.lines.lineEnd(0)];
    report(
      'prompt-missing',
      'error',
      promptEntry
        ? 'The prompt is empty: describe the style, mood, tempo, key, vocals and instruments.'
        : 'No prompt: add "prompt: <style, mood, tempo, key, vocals, instruments>" to the front matter.',
      start,
      end,
    );
  } else if (typeof promptEntry.value === 'string') {
    checkPromptMinimum(document, promptEntry, promptEntry.value, provider, report);
  }
}

/**
 * Whether [start, end] touches any of the ranges (each inclusive at both
 * ends), in O(log n) per question: the ranges sorted by start with the
 * largest end so far, so "some range starts at or before `end` and ends at
 * or after `start`" is one binary search. Asking `ranges.some(...)` for every
 * entry made a front matter with thousands of keys and errors quadratic.
 */
function overlapsAny(ranges: readonly { start: number; end: number }[]): (start: number, end: number) => boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const starts = sorted.map((range) => range.start);
  const maxEnds: number[] = [];
  let maxEnd = -Infinity;
  for (const range of sorted) {
    maxEnd = Math.max(maxEnd, range.end);
    maxEnds.push(maxEnd);
  }
  return (start, end) => {
    // The last range starting at or before `end`.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] ?? 0) <= end) low = mid + 1;
      else high = mid;
    }
    return low > 0 && (maxEnds[low - 1] ?? -Infinity) >= start;
  };
}

/**
 * Scenario's music-3.0 refuses short prompts, so a song that would be turned
 * away there is an error here rather than a failed request. It needs the
 * provider and the model together, hence readable front matter.
 */
function checkPromptMinimum(document: LyricsDocument, entry: FrontMatterEntry, value: string, provider: SongProvider, report: Report): void {
  if (provider.effective !== 'scenario') return;
  if (validModel(findEntry(document, 'model')) !== 'music-3.0') return;
  const length = countCodePoints(value.trim());
  if (length >= SCENARIO_MUSIC_3_MIN_PROMPT) return;
  report(
    'prompt-too-short',
    'error',
    `Scenario's music-3.0 needs a prompt of at least ${SCENARIO_MUSIC_3_MIN_PROMPT} characters; this one has ${length}.`,
    entry.valueStart,
    entry.valueEnd,
  );
}

function checkEntry(text: string, entry: FrontMatterEntry, provider: SongProvider, report: Report, valueIsBroken = false): void {
  if (!isSettingKey(entry.key)) {
    const suggestion = closest(entry.key, SETTING_KEYS, normalizeKey);
    report(
      'unknown-setting',
      'warning',
      `Unknown setting ${quoteForMessage(entry.key)}.` + (suggestion ? ` Did you mean "${suggestion.candidate}"?` : ''),
      entry.keyStart,
      entry.keyEnd,
    );
    return;
  }

  const key = entry.key;
  // An empty prompt is `prompt-missing`, not also an invalid value.
  if (valueIsBroken || (key === 'prompt' && entry.value === null)) return;
  const parsed = settingSchemas[key].safeParse(entry.value);
  if (!parsed.success) {
    report(
      'invalid-setting',
      'error',
      `Invalid ${key}: ${describeValue(entry.value)}. Allowed: ${ALLOWED_VALUES[key]}.` + yaml12Hint(entry.value),
      entry.valueStart,
      entry.valueEnd,
    );
    return;
  }

  if (key === 'prompt' && typeof entry.value === 'string') checkPromptLength(text, entry, entry.value, report);
  if (key === 'model' && provider.effective) checkModelOffered(entry, provider.effective, provider.isDefault, report);
  // Only a provider the front matter names: the default may change under the song, and an ignored field is harmless.
  const stated = provider.stated;
  if (stated && IGNORED_BY_PROVIDER[stated].includes(key)) {
    report(
      'unsupported-setting',
      'warning',
      `${providerName(stated)} ignores "${key}": its API has no such field.` +
        (key === 'format' ? ' The take is saved in the format its audio turns out to be.' : ''),
      entry.keyStart,
      entry.keyEnd,
    );
  }
}

/** A model the song's provider does not host would be refused (or silently swapped): say which ones it has. */
function checkModelOffered(entry: FrontMatterEntry, provider: ProviderId, isDefault: boolean, report: Report): void {
  const model = validModel(entry);
  const offered = MODELS_BY_PROVIDER[provider];
  if (model === undefined || offered.includes(model)) return;
  const name = providerName(provider);
  // A provider the song doesn't name would puzzle the reader without saying where it comes from.
  const who = isDefault ? `${name} (the default provider)` : name;
  const elsewhere = PROVIDER_IDS.filter((id) => MODELS_BY_PROVIDER[id].includes(model)).map(providerName);
  report(
    'model-not-offered',
    'error',
    `${who} offers ${offered.length === 1 ? 'only ' : ''}${orList(offered.map((m) => `"${m}"`))}, not "${model}"` +
      (elsewhere.length > 0 ? ` (${orList(elsewhere, 'and')} ${elsewhere.length === 1 ? 'does' : 'do'}).` : '.'),
    entry.valueStart,
    entry.valueEnd,
  );
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[], conjunction = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1] ?? ''}`;
}

function checkPromptLength(text: string, entry: FrontMatterEntry, value: string, report: Report): void {
  const leading = value.length - value.trimStart().length;
  const sent = value.trim();
  const overflowAt = offsetOfCodePoint(sent, PROMPT_LIMIT);
  if (overflowAt === undefined) return;
  const message = `Prompt is ${countCodePoints(sent).toLocaleString('en-US')} characters; the limit is ${PROMPT_LIMIT.toLocaleString('en-US')}.`;
  const source = text.slice(entry.valueStart, entry.valueEnd);
  const mapped =
    entry.scalarStyle === 'PLAIN'
      ? mapValueToSource(value, source, 0, leading + overflowAt, leading + sent.length - 1)
      : entry.scalarStyle === 'BLOCK_LITERAL' || entry.scalarStyle === 'BLOCK_FOLDED'
        ? // A block scalar's source starts with its header line (`|`, `>-` …), which is not part of the value.
          mapValueToSource(value, source, source.indexOf('\n') + 1, leading + overflowAt, leading + sent.length - 1)
        : undefined;
  // For quoted scalars, escapes make a character-exact mapping unreliable: the whole value will do.
  const [start, end] = mapped ? [entry.valueStart + mapped.start, entry.valueStart + mapped.end] : [entry.valueStart, entry.valueEnd];
  report('prompt-too-long', 'error', message, start, end);
}

function checkLyrics(document: LyricsDocument, lyrics: LyricsPayload, report: Report): void {
  const { lines } = document;
  for (let line = document.bodyStartLine; line < lines.lineCount; line++) {
    const tag = findTagOnLine(lines.lineText(line));
    if (!tag || isKnownTag(tag.inner)) continue;
    const start = lines.lineStart(line) + tag.open;
    const suggestion = suggestTag(tag.inner);
    report(
      'unknown-tag',
      'warning',
      `Unknown structure tag ${quoteForMessage(`[${tag.inner.trim()}]`)}.` + (suggestion ? ` Did you mean "[${suggestion}]"?` : ''),
      start,
      lines.lineStart(line) + tag.close + 1,
    );
  }

  const overflowAt = offsetOfCodePoint(lyrics.text, LYRICS_LIMIT);
  if (overflowAt !== undefined) {
    const lastLine = lyrics.lines[lyrics.lines.length - 1];
    const end = lastLine ? lines.lineEnd(lastLine.sourceLine) : document.text.length;
    report(
      'lyrics-too-long',
      'error',
      `Lyrics are ${countCodePoints(lyrics.text).toLocaleString('en-US')} characters; the limit is ${LYRICS_LIMIT.toLocaleString('en-US')}. Everything from here on is over.`,
      sourceOffsetOfPayload(document, lyrics, overflowAt),
      end,
    );
  }

  if (document.frontMatter.kind === 'unterminated') return;
  if (document.frontMatter.kind === 'closed' && document.frontMatter.syntaxErrors.length > 0) return;
  const instrumental = findEntry(document, 'is_instrumental');
  const optimizer = findEntry(document, 'lyrics_optimizer');
  const hasLyrics = lyrics.text.length > 0;
  if (!hasLyrics && instrumental?.value !== true && optimizer?.value !== true) {
    const [start, end] =
      document.frontMatter.kind === 'closed'
        ? [lines.lineStart(document.frontMatter.closeLine), lines.lineEnd(document.frontMatter.closeLine)]
        : [0, lines.lineEnd(0)];
    report('lyrics-missing', 'error', 'No lyrics: write lyrics below the front matter, or set is_instrumental: true or lyrics_optimizer: true.', start, end);
  }
  if (hasLyrics && instrumental?.value === true) {
    report('lyrics-ignored', 'warning', 'is_instrumental is true, so the lyrics below will not be sung.', instrumental.keyStart, instrumental.valueEnd);
  }
  if (hasLyrics && optimizer?.value === true) {
    report(
      'optimizer-ignored',
      'info',
      'lyrics_optimizer only writes lyrics when there are none; with lyrics present it has no effect.',
      optimizer.keyStart,
      optimizer.valueEnd,
    );
  }
}

const REPLACEMENT = '\uFFFD';

/**
 * U+FFFD is what a decoder writes for bytes it could not read. On a line the
 * reader saw invalid UTF-8 on, it is certain: an error, because those bytes
 * would be sent as "�" in a paid request. Anywhere else (the editor, where VS
 * Code decoded the file, or a real U+FFFD typed in) it is a warning, once per
 * line, marking the first run of them.
 */
function checkReplacementCharacters(document: LyricsDocument, invalidLines: readonly number[], report: Report): void {
  const { text, lines } = document;
  const invalid = new Set(invalidLines);
  for (const line of invalid) {
    if (line < 0 || line >= lines.lineCount) continue;
    const lineStart = lines.lineStart(line);
    const lineEnd = lines.lineEnd(line);
    const within = text.slice(lineStart, lineEnd).indexOf(REPLACEMENT);
    const [start, end] = within >= 0 ? replacementRun(text, lineStart + within) : [lineStart, lineEnd];
    report(
      'invalid-utf8',
      'error',
      `Line ${line + 1} is not valid UTF-8: its unreadable bytes would be sent as "${REPLACEMENT}". Save the file as UTF-8.`,
      start,
      end,
    );
  }
  // One per line: after each, the search goes on from the end of its line.
  for (let at = text.indexOf(REPLACEMENT); at >= 0;) {
    const line = lines.positionAt(at).line;
    const next = text.indexOf(REPLACEMENT, Math.max(at + 1, lines.lineEnd(line)));
    if (invalid.has(line)) {
      at = next;
      continue;
    }
    const [start, end] = replacementRun(text, at);
    at = next;
    report(
      'replacement-character',
      'warning',
      `"${REPLACEMENT}" (U+FFFD) usually stands for bytes that could not be decoded: check the file is saved as UTF-8. It would be sent as it is.`,
      start,
      end,
    );
  }
}

/** The run of U+FFFD starting at `at`. */
function replacementRun(text: string, at: number): [number, number] {
  let end = at;
  while (text.charCodeAt(end) === 0xfffd) end++;
  return [at, end];
}

/** Where a character of the lyrics payload stands in the document. */
function sourceOffsetOfPayload(document: LyricsDocument, lyrics: LyricsPayload, payloadOffset: number): number {
  // Binary search for the payload line holding the offset.
  let low = 0;
  let high = lyrics.lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lyrics.lines[mid]?.payloadOffset ?? 0) <= payloadOffset) low = mid;
    else high = mid - 1;
  }
  const line = lyrics.lines[low];
  if (!line) return document.text.length;
  const within = payloadOffset - line.payloadOffset;
  // Past the line's text is the \n that ends it: that maps to the end of the line.
  return within >= line.text.length ? document.lines.lineEnd(line.sourceLine) : line.sourceOffset + within;
}

/**
 * Aligns a folded YAML value with its source: YAML folding only removes
 * indentation and turns line breaks into spaces (or keeps them), so walking
 * both strings and skipping source white space finds each value character.
 * Returns offsets relative to the start of the value's source.
 */
function mapValueToSource(
  value: string,
  source: string,
  sourceStart: number,
  firstIndex: number,
  lastIndex: number,
): { start: number; end: number } | undefined {
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let j = sourceStart;
  let start: number | undefined;
  for (let i = 0; i <= lastIndex; i++) {
    const c = value[i];
    if (isSpace(c) && isSpace(source[j])) {
      // white space maps to white space, whatever folding did to it
    } else {
      while (j < source.length && source[j] !== c) j++;
      if (j >= source.length) return undefined;
    }
    if (i === firstIndex) start = j;
    j++;
  }
  return start === undefined ? undefined : { start, end: j };
}

function validProvider(entry: FrontMatterEntry | undefined): ProviderId | undefined {
  const parsed = settingSchemas.provider.safeParse(entry?.value);
  return parsed.success ? parsed.data : undefined;
}

/** The song's model: an absent one is the default; an invalid one is its own error, so no model. */
function validModel(entry: FrontMatterEntry | undefined): SongModel | undefined {
  if (!entry) return DEFAULT_MODEL;
  const parsed = settingSchemas.model.safeParse(entry.value);
  return parsed.success ? parsed.data : undefined;
}

function providerName(provider: ProviderId): string {
  return PROVIDER_NAMES[provider];
}

/**
 * Kebab-case and spaces compare as snake_case, and case is ignored. (camelCase
 * needs no step of its own: `lyricsOptimizer` lower-cased is one edit from
 * `lyrics_optimizer`.)
 */
export function normalizeKey(key: string): string {
  return key.replace(/[-\s]+/g, '_').toLowerCase();
}

function describeValue(value: unknown): string {
  if (value === null) return 'no value';
  if (value === undefined) return 'an unreadable value';
  if (typeof value === 'string') return `${quoteForMessage(value, 40)} (text)`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // Numbers and booleans (YAML has no other scalars here) print as they read.
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : 'an unreadable value';
}

/** YAML 1.1 habits (yes/no/on/off) read as text in YAML 1.2: say so. */
function yaml12Hint(value: unknown): string {
  return typeof value === 'string' && /^(y|yes|n|no|on|off|true|false)$/i.test(value) ? ' (YAML 1.2 reads this as text: write true or false, unquoted.)' : '';
}
