/** Format Document for .lyrics (see src/core/format.ts): tidies without changing what is sung. */
import * as vscode from 'vscode';
import type { TextEdit } from '../core/format';
import { editorFeatures } from './editorFeatures';
import { LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';

export function registerFormatter(cache: LintCache): vscode.Disposable {
  const edits = (document: vscode.TextDocument): vscode.TextEdit[] =>
    editorFeatures()
      .formatEdits(cache.lint(document).analysis)
      .map((edit) => toTextEdit(document, edit));
  return vscode.Disposable.from(
    vscode.languages.registerDocumentFormattingEditProvider(LYRICS_LANGUAGE_ID, { provideDocumentFormattingEdits: edits }),
    // Format Selection (and format on save with "modifications"): the document's edits that lie within the lines asked for.
    vscode.languages.registerDocumentRangeFormattingEditProvider(LYRICS_LANGUAGE_ID, {
      provideDocumentRangeFormattingEdits(document, range) {
        const lines = new vscode.Range(range.start.line, 0, range.end.line, document.lineAt(range.end.line).range.end.character);
        return edits(document).filter((edit) => lines.contains(edit.range));
      },
    }),
  );
}

function toTextEdit(document: vscode.TextDocument, edit: TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
}
