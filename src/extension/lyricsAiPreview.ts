/**
 * The preview of a rewrite: the proposed song as a read-only virtual
 * document (scheme `lyrics-proposal`) in a diff against the song, with
 * Accept and Discard (editor-title buttons contributed for the scheme, and
 * the commands `lyrics.acceptRewrite` / `lyrics.discardRewrite`). Accept
 * replaces the planned range (only lyrics lines, never the front matter) in
 * one WorkspaceEdit, so one undo restores the song; Discard changes nothing.
 * A proposal made for another version of the song is refused, not applied.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RewritePlan } from '../core/lyricsAi/plan';

export const PROPOSAL_SCHEME = 'lyrics-proposal';

interface Proposal {
  /** `lyrics-proposal:/<n>/<song name>.lyrics`: the name gives the diff its title and the document its language. */
  readonly uri: vscode.Uri;
  readonly song: vscode.Uri;
  /** The song's version the plan's offsets are for. */
  readonly version: number;
  readonly plan: RewritePlan;
}

/** How a proposal ended, for callers that script the commands (tests). */
export type ProposalOutcome =
  | { readonly status: 'accepted'; readonly song: string }
  | { readonly status: 'discarded'; readonly song: string }
  | { readonly status: 'stale' | 'none' | 'failed'; readonly message: string };

export class ProposalStore implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private count = 0;
  private readonly registrations: vscode.Disposable[];

  constructor() {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      // A diff closed by hand is a proposal discarded: its Accept button (in a notification, say) then finds nothing.
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) {
          const uri = proposalOf(tab);
          if (uri) this.proposals.delete(uri.toString());
        }
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.toString())?.plan.proposedText ?? '';
  }

  /** Keeps the proposal and opens the diff: the song on the left, the proposal on the right. */
  async open(song: vscode.TextDocument, plan: RewritePlan): Promise<vscode.Uri> {
    const base = path.posix.basename(song.uri.path) || 'song';
    const name = base.endsWith('.lyrics') ? base : `${base}.lyrics`;
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${++this.count}/${name}` });
    this.proposals.set(uri.toString(), { uri, song: song.uri, version: song.version, plan });
    await vscode.commands.executeCommand('vscode.diff', song.uri, uri, `${name} ↔ Proposed Rewrite`, { preview: false });
    return uri;
  }

  async accept(target: vscode.Uri | undefined): Promise<ProposalOutcome> {
    const proposal = this.find(target);
    if (!proposal) return nothingToDo('accept');
    const song = await vscode.workspace.openTextDocument(proposal.song);
    if (song.version !== proposal.version) {
      await this.close(proposal);
      const message = `${path.posix.basename(proposal.song.path)} changed after the rewrite was proposed, so nothing was replaced. Run Rewrite with AI again.`;
      void vscode.window.showWarningMessage(message);
      return { status: 'stale', message };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(proposal.song, new vscode.Range(song.positionAt(proposal.plan.start), song.positionAt(proposal.plan.end)), proposal.plan.newText);
    if (!(await vscode.workspace.applyEdit(edit))) {
      const message = `The rewrite could not be applied to ${path.posix.basename(proposal.song.path)}; nothing was replaced.`;
      void vscode.window.showErrorMessage(message);
      return { status: 'failed', message };
    }
    await this.close(proposal);
    await vscode.window.showTextDocument(song);
    return { status: 'accepted', song: proposal.song.toString() };
  }

  async discard(target: vscode.Uri | undefined): Promise<ProposalOutcome> {
    const proposal = this.find(target);
    if (!proposal) return nothingToDo('discard');
    await this.close(proposal);
    return { status: 'discarded', song: proposal.song.toString() };
  }

  /** The proposal named (or the newest for the song named), else the one in the active diff, else the newest. */
  private find(target: vscode.Uri | undefined): Proposal | undefined {
    if (target?.scheme === PROPOSAL_SCHEME) return this.proposals.get(target.toString());
    if (target) return [...this.proposals.values()].filter((proposal) => proposal.song.toString() === target.toString()).pop();
    const active = vscode.window.tabGroups.activeTabGroup.activeTab;
    const shown = active ? proposalOf(active) : undefined;
    if (shown) return this.proposals.get(shown.toString());
    return [...this.proposals.values()].pop();
  }

  private async close(proposal: Proposal): Promise<void> {
    this.proposals.delete(proposal.uri.toString());
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => proposalOf(tab)?.toString() === proposal.uri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }

  dispose(): void {
    for (const registration of this.registrations) registration.dispose();
    this.proposals.clear();
  }
}

/** The proposal a tab shows: the right side of our diff. */
function proposalOf(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  return input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME ? input.modified : undefined;
}

function nothingToDo(what: 'accept' | 'discard'): ProposalOutcome {
  const message = `There is no proposed rewrite to ${what}: it was closed, accepted or discarded already.`;
  void vscode.window.showInformationMessage(message);
  return { status: 'none', message };
}
