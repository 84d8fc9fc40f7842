/**
 * The New Song command (lyrics.newSong): an untitled song from a skeleton.
 * The skeletons are read from the extension's own snippets file, which is
 * generated from src/core/skeletons.ts (a unit test holds them equal), so the
 * templates stay out of the activation bundle and exist in one place.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LYRICS_LANGUAGE_ID, type LintCache } from './lintCache';

interface Skeleton {
  /** `pop` for the snippet whose prefix is `song-pop`. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly body: string;
}

/** Beside dist/extension.js in the installed extension (and in the repository). */
const SNIPPETS_FILE = path.join(__dirname, '..', 'snippets', 'lyrics.code-snippets');

/**
 * `lyrics.newSong` asks which skeleton; a skeleton id as the argument
 * (`pop`, `ballad`, `hip-hop`, `instrumental`) skips the question, for
 * keybindings and tests. Resolves with the new editor, or undefined when the
 * question was dismissed.
 */
export function registerNewSong(_cache: LintCache): vscode.Disposable {
  return vscode.commands.registerCommand('lyrics.newSong', async (skeletonId?: unknown): Promise<vscode.TextEditor | undefined> => {
    const skeletons = await readSkeletons();
    const skeleton =
      typeof skeletonId === 'string'
        ? skeletons.find((candidate) => candidate.id === skeletonId)
        : (
            await vscode.window.showQuickPick(
              skeletons.map((candidate) => ({ label: candidate.label, description: candidate.description, skeleton: candidate })),
              { title: 'New Song', placeHolder: 'Start from which skeleton?' },
            )
          )?.skeleton;
    if (!skeleton) {
      if (typeof skeletonId === 'string') void vscode.window.showErrorMessage(`No song skeleton is called ${JSON.stringify(skeletonId)}.`);
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument({ language: LYRICS_LANGUAGE_ID, content: '' });
    const editor = await vscode.window.showTextDocument(document);
    await editor.insertSnippet(new vscode.SnippetString(skeleton.body), new vscode.Position(0, 0));
    return editor;
  });
}

async function readSkeletons(): Promise<Skeleton[]> {
  const snippets = JSON.parse(await fs.readFile(SNIPPETS_FILE, 'utf8')) as Record<string, { prefix: string; description: string; body: string[] }>;
  return Object.entries(snippets).map(([label, { prefix, description, body }]) => ({
    id: prefix.replace(/^song-/, ''),
    label,
    description: description.replace(/^Song skeleton: /, ''),
    body: body.join('\n'),
  }));
}
