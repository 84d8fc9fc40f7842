/**
 * Rhymes when asked: Ctrl+Space at the end of a sung line lists rhymes for
 * the end word of the previous sung line of the section, in tiers (perfect,
 * near, assonance), each grouped by syllable count, common words first.
 * The word being typed at the cursor, if any, is what a chosen rhyme
 * replaces, and VS Code narrows the list to the rhymes that match it (type
 * `dr`, Ctrl+Space: dream, drift…). Only on an explicit invoke: never while
 * typing. The first request waits for the dictionary (explicitly asked for;
 * typing never waits).
 */
import * as vscode from 'vscode';
import type { EarService } from './earService';
import { rhymeSortText, wordStartBefore } from './presentation';

const RHYME_LIMIT = 120;

export function registerRhymeCompletion(service: EarService): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(service.songs.selector, {
    async provideCompletionItems(document, position, token, context) {
      if (context.triggerKind !== vscode.CompletionTriggerKind.Invoke) return undefined;
      const text = document.lineAt(position.line).text;
      if (text.slice(position.character).trim() !== '') return undefined;
      const analysis = service.analysis(document);
      if (analysis.lineKind(position.line) !== 'lyric') return undefined;
      const section = analysis.structure.sections.find((candidate) => candidate.lyricLines.includes(position.line));
      const previousLine = section?.lyricLines[section.lyricLines.indexOf(position.line) - 1];
      if (previousLine === undefined) return undefined;

      const version = document.version;
      await service.loadDictionary();
      if (token.isCancellationRequested || document.version !== version) return undefined;
      const ear = service.ear(document.uri);
      const endWord = ear.endWord(document.lineAt(previousLine).text);
      const list = endWord ? ear.findRhymes(endWord.word, { limit: RHYME_LIMIT }) : undefined;
      if (!endWord || !list) return undefined;
      const replaced = new vscode.Range(position.line, wordStartBefore(text, position.character), position.line, position.character);
      const items = list.rhymes.map((rhyme) => {
        const item = new vscode.CompletionItem(
          { label: rhyme.word, detail: ` ${rhyme.syllables} syl`, description: `${rhyme.kind} rhyme for “${endWord.word}”` },
          vscode.CompletionItemKind.Text,
        );
        item.sortText = rhymeSortText(rhyme);
        item.range = replaced;
        return item;
      });
      return new vscode.CompletionList(items, false);
    },
  });
}
