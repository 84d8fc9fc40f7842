/**
 * The counts of the active `.lyrics` editor against the model's limits,
 * e.g. `Lyrics 1,204/3,500 · Prompt 88/2,000`, in the error colour past a
 * limit. Clicking opens the Problems view.
 */
import * as vscode from 'vscode';
import { LYRICS_LIMIT, PROMPT_LIMIT } from '../core/schema';
import { Disposable } from './dispose';
import { isEditedLyricsDocument, type LintCache } from './lintCache';

/** What the item shows, exposed to the integration tests through the extension's API. */
export interface StatusBarState {
  readonly visible: boolean;
  readonly text: string;
  readonly overLimit: boolean;
  readonly command: string | undefined;
}

const format = (n: number): string => n.toLocaleString('en-US');

export class LyricsStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('lyrics.counts', vscode.StatusBarAlignment.Right, 100));
  private state: StatusBarState = { visible: false, text: '', overLimit: false, command: undefined };
  private readonly changed = this._register(new vscode.EventEmitter<StatusBarState>());
  /** Fires whenever the item is updated (for tests, which wait on events, not time). */
  readonly onDidUpdate = this.changed.event;

  constructor(private readonly cache: LintCache) {
    super();
    this.item.name = 'Lyrics Counts';
    this.item.command = 'workbench.actions.view.problems';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(
      cache.onDidLint(({ document }) => {
        if (document === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument(() => this.update()));
    this.update();
  }

  get snapshot(): StatusBarState {
    return this.state;
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isEditedLyricsDocument(document)) {
      this.item.hide();
      this.setState({ ...this.state, visible: false });
      return;
    }
    // The diagnostics adapter lints each version; until it has, lint here (cached either way).
    const { result } = this.cache.current(document) ?? this.cache.lint(document);
    const lyricsOver = result.lyricsLength > LYRICS_LIMIT;
    const promptOver = result.promptLength > PROMPT_LIMIT;
    const overLimit = lyricsOver || promptOver;
    const text = `Lyrics ${format(result.lyricsLength)}/${format(LYRICS_LIMIT)} · Prompt ${format(result.promptLength)}/${format(PROMPT_LIMIT)}`;

    this.item.text = overLimit ? `$(error) ${text}` : text;
    this.item.backgroundColor = overLimit ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.color = overLimit ? new vscode.ThemeColor('statusBarItem.errorForeground') : undefined;
    const tooltip = new vscode.MarkdownString(
      [
        `**Lyrics** ${format(result.lyricsLength)} of ${format(LYRICS_LIMIT)} characters${lyricsOver ? ' — over the limit' : ''}`,
        `**Prompt** ${format(result.promptLength)} of ${format(PROMPT_LIMIT)} characters${promptOver ? ' — over the limit' : ''}`,
        '',
        'Counted as sent: without front matter, comments and trailing white space. Click to show problems.',
      ].join('\n\n'),
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: `Lyrics ${result.lyricsLength} of ${LYRICS_LIMIT} characters, prompt ${result.promptLength} of ${PROMPT_LIMIT} characters${overLimit ? ', over the limit' : ''}`,
    };
    this.item.show();
    this.setState({ visible: true, text: this.item.text, overLimit, command: 'workbench.actions.view.problems' });
  }

  private setState(state: StatusBarState): void {
    this.state = state;
    this.changed.fire(state);
  }
}
