/**
 * What a rewrite is about, from the analysis and the ear: the sections a
 * selection covers (named to the model so it changes only those), and their
 * shape (syllables per line, rhyme scheme) for the constraint text.
 */
import type { SongAnalysis, SongSection } from '../analysis';
import type { SectionSounds } from '../ear';
import { sectionPhrase, type SectionShape } from './constraints';

/** The sections that share a line with lines `startLine`–`endLine` (0-based, inclusive); empty when none does (the front matter, blank lines at the end). */
export function sectionsInLines(analysis: SongAnalysis, startLine: number, endLine: number): SongSection[] {
  const sections = analysis.structure.sections;
  return sections.filter((section, index) => {
    // A section reaches to the line before the next one starts (its trailing blank lines included), the last to the end.
    const reach = (sections[index + 1]?.startLine ?? Number.POSITIVE_INFINITY) - 1;
    return section.startLine <= endLine && reach >= startLine;
  });
}

/** How each section is named in the instruction: `the [Verse 2] section`, `the second [Chorus] section` when the name repeats. */
export function scopePhrases(analysis: SongAnalysis, chosen: readonly SongSection[]): string[] {
  const sections = analysis.structure.sections;
  const nameOf = (section: SongSection): string | null => (section.tag ? section.tag.inner.trim() : null);
  const key = (section: SongSection): string => (nameOf(section) ?? '').toLowerCase();
  return chosen.map((section) => {
    const same = sections.filter((other) => key(other) === key(section));
    return sectionPhrase(nameOf(section), same.indexOf(section) + 1, same.length);
  });
}

/** The shape of the chosen sections (all when `chosen` is undefined), from the ear's sectionAnalysis. */
export function shapeOf(sounds: readonly SectionSounds[], chosen?: readonly SongSection[]): SectionShape[] {
  return sounds
    .filter((sound) => chosen === undefined || chosen.includes(sound.section))
    .map((sound) => ({ name: sound.name, lines: sound.lines.map((line) => ({ syllables: line.syllables.common, rhyme: line.rhyme })) }));
}
