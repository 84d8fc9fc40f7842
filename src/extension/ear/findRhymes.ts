/**
 * `Lyrics: Find Rhymes` (`lyrics.findRhymes`): for the word at the cursor
 * (or, with the cursor on no word, the previous sung line's end word), a
 * picker with the rhymes in tiers, grouped by syllable count, and first the
 * synonyms of the word at the cursor that rhyme with the previous line's end
 * word ("means A, rhymes with B"). The choice replaces the word at the
 * cursor, or is inserted at the cursor.
 */
import * as vscode from 'vscode';
import type { EarService } from './earService';
import { previousSungLine, rhymePickEntries, wordAt } from './presentation';

const RHYME_LIMIT = 200;

export async function findRhymes(service: EarService): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !service.songs.isSong(editor.document)) {
    void vscode.window.showInformationMessage('Find Rhymes works in a .lyrics song: put the cursor on a word.');
    return;
  }
  const { document } = editor;
  const position = editor.selection.active;
  const version = document.version;
  const [, thesaurus] = await Promise.all([service.loadDictionary(), service.thesaurus()]);
  if (document.version !== version) return; // edited while loading: the cursor's word may be gone
  const ear = service.ear(document.uri);
  const analysis = service.analysis(document);
  const lineKind = (line: number): string | undefined => analysis.lineKind(line);
  const atCursor =
    lineKind(position.line) === 'lyric' ? wordAt(ear.lineSyllables(document.lineAt(position.line).text).words, position.character, true) : undefined;
  const previous = previousSungLine(lineKind, position.line);
  const rhymeWith = previous === undefined ? undefined : ear.endWord(document.lineAt(previous).text);
  const target = atCursor ?? rhymeWith;
  if (!target) {
    void vscode.window.showInformationMessage('Put the cursor on a word of a sung line (or just after a sung line) to find its rhymes.');
    return;
  }
  const list = ear.findRhymes(target.word, { limit: RHYME_LIMIT });
  if (!list) {
    void vscode.window.showInformationMessage(`No rhymes known for “${target.word}”: the dictionary can't pronounce it (Lyrics: Set Pronunciation can).`);
    return;
  }
  const synonyms =
    atCursor && rhymeWith && thesaurus && atCursor.sound.word !== rhymeWith.sound.word
      ? {
          of: atCursor.word,
          rhymeWith: rhymeWith.word,
          words: ear.rhymingSynonyms(atCursor.word, rhymeWith.word, thesaurus).map((word) => ({ word, syllables: ear.pronounce(word)?.syllables.common ?? 1 })),
        }
      : undefined;
  const items = rhymePickEntries(list.rhymes, synonyms).map((entry): vscode.QuickPickItem =>
    'separator' in entry ? { label: entry.separator, kind: vscode.QuickPickItemKind.Separator } : { label: entry.word, description: entry.description },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: `Rhymes for “${target.word}” (${list.syllables.common} syllable${list.syllables.common === 1 ? '' : 's'})`,
    placeHolder: atCursor ? `Replace “${atCursor.word}” with…` : 'Insert at the cursor…',
  });
  if (!picked || document.isClosed) return;
  const replaced = atCursor && new vscode.Range(position.line, atCursor.start, position.line, atCursor.end);
  const before = position.character > 0 ? document.lineAt(position.line).text[position.character - 1] : undefined;
  const inserted = !replaced && before !== undefined && !/\s/.test(before) ? ` ${picked.label}` : picked.label;
  await editor.edit((edit) => (replaced ? edit.replace(replaced, picked.label) : edit.insert(position, inserted)));
}
