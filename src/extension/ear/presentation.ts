/**
 * What the ear's editor features show, as plain text and Markdown: hint
 * labels and tooltips, which end words share a colour, the meter check's
 * messages, the order rhymes are offered in, a word's hover. No `vscode`
 * import, so it runs (and is unit-tested) in plain Node; the adapters beside
 * it turn these into VS Code objects. Only `import type` from core/ear: the
 * ear's code is the lazily loaded dist/ear.js, and this file goes into
 * dist/earEditor.js, which must not carry a second copy of it.
 */
import type { LineSyllables, LineWord, MeterMismatch, PronunciationSource, Rhyme, RhymeKind, SectionSounds, SungLine, SyllableCount } from '../../core/ear';

/** The code of the meter check's diagnostic (its `## meter-mismatch` section in docs/rules.md). */
export const METER_MISMATCH = 'meter-mismatch';

/** The rhyme tiers, best first (core/ear's RHYME_KINDS, repeated here as a type-checked literal so this file needs no ear code). */
const TIERS: readonly RhymeKind[] = ['perfect', 'near', 'assonance'];

/** Which parts of the hint the settings show (`lyrics.hints.syllables`, `lyrics.hints.rhymeLetters`). */
export interface HintParts {
  readonly syllables: boolean;
  readonly rhymeLetters: boolean;
}

/** `8`, `7–8`, `8 (+2)`: a line's count as core/ear's formatSyllables prints it (the same rule, kept here to avoid loading its code). */
export function formatCount(line: LineSyllables): string {
  const cues = line.cues.max > 0 ? ` (+${range(line.cues)})` : '';
  return `${range(line)}${cues}`;
}

/** `8` or `7–8`. */
export function range(count: SyllableCount): string {
  return count.min === count.max ? String(count.min) : `${count.min}–${count.max}`;
}

/** The hint at the end of a sung line: `8 · A`, `7–8 · B`, `8 (+2)`; undefined for a line without a word or with both parts off. */
export function hintLabel(line: SungLine, parts: HintParts): string | undefined {
  if (line.syllables.words.length === 0) return undefined;
  const pieces: string[] = [];
  if (parts.syllables) pieces.push(formatCount(line.syllables));
  if (parts.rhymeLetters && line.rhyme !== undefined) pieces.push(line.rhyme);
  return pieces.length > 0 ? pieces.join(' · ') : undefined;
}

/** The sung lines of `sections` from line `first` to line `last` (both included) with their hint labels. */
export function hintsInRange(sections: readonly SectionSounds[], first: number, last: number, parts: HintParts): Array<{ line: SungLine; label: string }> {
  const hints: Array<{ line: SungLine; label: string }> = [];
  for (const section of sections) {
    if (section.section.endLine < first || section.section.startLine > last) continue;
    for (const line of section.lines) {
      if (line.line < first || line.line > last) continue;
      const label = hintLabel(line, parts);
      if (label !== undefined) hints.push({ line, label });
    }
  }
  return hints;
}

/** Markdown's punctuation escaped: words and lines are the user's text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (character) => `\\${character}`);
}

const plural = (count: SyllableCount): string => `${range(count)} syllable${count.max === 1 ? '' : 's'}`;

/** A word cut into syllables: `win·ter`, with its range when pronunciations differ (`ev·ery (2–3)`). */
export function splitWord(word: LineWord): string {
  const text = escapeMarkdown(word.split ? word.split.join('·') : word.word);
  const variants = word.syllables.min === word.syllables.max ? '' : ` (${range(word.syllables)})`;
  return word.source === 'heuristic' ? `_${text}_${variants}` : `${text}${variants}`;
}

/**
 * The hint's tooltip: the count in words, the rhyme letter and word, then the
 * line cut into syllables word by word (cues in parentheses as written);
 * words counted from their spelling alone are in italics.
 */
export function hintTooltip(line: SungLine, dictionaryLoaded: boolean): string {
  const { syllables } = line;
  const parts = [`**${plural(syllables)}**`];
  if (syllables.min !== syllables.max) parts.push(`most often ${syllables.common}`);
  if (syllables.cues.max > 0) parts.push(`+${range(syllables.cues)} in parentheses (cues, counted apart)`);
  if (line.rhyme !== undefined && line.endWord) parts.push(`rhyme **${line.rhyme}** on _${escapeMarkdown(line.endWord.word)}_`);
  let split = '';
  let inCue = false;
  for (const word of syllables.words) {
    if (inCue && !word.cue) split += '\\)';
    split += `${split === '' ? '' : ' '}${word.cue && !inCue ? '\\(' : ''}${splitWord(word)}`;
    inCue = word.cue;
  }
  if (inCue) split += '\\)';
  const guessed = syllables.words.some((word) => word.source === 'heuristic');
  const note = !dictionaryLoaded
    ? '\n\n_Counted from the spelling while the dictionary loads._'
    : guessed
      ? '\n\n_Italics_: not in the dictionary, counted from the spelling (hover the word to set its pronunciation).'
      : '';
  return `${parts.join(' · ')}\n\n${split}${note}`;
}

/** An end word to colour: its line, where it is, and the index of its colour in the palette. */
export interface ColouredWord {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly colour: number;
}

/**
 * The end words that share a rhyme with another line of their section, each
 * with its colour: the letter's place in the alphabet of the section's
 * scheme, modulo the palette (A is always the first colour, as in the hint).
 * A line whose letter no other line of the section shares is left plain.
 */
export function rhymeColours(sections: readonly SectionSounds[], paletteSize: number): ColouredWord[] {
  const coloured: ColouredWord[] = [];
  for (const section of sections) {
    const order = new Map<string, number>();
    const members = new Map<string, number>();
    for (const { rhyme } of section.lines) {
      if (rhyme === undefined) continue;
      if (!order.has(rhyme)) order.set(rhyme, order.size);
      members.set(rhyme, (members.get(rhyme) ?? 0) + 1);
    }
    for (const { line, rhyme, endWord } of section.lines) {
      if (rhyme === undefined || !endWord || (members.get(rhyme) ?? 0) < 2) continue;
      coloured.push({ line, start: endWord.start, end: endWord.end, colour: (order.get(rhyme) ?? 0) % paletteSize });
    }
  }
  return coloured;
}

/** A meter mismatch as the editor reports it. */
export interface MeterProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * The meter check's messages: `Line 3 of [Verse 2] has 11 syllables, line 3
 * of [Verse 1] has 8 (more than 2 apart).`
 */
export function meterProblems(sections: readonly SectionSounds[], mismatches: readonly MeterMismatch[], tolerance: number): MeterProblem[] {
  const place = new Map<number, { name: string; position: number }>();
  for (const section of sections) {
    section.lines.forEach((line, index) => place.set(line.line, { name: section.name ?? '', position: index + 1 }));
  }
  return mismatches.map((mismatch) => {
    const here = place.get(mismatch.line);
    const there = place.get(mismatch.reference.line);
    const name = (where: { name: string } | undefined, fallback: string): string => `[${where?.name ?? fallback}]`;
    return {
      line: mismatch.line,
      message:
        `Line ${here?.position ?? '?'} of ${name(here, '?')} has ${plural(mismatch.syllables)}, ` +
        `line ${there?.position ?? '?'} of ${name(there, mismatch.reference.section)} has ${range(mismatch.reference.syllables)} ` +
        `(more than ${tolerance} apart).`,
    };
  });
}

/** The order rhymes are offered in: tier (perfect, near, assonance), then fewest syllables, then the most common word. */
export function rhymeSortText(rhyme: Rhyme): string {
  return `${TIERS.indexOf(rhyme.kind)}${String(rhyme.syllables).padStart(2, '0')}${String(rhyme.rank).padStart(6, '0')}`;
}

/** Rhymes in tiers, each tier grouped by syllable count (fewest first), common words first within a group. */
export function rhymeGroups(rhymes: readonly Rhyme[]): Array<{ kind: RhymeKind; syllables: number; rhymes: Rhyme[] }> {
  const sorted = [...rhymes].sort((a, b) => (rhymeSortText(a) < rhymeSortText(b) ? -1 : 1));
  const groups: Array<{ kind: RhymeKind; syllables: number; rhymes: Rhyme[] }> = [];
  for (const rhyme of sorted) {
    const last = groups[groups.length - 1];
    if (last && last.kind === rhyme.kind && last.syllables === rhyme.syllables) last.rhymes.push(rhyme);
    else groups.push({ kind: rhyme.kind, syllables: rhyme.syllables, rhymes: [rhyme] });
  }
  return groups;
}

/** A tier's name for a separator or a label: `Perfect rhymes · 2 syllables`. */
export function groupTitle(kind: RhymeKind, syllables: number): string {
  const tier = kind === 'assonance' ? 'Assonance' : kind === 'perfect' ? 'Perfect rhymes' : 'Near rhymes';
  return `${tier} · ${syllables} syllable${syllables === 1 ? '' : 's'}`;
}

const SOURCE: Readonly<Record<PronunciationSource, string>> = {
  dictionary: 'CMUdict',
  user: 'your pronunciation (lyrics.pronunciations)',
  rule: 'built from known parts',
  heuristic: 'counted from the spelling (not in the dictionary)',
};

/** What a word's hover shows. */
export interface WordFacts {
  /** The word as written in the line. */
  readonly written: string;
  readonly source: PronunciationSource;
  readonly syllables: SyllableCount;
  /** Its syllables in spelling (`heart·brea·ker`), when it has several. */
  readonly split?: readonly string[];
  /** Its pronunciations (ARPAbet), most common first, with their stress patterns. */
  readonly pronunciations: ReadonlyArray<{ readonly phones: string; readonly stress: string }>;
  /** The top rhymes, best first. */
  readonly rhymes: readonly Rhyme[];
  /** Synonyms with their syllables; undefined when the thesaurus could not be read. */
  readonly synonyms: ReadonlyArray<{ readonly word: string; readonly syllables: SyllableCount }> | undefined;
  /** The command link that sets the word's pronunciation (`command:lyrics.setPronunciation?…`). */
  readonly setPronunciationLink: string;
}

/** The hover on a word of a sung line (Markdown; trusted only for the setPronunciation link). */
export function wordHoverMarkdown(facts: WordFacts): string {
  const lines: string[] = [];
  const [first, ...others] = facts.pronunciations;
  const head = [`**${escapeMarkdown(facts.written)}**`];
  if (first) head.push(`\`${first.phones}\``, first.stress);
  lines.push(head.join(' · '));
  const split = facts.split ? `: ${escapeMarkdown(facts.split.join('·'))}` : '';
  lines.push(`${plural(facts.syllables)}${split} (${SOURCE[facts.source]})`);
  if (others.length > 0) lines.push(`Also: ${others.map((other) => `\`${other.phones}\` ${other.stress}`).join(', ')}`);
  const byKind = TIERS.map((kind) => ({ kind, words: facts.rhymes.filter((rhyme) => rhyme.kind === kind) })).filter((tier) => tier.words.length > 0);
  if (byKind.length > 0) {
    lines.push(
      `Rhymes: ${byKind.map((tier) => `${tier.kind} ${tier.words.map((rhyme) => `${escapeMarkdown(rhyme.word)} (${rhyme.syllables})`).join(', ')}`).join(' · ')}`,
    );
  }
  if (facts.synonyms && facts.synonyms.length > 0) {
    lines.push(`Synonyms: ${facts.synonyms.map((synonym) => `${escapeMarkdown(synonym.word)} (${range(synonym.syllables)})`).join(', ')}`);
  }
  lines.push(`[Set pronunciation…](${facts.setPronunciationLink} "Write this word's pronunciation or syllable count into lyrics.pronunciations")`);
  return lines.join('\n\n');
}

/** `command:lyrics.setPronunciation?["word"]`, URI-encoded as VS Code's command links expect. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** The word just before `character` in `text` (what a completion replaces): its start, or `character` when none. */
export function wordStartBefore(text: string, character: number): number {
  const match = /[\p{L}\p{M}\p{N}'’-]*$/u.exec(text.slice(0, character));
  return character - (match?.[0].length ?? 0);
}

/** An entry of the Find Rhymes picker: a separator title, or a word to insert with its syllables. */
export type PickEntry = { readonly separator: string } | { readonly word: string; readonly description: string };

/**
 * The Find Rhymes picker: first the synonyms of the word at the cursor that
 * rhyme with the previous line's end word (when there are any), then the
 * rhymes in tiers, each grouped by syllable count, common words first.
 */
export function rhymePickEntries(
  rhymes: readonly Rhyme[],
  rhymingSynonyms?: { readonly of: string; readonly rhymeWith: string; readonly words: ReadonlyArray<{ readonly word: string; readonly syllables: number }> },
): PickEntry[] {
  const syllables = (count: number): string => `${count} syllable${count === 1 ? '' : 's'}`;
  const entries: PickEntry[] = [];
  if (rhymingSynonyms && rhymingSynonyms.words.length > 0) {
    entries.push({ separator: `Synonyms of “${rhymingSynonyms.of}” that rhyme with “${rhymingSynonyms.rhymeWith}”` });
    for (const { word, syllables: count } of rhymingSynonyms.words) entries.push({ word, description: syllables(count) });
  }
  for (const group of rhymeGroups(rhymes)) {
    entries.push({ separator: groupTitle(group.kind, group.syllables) });
    for (const rhyme of group.rhymes) entries.push({ word: rhyme.word, description: syllables(rhyme.syllables) });
  }
  return entries;
}

/** The word of a line at `character`: under it, or (`touching`, for a cursor) also just before it. */
export function wordAt(words: readonly LineWord[], character: number, touching: boolean): LineWord | undefined {
  return words.find((word) => word.start <= character && (character < word.end || (touching && character === word.end)));
}

/** The nearest sung line above `line` in its section (a tag ends the search); undefined when there is none. */
export function previousSungLine(lineKind: (line: number) => string | undefined, line: number): number | undefined {
  for (let above = line - 1; above >= 0; above--) {
    const kind = lineKind(above);
    if (kind === 'lyric') return above;
    if (kind !== 'blank' && kind !== 'comment') return undefined;
  }
  return undefined;
}
