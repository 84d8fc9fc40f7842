/**
 * The question asked before takes are written to (or a player shows) an
 * output folder outside the song's workspace folder. A trusted repository can
 * set `lyrics.outputFolder` to an absolute path, a `..` path or a symlinked
 * `takes/`; the user is asked once per real folder, and a "yes" is remembered
 * in the workspace's state. A "no" is not remembered: the next generation asks
 * again, as the user may have changed the setting meanwhile.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInsideFolder, resolveRealFolder } from '../core/takes/outputFolder';

const APPROVED_KEY = 'lyrics.approvedOutsideOutputFolders';

export type OutsideAnswer = (question: { readonly folder: string; readonly workspaceFolder: string }) => Promise<boolean>;

export interface OutputFolderCheck {
  /** The output folder's real path (what is written to and shown). */
  readonly folder: string;
  /** False when it is outside the workspace folder and the user said no (or, without asking, was never asked). */
  readonly allowed: boolean;
}

export class OutsideFolders {
  /** Test mode answers the question here instead of in a modal dialog nobody can click. */
  answerForTest: OutsideAnswer | undefined;

  constructor(private readonly state: vscode.Memento) {}

  private approved(): string[] {
    return this.state.get<string[]>(APPROVED_KEY) ?? [];
  }

  /**
   * Resolves `folder` and checks it against the workspace folder holding
   * `file` (its own folder when it is in none). `ask: false` (a restored
   * panel: no user action to answer) only accepts a folder already approved.
   */
  async check(file: vscode.Uri, folder: string, ask: boolean): Promise<OutputFolderCheck> {
    const real = await resolveRealFolder(folder);
    const base = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath ?? path.dirname(file.fsPath);
    const realBase = await resolveRealFolder(base);
    if (isInsideFolder(real, realBase) || this.approved().includes(real)) return { folder: real, allowed: true };
    if (!ask) return { folder: real, allowed: false };
    const yes = await (this.answerForTest ?? defaultAnswer)({ folder: real, workspaceFolder: realBase });
    if (yes) await this.state.update(APPROVED_KEY, [...this.approved(), real]);
    return { folder: real, allowed: yes };
  }
}

async function defaultAnswer({ folder, workspaceFolder }: { folder: string; workspaceFolder: string }): Promise<boolean> {
  const button = 'Use This Folder';
  const choice = await vscode.window.showWarningMessage(
    `lyrics.outputFolder points outside the workspace folder ${path.basename(workspaceFolder)}: ${folder}. Save takes there and let the Lyrics Player read it?`,
    { modal: true, detail: 'Your answer is remembered for this folder in this workspace.' },
    button,
  );
  return choice === button;
}
