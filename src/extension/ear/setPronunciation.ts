/**
 * `lyrics.setPronunciation`: writes a word's pronunciation (ARPAbet with
 * stress digits) or syllable count into `lyrics.pronunciations`, which
 * overrides the dictionary and every rule. Run from a word's hover (the
 * word is passed), from the palette (the word at the cursor), or with both
 * the word and the value as arguments (no questions asked). It writes to the
 * settings of the song's workspace folder (else the workspace, else the
 * user's): pronunciations are data a project may share. An empty value
 * removes the entry.
 */
import * as vscode from 'vscode';
import type { EarService } from './earService';
import { wordAt } from './presentation';

export async function setPronunciation(service: EarService, wordArgument: unknown, valueArgument: unknown): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const scope = editor?.document.uri;
  let word = typeof wordArgument === 'string' && wordArgument.trim() !== '' ? wordArgument.trim() : undefined;
  if (!word && editor && service.songs.isSong(editor.document) && scope) {
    const { active } = editor.selection;
    word = wordAt(service.ear(scope).lineSyllables(editor.document.lineAt(active.line).text).words, active.character, true)?.word;
  }
  word ??= (await vscode.window.showInputBox({ title: 'Set Pronunciation', prompt: 'The word to pronounce' }))?.trim();
  if (!word) return;
  const key = word.toLowerCase().replace(/[’‘]/g, "'");
  const problemOf = (input: string): string | undefined =>
    input.trim() === '' ? undefined : service.module.parseUserPronunciations({ [key]: input.trim() }).problems[0];

  let value = typeof valueArgument === 'string' || typeof valueArgument === 'number' ? String(valueArgument) : undefined;
  if (value === undefined) {
    const current = scope ? service.ear(scope).pronounce(word) : undefined;
    value = await vscode.window.showInputBox({
      title: `Pronunciation of “${word}”`,
      prompt: 'ARPAbet phones with stress digits (T R AY1 N AH0), or a syllable count (2). Empty removes yours.',
      value: current?.phones[0]?.join(' ') ?? (current ? String(current.syllables.common) : ''),
      validateInput: problemOf,
    });
    if (value === undefined) return;
  }
  const problem = problemOf(value);
  if (problem) throw new Error(`lyrics.pronunciations: ${problem}`);

  const config = vscode.workspace.getConfiguration('lyrics', scope);
  const inspected = config.inspect<Record<string, unknown>>('pronunciations');
  const folder = scope && vscode.workspace.getWorkspaceFolder(scope);
  const [target, existing] = folder
    ? [vscode.ConfigurationTarget.WorkspaceFolder, inspected?.workspaceFolderValue]
    : vscode.workspace.workspaceFolders?.length
      ? [vscode.ConfigurationTarget.Workspace, inspected?.workspaceValue]
      : [vscode.ConfigurationTarget.Global, inspected?.globalValue];
  const trimmed = value.trim();
  const others = Object.entries(existing ?? {}).filter(([written]) => written !== key);
  const entry = trimmed === '' ? [] : [[key, /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed.toUpperCase().replace(/\s+/g, ' ')] as const];
  await config.update('pronunciations', Object.fromEntries([...others, ...entry]), target);
}
