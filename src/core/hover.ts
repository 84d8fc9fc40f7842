/**
 * Hovers in a `.lyrics` file, on the one analysis of the document version:
 * a front-matter key (what it does, its values, its default, which providers
 * send it and under what name), a value (what it means), a known structure
 * tag (what the model does with it, who documents it), and a lyrics line past
 * the 3,500-character limit (how many characters over). Diagnostics have their
 * own hovers in the editor: nothing here repeats their messages.
 */
import type { SongAnalysis } from './analysis';
import type { FrontMatterEntry } from './document';
import { isDocumentedFor, KEY_PATTERN, SETTING_REFERENCE, settingValues, songProvider, tagInfo, TAG_SOURCE_TEXT, wireField } from './reference';
import { isSettingKey, LYRICS_LIMIT, PROMPT_LIMIT, PROVIDER_IDS, PROVIDER_NAMES, type ProviderId, type SettingKey } from './schema';
import { countCodePoints, type Position, type Range } from './text';

export interface HoverResult {
  /** Markdown built from this module's own words and schema values only: no text of the document is echoed. */
  readonly markdown: string;
  readonly range: Range;
}

const thousands = (n: number): string => n.toLocaleString('en-US');

export function hoverAt(analysis: SongAnalysis, position: Position): HoverResult | undefined {
  const { document } = analysis;
  if (position.line < 0 || position.line >= document.lines.lineCount) return undefined;
  if (position.line < document.bodyStartLine) return frontMatterHover(analysis, position);

  const parts: string[] = [];
  let range: Range | undefined;
  const tag = tagHover(analysis, position);
  if (tag) {
    parts.push(tag.markdown);
    range = tag.range;
  }
  const over = overLimitHover(analysis, position.line);
  if (over) {
    parts.push(over.markdown);
    range ??= over.range;
  }
  return range ? { markdown: parts.join('\n\n---\n\n'), range } : undefined;
}

// ---------------------------------------------------------------- front matter

function frontMatterHover(analysis: SongAnalysis, position: Position): HoverResult | undefined {
  const { document } = analysis;
  const { frontMatter, lines } = document;
  const offset = lines.lineStart(position.line) + position.character;
  const provider = songProvider(analysis);
  if (frontMatter.kind === 'closed') {
    for (const entry of frontMatter.entries) {
      if (!isSettingKey(entry.key)) continue;
      if (offset >= entry.keyStart && offset <= entry.keyEnd) {
        return { markdown: keyMarkdown(analysis, entry.key, provider), range: lines.rangeOf(entry.keyStart, entry.keyEnd) };
      }
      if (entry.valueStart !== entry.keyStart && offset >= entry.valueStart && offset <= entry.valueEnd) {
        const markdown = valueMarkdown(entry);
        if (markdown) return { markdown, range: lines.rangeOf(entry.valueStart, entry.valueEnd) };
        break; // free text, or a value a YAML error stretched over the lines below
      }
    }
    if (frontMatter.syntaxErrors.length === 0) return undefined;
  }
  // Unterminated or broken for a moment: the key as written at the start of its line.
  if (position.line === 0) return undefined;
  const key = KEY_PATTERN.exec(lines.lineText(position.line))?.[1];
  if (key === undefined || !isSettingKey(key) || position.character > key.length) return undefined;
  return { markdown: keyMarkdown(analysis, key, provider), range: lines.rangeOf(lines.lineStart(position.line), lines.lineStart(position.line) + key.length) };
}

function keyMarkdown(analysis: SongAnalysis, key: SettingKey, provider: ProviderId | undefined): string {
  const reference = SETTING_REFERENCE[key];
  const parts = [`**${key}**: ${reference.summary}`];
  if (key === 'prompt' && analysis.prompt !== '')
    parts.push(`This prompt: ${thousands(analysis.lint.promptLength)} of ${thousands(PROMPT_LIMIT)} characters as sent.`);
  // Every value, whoever offers it: the list says who does.
  const values = settingValues(key, undefined);
  if (values.length > 0) parts.push(values.map((value) => `- \`${value.value}\`: ${value.meaning}`).join('\n'));
  // Listed values mark their default; the provider's depends on a setting, so it is said in words.
  if (reference.defaultValue && (values.length === 0 || key === 'provider')) parts.push(`Default: ${reference.defaultValue}.`);
  if (reference.local) {
    parts.push(`Never sent: ${reference.local.replace(/^never sent: /, '')}.`);
  } else {
    const rows = PROVIDER_IDS.map((id) => {
      const wire = wireField(key, id);
      const name = id === provider ? `**${PROVIDER_NAMES[id]}** (this song)` : PROVIDER_NAMES[id];
      const sent = !wire.sent
        ? `not sent: ${wire.why}`
        : wire.field === undefined
          ? (wire.note ?? '')
          : `\`${wire.field}\`${wire.note ? ` (${wire.note})` : ''}`;
      return `| ${name} | ${sent} |`;
    });
    parts.push(['| Provider | Sent as |', '|---|---|', ...rows].join('\n'));
  }
  return parts.join('\n\n');
}

/** What a value means, when it is one of the setting's allowed values; undefined otherwise (an invalid one is the lint's to say). */
function valueMarkdown(entry: FrontMatterEntry): string | undefined {
  if (!isSettingKey(entry.key)) return undefined;
  const written = typeof entry.value === 'string' || typeof entry.value === 'number' || typeof entry.value === 'boolean' ? String(entry.value) : undefined;
  const value = settingValues(entry.key, undefined).find((candidate) => candidate.value === written);
  return value ? `**${entry.key}: ${value.value}**: ${value.meaning}.` : undefined;
}

// ---------------------------------------------------------------- lyrics

function tagHover(analysis: SongAnalysis, position: Position): HoverResult | undefined {
  if (analysis.lineKind(position.line) !== 'tag') return undefined;
  const tag = analysis.structure.tags.find((candidate) => candidate.line === position.line);
  if (!tag || position.character < tag.open || position.character > tag.close + 1) return undefined;
  const info = tagInfo(tag.name);
  if (!info) return undefined; // an unknown tag is the lint's warning
  const provider = songProvider(analysis);
  const shown = tag.number === undefined ? info.spelling : `${info.spelling} ${tag.number}`;
  const forProvider =
    provider === undefined
      ? ''
      : isDocumentedFor(info.source, provider)
        ? `**Documented for ${PROVIDER_NAMES[provider]}.** `
        : `**Not documented for ${PROVIDER_NAMES[provider]}** (the linter accepts it). `;
  const numbered = tag.number === undefined ? '' : ` The number tells repeats apart, as MiniMax's lyrics generator numbers them.`;
  return {
    markdown: `**[${shown}]**: ${info.description}${numbered}\n\n${forProvider}${TAG_SOURCE_TEXT[info.source]}`,
    range: { start: { line: tag.line, character: tag.open }, end: { line: tag.line, character: tag.close + 1 } },
  };
}

/**
 * For a line sent past the lyrics limit: how far over the lyrics are by its
 * end, and how many of its own characters are over. The lint's
 * `lyrics-too-long` says where the overflow starts; lines before it are
 * within the limit, so they cost nothing here.
 */
function overLimitHover(analysis: SongAnalysis, line: number): HoverResult | undefined {
  const tooLong = analysis.lint.diagnostics.find((diagnostic) => diagnostic.code === 'lyrics-too-long');
  if (!tooLong || line < tooLong.range.start.line) return undefined;
  const { lyrics } = analysis;
  const index = payloadLineIndex(analysis, line);
  const payloadLine = index === undefined ? undefined : lyrics.lines[index];
  if (!payloadLine) return undefined; // a comment, or a blank line that is not sent
  const before = countCodePoints(lyrics.text.slice(0, payloadLine.payloadOffset));
  const own = countCodePoints(payloadLine.text);
  const overByEnd = before + own - LYRICS_LIMIT;
  if (own === 0 || overByEnd <= 0) return undefined; // a blank line, or only the line break after it is over
  const total = analysis.lint.lyricsLength;
  const whose =
    overByEnd < own
      ? overByEnd === 1
        ? 'The last character of this line is'
        : `The last ${thousands(overByEnd)} of this line's ${thousands(own)} characters are`
      : own === 1
        ? "This line's one character is"
        : `All ${thousands(own)} characters of this line are`;
  const markdown =
    `**Past the lyrics limit.** ${whose} past the ${thousands(LYRICS_LIMIT)}-character limit: by the end of this line the lyrics are ` +
    `${thousands(before + own)} characters, ${thousands(overByEnd)} over (${thousands(total)} in all, ${thousands(total - LYRICS_LIMIT)} to cut).`;
  return { markdown, range: analysis.document.lines.rangeOf(payloadLine.sourceOffset, payloadLine.sourceOffset + payloadLine.text.length) };
}

/** The index of the payload line a source line became, by binary search (payload lines are in source order). */
function payloadLineIndex(analysis: SongAnalysis, line: number): number | undefined {
  const lines = analysis.lyrics.lines;
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const sourceLine = lines[mid]?.sourceLine ?? 0;
    if (sourceLine === line) return mid;
    if (sourceLine < line) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}
