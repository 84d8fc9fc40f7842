/** The New Song command (lyrics.newSong): an untitled song from a skeleton. */
import * as vscode from 'vscode';
import type { LintCache } from './lintCache';

export function registerNewSong(_cache: LintCache): vscode.Disposable {
  return vscode.Disposable.from();
}
