/**
 * One analysis per open `.lyrics` document version (core/analysis.ts), shared
 * by every feature (diagnostics, status bar, outline, completion, hover, code
 * actions, formatting) so a keystroke is parsed and linted once.
 */
import * as vscode from 'vscode';
import { analyzeSong, type SongAnalysis } from '../core/analysis';
import type { LintResult } from '../core/lint';
import type { ProviderId } from '../core/schema';
import { readSettings } from './settings';

export const LYRICS_LANGUAGE_ID = 'lyrics';

export function isLyricsDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LYRICS_LANGUAGE_ID;
}

/**
 * Where a user edits a song: files, untitled editors, remote and virtual
 * workspaces (`vscode-vfs`: GitHub/Remote Repositories), Live Share (`vsls`),
 * and from markdownlint's allow-list `vscode-test-web` and GistPad's `gist`.
 * Not `git:` or a diff editor's other side: those are copies, and linting
 * them showed every problem twice in Problems.
 */
const EDITED_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vsls', 'vscode-test-web', 'gist']);

/** A `.lyrics` document a user edits (not a copy of one): the ones diagnostics and fixes are for. */
export function isEditedLyricsDocument(document: vscode.TextDocument): boolean {
  return isLyricsDocument(document) && EDITED_SCHEMES.has(document.uri.scheme);
}

export interface LintedDocument {
  readonly document: vscode.TextDocument;
  readonly version: number;
  /** The `lyrics.defaultProvider` the result was computed for: some rules depend on it. */
  readonly defaultProvider: ProviderId;
  /** The lint of this version (the same object as `analysis.lint`). */
  readonly result: LintResult;
  readonly analysis: SongAnalysis;
}

export class LintCache implements vscode.Disposable {
  // Keyed by the document object, not its URI: an untitled document that is
  // closed and reopened gets the same URI and version 1 again, and must not
  // be served the old document's result.
  private results = new WeakMap<vscode.TextDocument, LintedDocument>();
  private readonly linted = new vscode.EventEmitter<LintedDocument>();
  /** Fires after a document version has been linted. */
  readonly onDidLint = this.linted.event;

  /** Read per lint, not once: the setting can change (and differ per folder) while documents stay open. */
  constructor(private readonly defaultProviderOf: (document: vscode.TextDocument) => ProviderId = (document) => readSettings(document.uri).defaultProvider) {}

  /** The result for the document's current version and default provider, linting it if needed. */
  lint(document: vscode.TextDocument): LintedDocument {
    const defaultProvider = this.defaultProviderOf(document);
    const cached = this.currentFor(document, defaultProvider);
    if (cached) return cached;
    const analysis = analyzeSong(document.getText(), { defaultProvider });
    const linted = { document, version: document.version, defaultProvider, result: analysis.lint, analysis };
    this.results.set(document, linted);
    this.linted.fire(linted);
    return linted;
  }

  /**
   * The last result, if it is for the document's current version and the
   * current default provider (a result computed for another one may hold
   * errors that no longer apply, or miss new ones).
   */
  current(document: vscode.TextDocument): LintedDocument | undefined {
    return this.currentFor(document, this.defaultProviderOf(document));
  }

  private currentFor(document: vscode.TextDocument, defaultProvider: ProviderId): LintedDocument | undefined {
    const cached = this.results.get(document);
    return cached && cached.version === document.version && cached.defaultProvider === defaultProvider ? cached : undefined;
  }

  forget(document: vscode.TextDocument): void {
    this.results.delete(document);
  }

  dispose(): void {
    this.results = new WeakMap();
    this.linted.dispose();
  }
}
