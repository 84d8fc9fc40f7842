/**
 * The meter check: a hint-severity `meter-mismatch` on a sung line whose
 * syllables are more than `lyrics.syllableTolerance` from line n of the first
 * earlier section of the same name (core/ear's meterMismatches). Its own
 * collection, for the songs a user edits (isEditedLyricsDocument), published
 * a moment after typing stops, and only with the dictionary loaded: counts
 * from spelling alone would flag lines that are fine and then take it back.
 * `lyrics.meterCheck: false` clears it.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EarService } from './earService';
import { METER_MISMATCH, meterProblems } from './presentation';

const TYPING_PAUSE_MS = 300;
export const DEFAULT_SYLLABLE_TOLERANCE = 2;

/** The setting as a whole number of syllables, 0 or more (a workspace may write anything). */
function toleranceOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : DEFAULT_SYLLABLE_TOLERANCE;
}

export function registerMeterCheck(service: EarService, extensionUri: vscode.Uri): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('lyrics-meter');
  const pending = new Map<vscode.TextDocument, NodeJS.Timeout>();
  const target = ruleLink(extensionUri);

  const publish = (document: vscode.TextDocument): void => {
    if (document.isClosed || !service.songs.isEditedSong(document)) return;
    const config = vscode.workspace.getConfiguration('lyrics', document.uri);
    if (!config.get<boolean>('meterCheck', true)) {
      collection.delete(document.uri);
      return;
    }
    if (!service.dictionary) {
      void service.loadDictionary(); // onDidChange publishes again when it lands
      return;
    }
    const tolerance = toleranceOf(config.get('syllableTolerance'));
    const sections = service.sections(document);
    const problems = meterProblems(sections, service.module.meterMismatches(sections, tolerance), tolerance);
    collection.set(
      document.uri,
      problems.map(({ line, message }) => {
        const text = document.lineAt(line).text;
        const start = text.length - text.trimStart().length;
        const diagnostic = new vscode.Diagnostic(new vscode.Range(line, start, line, text.trimEnd().length), message, vscode.DiagnosticSeverity.Hint);
        diagnostic.code = { value: METER_MISMATCH, target };
        diagnostic.source = 'lyrics';
        return diagnostic;
      }),
    );
  };
  const publishAll = (): void => vscode.workspace.textDocuments.forEach(publish);
  const schedule = (document: vscode.TextDocument): void => {
    clearTimeout(pending.get(document));
    pending.set(
      document,
      setTimeout(() => {
        pending.delete(document);
        publish(document);
      }, TYPING_PAUSE_MS),
    );
  };

  publishAll();
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(publish),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (service.songs.isEditedSong(event.document) && event.contentChanges.length > 0) schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(pending.get(document));
      pending.delete(document);
      collection.delete(document.uri);
    }),
    service.onDidChange(publishAll),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lyrics.meterCheck') || event.affectsConfiguration('lyrics.syllableTolerance')) publishAll();
    }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
}

/**
 * docs/rules.md at its `## meter-mismatch` heading (`#L<line>`, as the lint's
 * diagnostics link: see src/extension/diagnostics.ts); the page's top when
 * the heading can't be read.
 */
function ruleLink(extensionUri: vscode.Uri): vscode.Uri {
  const rules = vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
  try {
    const line = fs.readFileSync(rules.fsPath, 'utf8').split(/\r?\n/).indexOf(`## ${METER_MISMATCH}`);
    return line < 0 ? rules : rules.with({ fragment: `L${line + 1}` });
  } catch {
    return rules;
  }
}
