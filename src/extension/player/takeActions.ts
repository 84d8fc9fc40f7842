/**
 * What the buttons beside a take do: reveal it in the explorer, open its
 * sidecar, copy its settings into the song's front matter, delete it (to the
 * trash). Each returns the notice to show in the panel, if any.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TakeEntry } from '../../core/takes/listTakes';
import { takeSettingsEdits, takeSettingsOf } from '../../core/takes/useTakeSettings';
import type { NoticeLevel, TakeAction } from '../../shared/playerProtocol';
import type { PanelTarget } from './types';

export interface TakeActionContext {
  confirmDelete(message: string): Promise<boolean>;
  log(): vscode.LogOutputChannel;
}

export type ActionOutcome = { readonly level: NoticeLevel; readonly text: string } | undefined;

export async function runTakeAction(action: TakeAction, entry: TakeEntry, target: PanelTarget, context: TakeActionContext): Promise<ActionOutcome> {
  try {
    switch (action) {
      case 'reveal':
        return await reveal(entry);
      case 'openSidecar':
        return await openSidecar(entry, target);
      case 'useSettings':
        return await useSettings(entry, target);
      case 'delete':
        return await deleteTake(entry, context);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log().error(`player: ${action} ${entry.id} failed: ${message}`);
    return { level: 'error', text: `Could not ${ACTION_VERBS[action]} ${entry.id}: ${message}` };
  }
}

const ACTION_VERBS: Readonly<Record<TakeAction, string>> = {
  reveal: 'reveal',
  openSidecar: 'open the sidecar of',
  useSettings: 'use the settings of',
  delete: 'delete',
};

async function reveal(entry: TakeEntry): Promise<ActionOutcome> {
  const file = entry.audioPath && entry.audioExists ? entry.audioPath : entry.sidecarPath;
  if (!file) return { level: 'warning', text: `${entry.id} has no file to reveal.` };
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(file));
  return undefined;
}

async function openSidecar(entry: TakeEntry, target: PanelTarget): Promise<ActionOutcome> {
  if (!entry.sidecarPath) return { level: 'warning', text: `${entry.id} has no sidecar.` };
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(entry.sidecarPath));
  await vscode.window.showTextDocument(document, { viewColumn: editorColumnFor(target), preview: true });
  return undefined;
}

/** The song a take's settings go into: the panel's song, or (for an audio file) the song its sidecar names. */
export function songForTake(entry: TakeEntry, target: PanelTarget): vscode.Uri | undefined {
  if (target.kind === 'song') return target.uri;
  const song = entry.sidecar?.song;
  if (!song || !entry.sidecarPath || !/\.lyrics$/i.test(song)) return undefined;
  return vscode.Uri.file(path.resolve(path.dirname(entry.sidecarPath), song));
}

async function useSettings(entry: TakeEntry, target: PanelTarget): Promise<ActionOutcome> {
  const sidecar = entry.sidecar;
  const songUri = songForTake(entry, target);
  if (!sidecar || !songUri) return { level: 'warning', text: `${entry.id} has no settings to use (no usable sidecar, or no song).` };
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(songUri);
  } catch {
    return { level: 'error', text: `The song ${path.basename(songUri.fsPath)} could not be opened.` };
  }
  const result = takeSettingsEdits(document.getText(), takeSettingsOf(sidecar));
  const songName = path.basename(songUri.fsPath);
  if (!result.ok) return { level: 'error', text: `Could not update ${songName}: ${result.reason}` };
  if (result.edits.length === 0) return { level: 'info', text: `${songName} already has the settings of ${entry.id}.` };

  // One WorkspaceEdit: a single undo step, and the rest of the document (comments included) untouched.
  const edit = new vscode.WorkspaceEdit();
  for (const change of result.edits) {
    edit.replace(songUri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return { level: 'error', text: `VS Code refused the edit to ${songName}.` };
  await vscode.window.showTextDocument(document, { viewColumn: editorColumnFor(target), preserveFocus: true, preview: false });
  return { level: 'info', text: `Copied ${result.changedKeys.join(', ')} from ${entry.id} into ${songName} (not saved yet).` };
}

async function deleteTake(entry: TakeEntry, context: TakeActionContext): Promise<ActionOutcome> {
  const files = [entry.audioPath && entry.audioExists ? entry.audioPath : undefined, entry.sidecarPath ?? undefined].filter(
    (file): file is string => file !== undefined,
  );
  if (files.length === 0) return { level: 'warning', text: `${entry.id} has no files to delete.` };
  const names = files.map((file) => path.basename(file)).join(' and ');
  if (!(await context.confirmDelete(`Delete ${names}? They go to the trash.`))) return undefined;
  let useTrash = true;
  for (const file of files) {
    try {
      await vscode.workspace.fs.delete(vscode.Uri.file(file), { useTrash });
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') continue; // already gone
      // Some file systems have no trash (a remote VS Code server's, for one): ask again before deleting for good.
      if (!(useTrash && /trash/i.test(error instanceof Error ? error.message : ''))) throw error;
      if (!(await context.confirmDelete(`This file system has no trash. Delete ${names} permanently?`))) {
        return { level: 'info', text: `Kept ${names}: the file system has no trash.` };
      }
      useTrash = false;
      await vscode.workspace.fs.delete(vscode.Uri.file(file), { useTrash });
    }
  }
  const where = useTrash ? 'to the trash' : 'permanently (no trash on this file system)';
  context.log().info(`player: deleted ${names} ${where}`);
  return { level: 'info', text: `Deleted ${names} ${where}.` };
}

/** The editor column to open files in: the song's, if it is showing; else the first. */
export function editorColumnFor(target: PanelTarget): vscode.ViewColumn {
  const songEditor = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === target.uri.toString());
  return songEditor?.viewColumn ?? vscode.ViewColumn.One;
}
