/**
 * Live diagnostics: lint on open and on every change, clear on close.
 * Changes are coalesced for a moment so a fast typist does not lint every
 * keystroke of a large file; a scheduled lint reads the document as it is
 * when it runs, and a result is only published for the version it was
 * computed from, so nothing stale is ever shown. Changing
 * `lyrics.defaultProvider` lints every open song again.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { DiagnosticCode, LyricsDiagnostic, Severity } from '../core/lint';
import { isEditedLyricsDocument, type LintCache } from './lintCache';

const CHANGE_DELAY_MS = 75;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * `extensionUri` locates the packaged docs/rules.md, which every diagnostic's
 * code links to. Only songs a user edits are linted (isEditedLyricsDocument):
 * a `git:` or diff-editor copy of one would show each problem twice.
 */
export function registerDiagnostics(cache: LintCache, extensionUri: vscode.Uri): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('lyrics');
  const pending = new Map<string, NodeJS.Timeout>();
  const ruleLink = ruleLinks(extensionUri);

  const publish = (document: vscode.TextDocument): void => {
    if (document.isClosed || !isEditedLyricsDocument(document)) return;
    const { version, result } = cache.lint(document);
    if (version !== document.version) return; // the document moved on; its own lint is scheduled
    collection.set(
      document.uri,
      result.diagnostics.map((diagnostic) => toVscodeDiagnostic(diagnostic, ruleLink(diagnostic.code))),
    );
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
      if (isEditedLyricsDocument(event.document) && event.contentChanges.length > 0) schedule(event.document);
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

function toVscodeDiagnostic(diagnostic: LyricsDiagnostic, rule: vscode.Uri): vscode.Diagnostic {
  const { start, end } = diagnostic.range;
  const result = new vscode.Diagnostic(
    new vscode.Range(start.line, start.character, end.line, end.character),
    diagnostic.message,
    SEVERITY[diagnostic.severity],
  );
  result.code = { value: diagnostic.code, target: rule };
  result.source = 'lyrics';
  return result;
}

/**
 * The link of each code: docs/rules.md at the code's `## <code>` heading.
 * `#L<line>` is how VS Code's opener selects a line of a file it opens (its
 * extractSelection); the headings' lines are read from the packaged file once,
 * on first use. Without the file (or off the local file system) the link
 * opens the page at its top.
 */
function ruleLinks(extensionUri: vscode.Uri): (code: DiagnosticCode) => vscode.Uri {
  const rulesUri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
  let links: Map<string, vscode.Uri> | undefined;
  return (code) => {
    links ??= new Map([...ruleHeadingLines(rulesUri)].map(([name, line]) => [name, rulesUri.with({ fragment: `L${line}` })]));
    return links.get(code) ?? rulesUri;
  };
}

/** 1-based line of each `## <code>` heading. */
function ruleHeadingLines(rulesUri: vscode.Uri): Map<string, number> {
  const lines = new Map<string, number>();
  if (rulesUri.scheme !== 'file') return lines;
  let text: string;
  try {
    text = fs.readFileSync(rulesUri.fsPath, 'utf8');
  } catch {
    return lines; // not packaged: the links still name the page
  }
  text.split(/\r?\n/).forEach((line, index) => {
    const heading = /^## ([a-z0-9-]+)\s*$/.exec(line);
    if (heading?.[1] && !lines.has(heading[1])) lines.set(heading[1], index + 1);
  });
  return lines;
}
