/**
 * The songwriter's ear in the editor: all activation holds of it. The
 * features (inlay hints, rhyme colours, the meter check, rhyme completion,
 * word hovers, Find Rhymes, Set Pronunciation) are dist/earEditor.js, loaded
 * once a `.lyrics` document is open, just after activation; the ear itself
 * (dist/ear.js) and its data load later still, on the first hint. So the
 * activation bundle carries neither (it is at its size limit), and nothing
 * here waits for the dictionary.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isEditedLyricsDocument, isLyricsDocument, LYRICS_LANGUAGE_ID, type LintCache } from '../lintCache';
import type { EarEditor } from './earEditor';

let running: EarEditor | undefined;

/** The ear's editor features if they have started (never starts them): the Outline adds syllables only then. */
export function startedEar(): EarEditor | undefined {
  return running;
}

export function registerEar(context: vscode.ExtensionContext, cache: LintCache): vscode.Disposable {
  let disposed = false;
  const start = (): EarEditor => {
    // A path computed at run time, so esbuild leaves this require alone (like dist/generateSong.js).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a sibling bundle (see above)
    running ??= (require(path.join(__dirname, 'earEditor.js')) as typeof import('./earEditor')).startEarEditor(context, cache, {
      selector: { language: LYRICS_LANGUAGE_ID },
      isSong: isLyricsDocument,
      isEditedSong: isEditedLyricsDocument,
    });
    return running;
  };
  // After activation returns (not during it), and only once a song is open.
  const startSoon = (document: vscode.TextDocument): void => {
    if (!running && isLyricsDocument(document)) setTimeout(() => disposed || start(), 0);
  };
  vscode.workspace.textDocuments.forEach(startSoon);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(startSoon),
    vscode.commands.registerCommand('lyrics.findRhymes', () => start().findRhymes()),
    vscode.commands.registerCommand('lyrics.setPronunciation', (word?: unknown, value?: unknown) => start().setPronunciation(word, value)),
    {
      dispose: () => {
        disposed = true;
        running?.dispose();
        running = undefined;
      },
    },
  );
}
