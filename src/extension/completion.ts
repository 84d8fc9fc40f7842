/** Completion in .lyrics (see src/core/completion.ts): structure tags after [, front-matter keys and values, prompt vocabulary. */
import * as vscode from 'vscode';
import type { CompletionKind, CompletionTrigger } from '../core/completion';
import type { Range } from '../core/text';
import { editorFeatures } from './editorFeatures';
import { LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';

/**
 * The characters core/completion.ts answers to: `[` (tags), `:` (values) and
 * `,` (prompt vocabulary). Written here, not imported, so the activation
 * bundle stays free of the completion code (dist/editorFeatures.js).
 */
const TRIGGER_CHARACTERS = ['[', ':', ','];

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  tag: vscode.CompletionItemKind.Keyword,
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  vocabulary: vscode.CompletionItemKind.Text,
};

function toTrigger(context: vscode.CompletionContext): CompletionTrigger {
  switch (context.triggerKind) {
    case vscode.CompletionTriggerKind.TriggerCharacter:
      return { kind: 'character', character: context.triggerCharacter ?? '' };
    case vscode.CompletionTriggerKind.TriggerForIncompleteCompletions:
      return { kind: 'incomplete' };
    default:
      return { kind: 'invoke' };
  }
}

function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function registerCompletion(cache: LintCache): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    LYRICS_LANGUAGE_ID,
    {
      provideCompletionItems(document, position, _token, context) {
        const { analysis } = cache.lint(document);
        return editorFeatures()
          .completeAt(analysis, { line: position.line, character: position.character }, toTrigger(context))
          .map((entry) => {
            const item = new vscode.CompletionItem(entry.label, KINDS[entry.kind]);
            item.detail = entry.detail;
            // Not trusted, and only this extension's own words (no command links).
            if (entry.documentation) item.documentation = new vscode.MarkdownString(entry.documentation);
            item.insertText = entry.insertText;
            item.range = toRange(entry.range);
            item.sortText = entry.sortText;
            item.filterText = entry.filterText;
            if (entry.retrigger) item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
            return item;
          });
      },
    },
    ...TRIGGER_CHARACTERS,
  );
}
