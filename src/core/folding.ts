/**
 * Folding regions: the front matter, and each section from its structure tag
 * to the last non-blank line before the next tag. A language configuration's
 * folding markers cannot express "from one tag to the next" (each line is
 * either a start or an end marker), so the editor adapter asks this instead.
 */
import { parseLyricsDocument } from './document';
import { findTagOnLine } from './tags';

export interface FoldingRegion {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: 'frontMatter' | 'section';
}

export function foldingRegions(text: string): FoldingRegion[] {
  const document = parseLyricsDocument(text);
  const { lines, frontMatter } = document;
  const regions: FoldingRegion[] = [];
  if (frontMatter.kind === 'closed') regions.push({ startLine: 0, endLine: frontMatter.closeLine, kind: 'frontMatter' });

  let sectionStart = -1;
  let lastContentLine = -1;
  const close = (): void => {
    if (sectionStart >= 0 && lastContentLine > sectionStart) {
      regions.push({ startLine: sectionStart, endLine: lastContentLine, kind: 'section' });
    }
  };
  for (let line = document.bodyStartLine; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    if (findTagOnLine(lineText)) {
      close();
      sectionStart = line;
      lastContentLine = line;
    } else if (lineText.trim() !== '') {
      lastContentLine = line;
    }
  }
  close();
  return regions;
}
