/**
 * What the buttons beside a recovery record ("Not downloaded yet") do: get
 * the paid song (Retry download / Resume waiting, through the
 * `lyrics.recoverTake` command, which owns progress, credentials and saving),
 * discard the record after a plain warning, or open its JSON. Each returns the
 * notice to show in the panel, if any.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { readRecord, removeRecord, type RecordEntry } from '../../core/takes/recoveryRecord';
import type { ActionOutcome } from './takeActions';

/** The command that recovers a take from its record (registered with Generate Song, in the activation bundle). */
export const RECOVER_COMMAND = 'lyrics.recoverTake';

/** The player's notices are bounded (playerProtocol's shortText); a longer one would be refused by the webview. */
const MAX_NOTICE_CHARS = 1900;

/**
 * What `lyrics.recoverTake` resolves to. Checked rather than cast: it is
 * another bundle's answer, and an unexpected one must not be reported as a
 * success. Loose objects, so a field added there does not break this side.
 */
const recoverOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), audioPath: z.string(), sidecarPath: z.string() }),
  z.object({ status: z.literal('failed'), kind: z.string(), message: z.string() }),
  // `canceled` and `blocked` are the generate command's other outcomes; recovery may share its type.
  z.object({ status: z.enum(['not-started', 'canceled', 'blocked']), message: z.string() }),
]);

export interface RecordActionContext {
  /** Asks a yes/no question in a modal dialog whose yes button says `button` (tests answer it instead). */
  confirm(message: string, button: string): Promise<boolean>;
  log(): vscode.LogOutputChannel;
  /** Where to open the record's JSON. */
  readonly editorColumn: vscode.ViewColumn;
}

/** The record's name for people, quoted: the song's title, else its file name, else the record's; with its date (a song may have several). */
export function recordLabel(entry: RecordEntry): string {
  const record = entry.record;
  const name = record?.title?.trim() || (record?.song ? path.basename(record.song).replace(/\.lyrics$/i, '') : '') || entry.id;
  return entry.createdAt ? `“${name}” from ${entry.createdAt.toLocaleString()}` : `“${name}”`;
}

/** Retry download / Resume waiting. Never throws: every outcome is a notice. */
export async function recoverRecord(entry: RecordEntry, context: RecordActionContext): Promise<ActionOutcome> {
  let result: unknown;
  try {
    result = await vscode.commands.executeCommand(RECOVER_COMMAND, vscode.Uri.file(entry.recordPath));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log().error(`player: ${RECOVER_COMMAND} ${entry.id} failed: ${message}`);
    return notice('error', `Could not recover ${recordLabel(entry)}: ${message}`);
  }
  const parsed = recoverOutcomeSchema.safeParse(result);
  if (!parsed.success) {
    context.log().warn(`player: ${RECOVER_COMMAND} ${entry.id} answered something unexpected (${typeof result})`);
    return notice('warning', `The recovery of ${recordLabel(entry)} ended without saying how; the list shows what is on disk.`);
  }
  const outcome = parsed.data;
  switch (outcome.status) {
    case 'saved':
      return notice('info', `Saved ${path.basename(outcome.audioPath)}.`);
    case 'failed':
      return notice('error', outcome.message);
    case 'not-started':
    case 'blocked':
      return notice('warning', outcome.message);
    case 'canceled':
      return notice('info', outcome.message);
  }
}

/** The modal warning before a record is removed: the paid song can't be fetched again without it. */
export function discardQuestion(entry: RecordEntry): string {
  if (!entry.record) {
    return `Discard ${entry.id}? It can’t be read as a recovery record. If it was one, the song it kept can’t be downloaded again without it.`;
  }
  return `Discard the recovery record of ${recordLabel(entry)}? The song was generated and paid for; without this record it can’t be downloaded again.`;
}

export async function discardRecord(entry: RecordEntry, context: RecordActionContext): Promise<ActionOutcome> {
  try {
    // Inside the try: a dialog that can't be shown (VS Code refuses them under its test drivers) keeps the record.
    if (!(await context.confirm(discardQuestion(entry), 'Discard'))) return undefined;
    // Read again: the record may have been rewritten (a new attempt) or recovered since it was listed.
    const fresh = await readRecord(entry.recordPath);
    if (!fresh.ok && fresh.reason === 'it does not exist') return notice('info', `${entry.id} is already gone.`);
    const record = fresh.ok ? fresh.record : null;
    await removeRecord(entry.recordPath, record);
    // The log keeps what support would ask for, now that the record is gone (never the signed audio URLs).
    const ids = record ? ` (${record.provider}, request ${record.requestId ?? 'unknown'}${record.jobId ? `, job ${record.jobId}` : ''})` : '';
    context.log().info(`player: discarded the recovery record ${entry.id}${ids}`);
    return notice('info', `Discarded the recovery record ${entry.id}.`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log().error(`player: discarding ${entry.id} failed: ${message}`);
    return notice('error', `Could not discard ${entry.id}, so it is kept: ${message}`);
  }
}

export async function openRecord(entry: RecordEntry, context: RecordActionContext): Promise<ActionOutcome> {
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(entry.recordPath));
    await vscode.window.showTextDocument(document, { viewColumn: context.editorColumn, preview: true });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return notice('error', `Could not open ${entry.id}: ${message}`);
  }
}

function notice(level: NonNullable<ActionOutcome>['level'], text: string): ActionOutcome {
  return { level, text: text.length > MAX_NOTICE_CHARS ? `${text.slice(0, MAX_NOTICE_CHARS)}…` : text };
}
