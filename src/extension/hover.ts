/** Hovers in .lyrics (see src/core/hover.ts): front-matter keys and values, structure tags, lines past the limit. */
import * as vscode from 'vscode';
import { editorFeatures } from './editorFeatures';
import { LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';

export function registerHover(cache: LintCache): vscode.Disposable {
  return vscode.languages.registerHoverProvider(LYRICS_LANGUAGE_ID, {
    provideHover(document, position) {
      const hover = editorFeatures().hoverAt(cache.lint(document).analysis, { line: position.line, character: position.character });
      if (!hover) return undefined;
      const { start, end } = hover.range;
      // A plain MarkdownString: not trusted, so no command links can run from it.
      return new vscode.Hover(new vscode.MarkdownString(hover.markdown), new vscode.Range(start.line, start.character, end.line, end.character));
    },
  });
}
