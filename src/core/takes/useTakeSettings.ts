/**
 * "Use these settings": copy a take's settings (what was sent for it) into a
 * song's front matter, as a list of minimal text edits. Only the values that
 * differ are replaced, in place; missing keys are added before the closing
 * `---`; everything else — other keys, comments (inline ones too), spacing,
 * the lyrics — is left byte for byte. A text edit rather than re-printing the
 * YAML with the `yaml` package, because re-printing would normalise the
 * user's layout (the aligned `# …` comments of the README's example).
 */
import { Document } from 'yaml';
import { parseLyricsDocument, type FrontMatterEntry } from '../document';
import type { AudioFormat, ProviderId } from '../schema';
import type { Sidecar } from './sidecar';

/** The settings "use these settings" writes, in the order new keys are added. */
export interface TakeSettings {
  readonly prompt: string;
  readonly provider: ProviderId;
  readonly is_instrumental: boolean;
  readonly lyrics_optimizer: boolean;
  readonly sample_rate: number;
  readonly bitrate: number;
  /** Absent for providers without a format field (Scenario): an existing `format` is then left alone. */
  readonly format?: AudioFormat;
}

const KEY_ORDER = ['prompt', 'provider', 'is_instrumental', 'lyrics_optimizer', 'sample_rate', 'bitrate', 'format'] as const;

export function takeSettingsOf(sidecar: Sidecar): TakeSettings {
  const { is_instrumental, lyrics_optimizer, sample_rate, bitrate, format } = sidecar.settings;
  return {
    prompt: sidecar.prompt,
    provider: sidecar.provider,
    is_instrumental,
    lyrics_optimizer,
    sample_rate,
    bitrate,
    ...(format ? { format } : {}),
  };
}

/** Replace text[start, end) with `text`; offsets are UTF-16 code units into the original text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type SettingsEdits =
  { readonly ok: true; readonly edits: readonly TextEdit[]; readonly changedKeys: readonly string[] } | { readonly ok: false; readonly reason: string };

/** The edits that make `documentText`'s front matter carry `settings`; empty when it already does. */
export function takeSettingsEdits(documentText: string, settings: TakeSettings): SettingsEdits {
  const document = parseLyricsDocument(documentText);
  const eol = documentText.includes('\r\n') ? '\r\n' : '\n';
  const wanted = KEY_ORDER.flatMap((key) => (settings[key] === undefined ? [] : [[key, settings[key]] as const]));
  const frontMatter = document.frontMatter;

  if (frontMatter.kind === 'absent') {
    // A new front matter at the very top (after a BOM, which must stay first).
    const at = documentText.startsWith('\uFEFF') ? 1 : 0;
    const lines = wanted.map(([key, value]) => `${key}: ${yamlValue(key, value, eol)}`);
    return {
      ok: true,
      edits: [{ start: at, end: at, text: ['---', ...lines, '---', ''].join(eol) }],
      changedKeys: wanted.map(([key]) => key),
    };
  }
  if (frontMatter.kind === 'unterminated') {
    return { ok: false, reason: 'The front matter is not closed with a `---` line; fix it first.' };
  }
  if (frontMatter.syntaxErrors.length > 0) {
    return { ok: false, reason: `The front matter has a YAML problem (${frontMatter.syntaxErrors[0]?.message ?? 'unreadable'}); fix it first.` };
  }

  const edits: TextEdit[] = [];
  const added: string[] = [];
  const changedKeys: string[] = [];
  for (const [key, value] of wanted) {
    const entry = frontMatter.entries.find((e) => e.key === key);
    if (!entry) {
      added.push(`${key}: ${yamlValue(key, value, eol)}${eol}`);
      changedKeys.push(key);
      continue;
    }
    if (entry.value === value) continue;
    edits.push(replaceValue(documentText, entry, yamlValue(key, value, eol), eol));
    changedKeys.push(key);
  }
  if (added.length > 0) {
    // contentEnd is the start of the closing `---` line: the new keys go just above it.
    edits.push({ start: frontMatter.contentEnd, end: frontMatter.contentEnd, text: added.join('') });
  }
  return { ok: true, edits, changedKeys };
}

function replaceValue(text: string, entry: FrontMatterEntry, valueText: string, eol: string): TextEdit {
  if (entry.valueStart === entry.keyStart) {
    // `key:` with no value: the entry's range is the key; write after the colon.
    const colon = text.indexOf(':', entry.keyEnd);
    return { start: colon + 1, end: colon + 1, text: ` ${valueText}` };
  }
  // A block scalar's source ends with its line break; keep one so the next key stays on its own line.
  const replaced = text.slice(entry.valueStart, entry.valueEnd);
  const keepBreak = /\r?\n$/.test(replaced) ? eol : '';
  return { start: entry.valueStart, end: entry.valueEnd, text: valueText + keepBreak };
}

/**
 * A value as YAML source after `key: `. Printed as part of a one-key mapping
 * so multi-line text becomes a correctly indented block scalar; no line
 * folding, so a long prompt stays on one line as the user wrote it.
 */
function yamlValue(key: string, value: string | number | boolean, eol: string): string {
  const printed = new Document({ [key]: value }).toString({ lineWidth: 0 });
  const prefix = `${key}:`;
  const rest = printed.startsWith(prefix) ? printed.slice(prefix.length) : printed;
  return rest.replace(/^ /, '').replace(/\n$/, '').split('\n').join(eol);
}
