/**
 * One lint result per open `.lyrics` document version, shared by the
 * diagnostics and the status bar so a keystroke is linted once.
 */
import * as vscode from 'vscode';
import { lintLyrics, type LintResult } from '../core/lint';

export const LYRICS_LANGUAGE_ID = 'lyrics';

export function isLyricsDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LYRICS_LANGUAGE_ID;
}

export interface LintedDocument {
  readonly document: vscode.TextDocument;
  readonly version: number;
  readonly result: LintResult;
}

export class LintCache implements vscode.Disposable {
  // Keyed by the document object, not its URI: an untitled document that is
  // closed and reopened gets the same URI and version 1 again, and must not
  // be served the old document's result.
  private results = new WeakMap<vscode.TextDocument, LintedDocument>();
  private readonly linted = new vscode.EventEmitter<LintedDocument>();
  /** Fires after a document version has been linted. */
  readonly onDidLint = this.linted.event;

  /** The result for the document's current version, linting it if needed. */
  lint(document: vscode.TextDocument): LintedDocument {
    const cached = this.current(document);
    if (cached) return cached;
    const linted = { document, version: document.version, result: lintLyrics(document.getText()) };
    this.results.set(document, linted);
    this.linted.fire(linted);
    return linted;
  }

  /** The last result, if it is for the document's current version. */
  current(document: vscode.TextDocument): LintedDocument | undefined {
    const cached = this.results.get(document);
    return cached && cached.version === document.version ? cached : undefined;
  }

  forget(document: vscode.TextDocument): void {
    this.results.delete(document);
  }

  dispose(): void {
    this.results = new WeakMap();
    this.linted.dispose();
  }
}
