/**
 * Rhyme colouring (`lyrics.rhymeColors`, on by default): the end words of
 * each rhyme group of a section share a colour, so the scheme shows at a
 * glance. One decoration type per colour of the palette, each a theme colour
 * (`charts.*`: every theme defines them for light and dark). Updated a
 * moment after typing stops, when editors become visible and when the ear
 * changes (the dictionary loaded, pronunciations changed): never on the
 * keystroke itself.
 */
import * as vscode from 'vscode';
import type { EarService } from './earService';
import { rhymeColours } from './presentation';

/** In the scheme's order: A is blue, B orange, … (the hint's letters). */
const PALETTE = ['charts.blue', 'charts.orange', 'charts.green', 'charts.purple', 'charts.yellow', 'charts.red'];
const TYPING_PAUSE_MS = 200;

export function registerRhymeColours(service: EarService): vscode.Disposable {
  const types = PALETTE.map((id) => vscode.window.createTextEditorDecorationType({ color: new vscode.ThemeColor(id), fontWeight: 'bold' }));
  let timer: NodeJS.Timeout | undefined;

  const paint = (editor: vscode.TextEditor): void => {
    const { document } = editor;
    if (document.isClosed || !service.songs.isSong(document)) return;
    const ranges: vscode.Range[][] = PALETTE.map(() => []);
    if (vscode.workspace.getConfiguration('lyrics', document.uri).get<boolean>('rhymeColors', true)) {
      void service.loadDictionary();
      for (const word of rhymeColours(service.sections(document), PALETTE.length)) {
        ranges[word.colour]?.push(new vscode.Range(word.line, word.start, word.line, word.end));
      }
    }
    types.forEach((type, index) => editor.setDecorations(type, ranges[index] ?? []));
  };
  const paintVisible = (): void => {
    clearTimeout(timer);
    timer = undefined;
    vscode.window.visibleTextEditors.forEach(paint);
  };
  const paintSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(paintVisible, TYPING_PAUSE_MS);
  };

  paintVisible();
  return vscode.Disposable.from(
    ...types,
    vscode.window.onDidChangeVisibleTextEditors(paintSoon),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (service.songs.isSong(event.document) && event.contentChanges.length > 0) paintSoon();
    }),
    service.onDidChange(paintSoon),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lyrics.rhymeColors')) paintSoon();
    }),
    { dispose: () => clearTimeout(timer) },
  );
}
