/**
 * A song's sections as heard: per sung line its syllables, end word and
 * rhyme letter (the scheme restarts in each section), and the meter check
 * that compares a section with the earlier one of the same name.
 */
import type { SongSection } from '../analysis';
import type { LineSyllables, LineWord } from './line';
import type { SyllableCount } from './pronounce';

/** A sung line of a section. */
export interface SungLine {
  /** 0-based line in the document. */
  readonly line: number;
  /** The line as written, trailing white space removed. */
  readonly text: string;
  readonly syllables: LineSyllables;
  /** The word the line rhymes on (its last word outside parentheses). */
  readonly endWord: LineWord | undefined;
  /** The line's letter in its section's rhyme scheme (A, B, …); undefined for a line without a word. */
  readonly rhyme: string | undefined;
}

export interface SectionSounds {
  readonly section: SongSection;
  /** The tag without brackets (`Verse 1`), null for sung lines before the first tag. */
  readonly name: string | null;
  readonly lines: readonly SungLine[];
  /** The section's syllables: the common counts of its sung lines added up, cues left out. */
  readonly syllables: number;
}

/** A sung line whose count is further from the matching line of an earlier section than the tolerance allows. */
export interface MeterMismatch {
  readonly line: number;
  readonly syllables: SyllableCount;
  /** The matching line: the same position in the first earlier section of the same name. */
  readonly reference: { readonly line: number; readonly syllables: SyllableCount; readonly section: string };
  /** How far apart the two counts are: 0 when their ranges overlap. */
  readonly difference: number;
}

/** What makes two sections the same for the meter check: the tag's documented name (or its name as written), lower case, number aside. */
function sectionKey(section: SongSection): string | undefined {
  const tag = section.tag;
  return tag ? (tag.canonical ?? tag.name).toLowerCase() : undefined;
}

const countOf = ({ min, max, common }: SyllableCount): SyllableCount => ({ min, max, common });

/** The distance between two counts given as ranges: 0 when they overlap (`every` 2–3 against 2). */
export function countDistance(a: SyllableCount, b: SyllableCount): number {
  return Math.max(0, a.min - b.max, b.min - a.max);
}

/**
 * Line n of a section against line n of the first earlier section with the
 * same name (`[Verse 2]` against `[Verse 1]`, every `[Chorus]` against the
 * first): a mismatch when their counts are more than `tolerance` apart.
 * Cues don't count. Lines past the end of the shorter section are not compared.
 */
export function meterMismatches(sections: readonly SectionSounds[], tolerance: number): MeterMismatch[] {
  const first = new Map<string, SectionSounds>();
  const mismatches: MeterMismatch[] = [];
  for (const section of sections) {
    const key = sectionKey(section.section);
    if (key === undefined) continue;
    const reference = first.get(key);
    if (!reference) {
      first.set(key, section);
      continue;
    }
    section.lines.forEach((sung, index) => {
      const other = reference.lines[index];
      if (!other) return;
      const difference = countDistance(sung.syllables, other.syllables);
      if (difference > tolerance) {
        mismatches.push({
          line: sung.line,
          syllables: countOf(sung.syllables),
          reference: { line: other.line, syllables: countOf(other.syllables), section: reference.name ?? '' },
          difference,
        });
      }
    });
  }
  return mismatches;
}
