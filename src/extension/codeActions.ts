/**
 * Quick fixes, "fix all of this kind" and `source.fixAll.lyrics` (for
 * `editor.codeActionsOnSave`), all computed by src/core/fixes.ts from the
 * cache's one analysis of the document. Only the safe fixes are applied
 * without a person choosing: fix-all and on save.
 */
import * as vscode from 'vscode';
import type { TextEdit } from '../core/fixes';
import { editorFeatures } from './editorFeatures';
import type { DiagnosticCode, LyricsDiagnostic } from '../core/lint';
import type { SongAnalysis } from '../core/analysis';
import { isEditedLyricsDocument, LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';

export const SOURCE_FIX_ALL_LYRICS = vscode.CodeActionKind.SourceFixAll.append('lyrics');

export function registerCodeActions(cache: LintCache): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ language: LYRICS_LANGUAGE_ID }, new LyricsCodeActions(cache), {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, SOURCE_FIX_ALL_LYRICS],
  });
}

class LyricsCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly cache: LintCache) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isEditedLyricsDocument(document)) return [];
    const { analysis } = this.cache.lint(document);
    const actions: vscode.CodeAction[] = [];
    // Source actions only when asked for (on save, the Source Action menu): the light bulb never shows them.
    if (context.only?.contains(SOURCE_FIX_ALL_LYRICS)) {
      const { edits } = editorFeatures().fixAll(analysis);
      if (edits.length > 0) {
        const action = new vscode.CodeAction('Fix all safe lyrics problems', SOURCE_FIX_ALL_LYRICS);
        action.edit = workspaceEdit(document.uri, edits);
        actions.push(action);
      }
    }
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return actions;

    const offeredFixAll = new Set<DiagnosticCode>();
    for (const diagnostic of context.diagnostics) {
      const subject = coreDiagnosticOf(analysis, diagnostic);
      if (!subject) continue;
      for (const fix of editorFeatures().fixesFor(analysis, subject)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred;
        action.edit = workspaceEdit(document.uri, fix.edits);
        actions.push(action);
      }
      if (!offeredFixAll.has(subject.code) && safeFixCountReaches(analysis, subject.code, 2)) {
        offeredFixAll.add(subject.code);
        const action = new vscode.CodeAction(`Fix all ${subject.code} problems in the file`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.edit = workspaceEdit(document.uri, editorFeatures().fixAllOfKind(analysis, subject.code).edits);
        actions.push(action);
      }
    }
    return actions;
  }
}

/**
 * The analysis's own diagnostic a VS Code one stands for: ours (source
 * `lyrics`), with its code and range. A diagnostic published for an older
 * version finds none, so no fix is computed for text that has moved.
 */
function coreDiagnosticOf(analysis: SongAnalysis, diagnostic: vscode.Diagnostic): LyricsDiagnostic | undefined {
  if (diagnostic.source !== 'lyrics') return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const { start, end } = diagnostic.range;
  return analysis.lint.diagnostics.find(
    (candidate) =>
      candidate.code === code &&
      candidate.range.start.line === start.line &&
      candidate.range.start.character === start.character &&
      candidate.range.end.line === end.line &&
      candidate.range.end.character === end.character,
  );
}

/** Whether at least `count` diagnostics of the code have a safe fix ("fix all" is only worth offering for more than one). */
function safeFixCountReaches(analysis: SongAnalysis, code: DiagnosticCode, count: number): boolean {
  let found = 0;
  for (const diagnostic of analysis.lint.diagnostics) {
    if (
      diagnostic.code !== code ||
      !editorFeatures()
        .fixesFor(analysis, diagnostic)
        .some((fix) => fix.safe)
    )
      continue;
    if (++found >= count) return true;
  }
  return false;
}

function workspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const { range, newText } of edits) {
    edit.replace(uri, new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), newText);
  }
  return edit;
}
