/**
 * The structure-tag vocabulary of MiniMax Music 2.6 (see ../shared/providers.md):
 * the tags MiniMax documents, `[Drop]` from Scenario's and Replicate's pages,
 * and the spellings MiniMax's own lyrics generator emits.
 */
import { closeMatches } from './suggest';

export const KNOWN_TAGS = [
  'Intro',
  'Verse',
  'Pre Chorus',
  'Chorus',
  'Post Chorus',
  'Hook',
  'Drop',
  'Bridge',
  'Solo',
  'Build Up',
  'Inst',
  'Interlude',
  'Break',
  'Transition',
  'Outro',
] as const;

/** Accepted alternative spellings, each with the tag it means. */
export const TAG_ALIASES: Readonly<Record<string, (typeof KNOWN_TAGS)[number]>> = {
  'Pre-Chorus': 'Pre Chorus',
  'Post-Chorus': 'Post Chorus',
  'Build-up': 'Build Up',
  Instrumental: 'Inst',
  Breakdown: 'Break',
};

/** Lower case, runs of white space folded to one space. */
function normalizeTagName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Every spelling a suggestion may offer; one list, so suggest.ts normalizes it once. */
const SUGGESTIONS: readonly string[] = [...KNOWN_TAGS, ...Object.keys(TAG_ALIASES)];

const ACCEPTED = new Set<string>(SUGGESTIONS.map(normalizeTagName));

/**
 * A tag's name and its optional trailing number: "Verse 2" → ["Verse", " 2"],
 * the number being the trailing digits and the white space before them.
 * Scanned from the end rather than matched with /^(.*?)(\s*\d+)$/, which
 * backtracks quadratically on a long run of digits not at the end (a
 * 40,000-digit "tag" took 1.7 s to lint).
 */
function splitTrailingNumber(inner: string): { name: string; number: string } {
  const trimmed = inner.trim();
  let at = trimmed.length;
  while (at > 0 && isAsciiDigit(trimmed.charCodeAt(at - 1))) at--;
  if (at === trimmed.length) return { name: trimmed, number: '' };
  while (at > 0 && /\s/.test(trimmed.charAt(at - 1))) at--;
  return { name: trimmed.slice(0, at), number: trimmed.slice(at) };
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isKnownTag(inner: string): boolean {
  return ACCEPTED.has(normalizeTagName(splitTrailingNumber(inner).name));
}

/**
 * The known tags close to an unknown one, closest first, keeping its number:
 * "Vrese 2" → ["Verse 2"]. Spellings of the same tag (`Pre Chorus`,
 * `Pre-Chorus`) are offered once, the closer one. Empty when nothing is close
 * (`[xyzzy]`): a guess would only mislead.
 */
export function suggestTags(inner: string): string[] {
  const { name, number } = splitTrailingNumber(inner);
  const seen = new Set<string>();
  const suggestions: string[] = [];
  for (const { candidate } of closeMatches(name, SUGGESTIONS, normalizeTagName)) {
    const meaning = canonicalTagName(candidate) ?? candidate;
    if (seen.has(meaning)) continue;
    seen.add(meaning);
    suggestions.push(`${candidate}${number}`);
  }
  return suggestions;
}

/** The closest known tag, or undefined when none is close. */
export function suggestTag(inner: string): string | undefined {
  return suggestTags(inner)[0];
}

/** The documented tag a spelling means: "pre-chorus" → "Pre Chorus"; undefined for an unknown name. */
export function canonicalTagName(name: string): (typeof KNOWN_TAGS)[number] | undefined {
  const normalized = normalizeTagName(name);
  for (const [alias, tag] of Object.entries(TAG_ALIASES)) if (normalizeTagName(alias) === normalized) return tag;
  return KNOWN_TAGS.find((tag) => normalizeTagName(tag) === normalized);
}

/** A tag's name and its trailing number ("Verse 2" → name "Verse", number 2). */
export function parseTagName(inner: string): { name: string; number: number | undefined } {
  const { name, number } = splitTrailingNumber(inner);
  return { name, number: number === '' ? undefined : Number(number.trim()) };
}

/**
 * A structure tag stands alone on its line: `[` … `]` with only white space
 * around. Returns the UTF-16 offsets of the brackets within the line.
 */
export function findTagOnLine(line: string): { open: number; close: number; inner: string } | undefined {
  const open = line.search(/\S/);
  if (open < 0 || line[open] !== '[') return undefined;
  const trimmedEnd = line.trimEnd().length;
  const close = trimmedEnd - 1;
  if (close <= open || line[close] !== ']') return undefined;
  return { open, close, inner: line.slice(open + 1, close) };
}
