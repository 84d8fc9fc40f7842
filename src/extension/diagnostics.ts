/**
 * Live diagnostics: lint on open and on every change, clear on close.
 * Changes are coalesced for a moment so a fast typist does not lint every
 * keystroke of a large file; a scheduled lint reads the document as it is
 * when it runs, and a result is only published for the version it was
 * computed from, so nothing stale is ever shown. Changing
 * `lyrics.defaultProvider` lints every open song again.
 */
import * as vscode from 'vscode';
import type { LyricsDiagnostic, Severity } from '../core/lint';
import { isLyricsDocument, type LintCache } from './lintCache';

const CHANGE_DELAY_MS = 75;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function registerDiagnostics(cache: LintCache): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('lyrics');
  const pending = new Map<string, NodeJS.Timeout>();

  const publish = (document: vscode.TextDocument): void => {
    if (document.isClosed || !isLyricsDocument(document)) return;
    const { version, result } = cache.lint(document);
    if (version !== document.version) return; // the document moved on; its own lint is scheduled
    collection.set(document.uri, result.diagnostics.map(toVscodeDiagnostic));
  };

  const schedule = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        publish(document);
      }, CHANGE_DELAY_MS),
    );
  };

  const clear = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.delete(key);
    collection.delete(document.uri);
    cache.forget(document);
  };

  vscode.workspace.textDocuments.forEach(publish);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(publish),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (isLyricsDocument(event.document) && event.contentChanges.length > 0) schedule(event.document);
    }),
    // "Change Language Mode" closes and reopens the document, so this also
    // clears a file that stops being .lyrics.
    vscode.workspace.onDidCloseTextDocument(clear),
    // Some rules depend on the default provider (a `model` it doesn't offer):
    // the cache sees the new setting and lints again, nothing is served stale.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lyrics.defaultProvider')) vscode.workspace.textDocuments.forEach(publish);
    }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
}

function toVscodeDiagnostic(diagnostic: LyricsDiagnostic): vscode.Diagnostic {
  const { start, end } = diagnostic.range;
  const result = new vscode.Diagnostic(
    new vscode.Range(start.line, start.character, end.line, end.character),
    diagnostic.message,
    SEVERITY[diagnostic.severity],
  );
  result.code = diagnostic.code;
  result.source = 'lyrics';
  return result;
}
