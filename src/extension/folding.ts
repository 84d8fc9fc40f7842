/** Folding for `.lyrics`: front matter and tag-to-tag sections (see src/core/folding.ts). */
import * as vscode from 'vscode';
import { foldingRegions } from '../core/folding';
import { LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';

export function registerFolding(cache: LintCache): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(LYRICS_LANGUAGE_ID, {
    provideFoldingRanges(document) {
      return foldingRegions(cache.lint(document).analysis).map(
        (region) => new vscode.FoldingRange(region.startLine, region.endLine, region.kind === 'frontMatter' ? vscode.FoldingRangeKind.Region : undefined),
      );
    },
  });
}
