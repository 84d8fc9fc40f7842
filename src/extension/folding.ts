/** Folding for `.lyrics`: front matter and tag-to-tag sections (see src/core/folding.ts). */
import * as vscode from 'vscode';
import { foldingRegions } from '../core/folding';
import { LYRICS_LANGUAGE_ID } from './lintCache';

export function registerFolding(): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(LYRICS_LANGUAGE_ID, {
    provideFoldingRanges(document) {
      return foldingRegions(document.getText()).map(
        (region) => new vscode.FoldingRange(region.startLine, region.endLine, region.kind === 'frontMatter' ? vscode.FoldingRangeKind.Region : undefined),
      );
    },
  });
}
