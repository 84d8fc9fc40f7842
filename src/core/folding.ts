/**
 * Folding regions: the front matter, and each section from its structure tag
 * to its last non-blank line (the sections of the one analysis per document
 * version). A language configuration's folding markers cannot express "from
 * one tag to the next" (each line is either a start or an end marker), so the
 * editor adapter asks this instead. Lines before the first tag are not folded:
 * there is no tag line to fold them under.
 */
import type { SongAnalysis } from './analysis';

export interface FoldingRegion {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: 'frontMatter' | 'section';
}

export function foldingRegions(analysis: SongAnalysis): FoldingRegion[] {
  const { frontMatter } = analysis.document;
  const regions: FoldingRegion[] = [];
  if (frontMatter.kind === 'closed') regions.push({ startLine: 0, endLine: frontMatter.closeLine, kind: 'frontMatter' });
  for (const section of analysis.structure.sections) {
    if (section.tag && section.endLine > section.startLine) regions.push({ startLine: section.startLine, endLine: section.endLine, kind: 'section' });
  }
  return regions;
}
