/**
 * Syllables and the rhyme letter at the end of each sung line (`8 · A`,
 * `7–8 · B`, `8 (+2)`), for the requested (visible) range only, with a
 * tooltip cutting the line into syllables, built when the hint is hovered.
 * Before the dictionary has loaded the counts come from spelling; the first
 * request starts the load, and the hints are asked for again when it lands.
 */
import * as vscode from 'vscode';
import type { SungLine } from '../../core/ear';
import type { EarService } from './earService';
import { hintsInRange, hintTooltip, type HintParts } from './presentation';

class LineHint extends vscode.InlayHint {
  constructor(
    position: vscode.Position,
    label: string,
    readonly sung: SungLine,
    readonly dictionaryLoaded: boolean,
  ) {
    super(position, label);
    this.paddingLeft = true;
  }
}

function hintParts(scope: vscode.Uri): HintParts {
  const config = vscode.workspace.getConfiguration('lyrics.hints', scope);
  return { syllables: config.get<boolean>('syllables', true), rhymeLetters: config.get<boolean>('rhymeLetters', true) };
}

export function registerInlayHints(service: EarService): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.InlayHintsProvider<LineHint> = {
    onDidChangeInlayHints: changed.event,
    provideInlayHints(document, range) {
      const parts = hintParts(document.uri);
      if (!parts.syllables && !parts.rhymeLetters) return [];
      void service.loadDictionary();
      const dictionaryLoaded = service.dictionary !== undefined;
      const hints = hintsInRange(service.sections(document), range.start.line, range.end.line, parts).map(
        ({ line, label }) => new LineHint(new vscode.Position(line.line, document.lineAt(line.line).text.trimEnd().length), label, line, dictionaryLoaded),
      );
      return hints.filter((hint) => range.contains(hint.position));
    },
    resolveInlayHint(hint) {
      hint.tooltip = new vscode.MarkdownString(hintTooltip(hint.sung, hint.dictionaryLoaded));
      return hint;
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerInlayHintsProvider(service.songs.selector, provider),
    service.onDidChange(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lyrics.hints')) changed.fire();
    }),
  );
}
