/** Outline, breadcrumbs, sticky scroll and Go to Symbol (see src/core/symbols.ts, loaded with dist/editorFeatures.js). */
import * as vscode from 'vscode';
import type { SongSymbol, SongSymbolKind } from '../core/symbols';
import type { Range } from '../core/text';
import { startedEar } from './ear/register';
import { editorFeatures } from './editorFeatures';
import { LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';

/** Icons that read right in the Outline: settings are properties of the song, sections its parts. */
const SYMBOL_KIND: Readonly<Record<SongSymbolKind, vscode.SymbolKind>> = {
  frontMatter: vscode.SymbolKind.Module,
  setting: vscode.SymbolKind.Property,
  section: vscode.SymbolKind.Namespace,
};

export function registerSymbols(cache: LintCache): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(
    LYRICS_LANGUAGE_ID,
    {
      // Syllables once the ear has loaded (never waiting for it): the ear's sections of this same analysis.
      provideDocumentSymbols: (document) =>
        editorFeatures().songSymbols(cache.lint(document).analysis, startedEar()?.sectionSyllables(document)).map(toDocumentSymbol),
    },
    { label: 'Lyrics' },
  );
}

function toDocumentSymbol(symbol: SongSymbol): vscode.DocumentSymbol {
  const result = new vscode.DocumentSymbol(symbol.name, symbol.detail, SYMBOL_KIND[symbol.kind], toRange(symbol.range), toRange(symbol.selectionRange));
  result.children = symbol.children.map(toDocumentSymbol);
  return result;
}

function toRange({ start, end }: Range): vscode.Range {
  return new vscode.Range(start.line, start.character, end.line, end.character);
}
