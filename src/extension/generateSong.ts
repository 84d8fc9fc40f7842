/**
 * `Lyrics: Generate Song`. Bundled apart from the activation bundle
 * (dist/generateSong.js) and loaded the first time a song is generated, so
 * undici and the provider clients cost nothing until then.
 *
 * Every run ends in exactly one notification: the saved take, or one error
 * that names the provider, what went wrong and what to do.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GenerationError, PROVIDER_NAMES } from '../core/errors';
import { describeProgress, downloadFraction } from '../core/generate/progressText';
import { failureFacts, generateTake, type GenerateOutcome } from '../core/generate/orchestrate';
import { CLIENTS, type GenerationProgress, type SavedTake } from '../core/generate/pipeline';
import { recoverTake as recoverFromRecord, RecordUnusableError } from '../core/generate/recover';
import { checkBaseUrl } from '../core/net/baseUrl';
import { formatLogEntry } from '../core/net/redact';
import { outputFolderFor } from '../core/takes/naming';
import type { CredentialStore } from './credentials';
import type { OutsideFolders } from './outsideFolders';
import { isLyricsDocument } from './lintCache';
import { readSettings } from './settings';

export interface GeneratorDependencies {
  readonly credentials: CredentialStore;
  /**
   * The request log. Passed in rather than imported: this module is a
   * separate bundle, and an import would create a second channel.
   */
  readonly log: () => vscode.LogOutputChannel;
  /** Called with every saved take (the player opens it; until then the file is revealed). */
  readonly onTakeSaved: (take: SavedTake, song: vscode.Uri) => void | Thenable<void>;
  /** Resolves the output folder and asks (once per folder) before writing outside the workspace. */
  readonly outsideFolders: Pick<OutsideFolders, 'check'>;
}

/** What a run ended in, for callers that script the command (tests, the demo). */
export type GenerationOutcome =
  | { readonly status: 'saved'; readonly audioPath: string; readonly sidecarPath: string }
  | {
      readonly status: 'failed' | 'canceled';
      readonly kind: string;
      readonly message: string;
      /** The recovery record, when the provider accepted (and billed) the song but the take is not saved. */
      readonly recordPath?: string | undefined;
      readonly mayBeBilled?: boolean | undefined;
    }
  | { readonly status: 'canceled' | 'blocked' | 'not-started'; readonly message: string };

export async function generateSong(dependencies: GeneratorDependencies, target?: vscode.Uri): Promise<GenerationOutcome> {
  if (!vscode.workspace.isTrusted) {
    const message = 'Generating songs needs a trusted workspace: it sends your credentials to the provider and writes files.';
    void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return { status: 'not-started', message };
  }

  const document = await findDocument(target);
  if (!document) {
    const message = 'Open a .lyrics file to generate a song.';
    void vscode.window.showInformationMessage(message);
    return { status: 'not-started', message };
  }
  if (document.isUntitled) {
    const message = 'Save the song first: its takes are saved next to it.';
    void vscode.window.showInformationMessage(message, 'Save').then(async (choice) => {
      if (choice && (await document.save())) void vscode.commands.executeCommand('lyrics.generateSong', document.uri);
    });
    return { status: 'not-started', message };
  }

  const settings = readSettings(document.uri);
  const songPath = document.uri.fsPath;
  // Created here, not in the progress callback, so a failure can tell the user's own cancel apart.
  const abort = new AbortController();
  let outcome: GenerateOutcome;
  try {
    outcome = await generateTake({
      text: document.getText(),
      songPath,
      defaultProvider: settings.defaultProvider,
      credentials: async (provider) => {
        const found = (await dependencies.credentials.get(provider)) ?? (await dependencies.credentials.prompt(provider));
        return found ? { ok: true, value: found } : { ok: false, missing: [] };
      },
      baseUrl: (provider) => settings.baseUrl(provider),
      // The real output folder, checked before anything is sent: a folder outside the workspace
      // (absolute, `..`, a symlinked takes/) is written to only if the user says so, so a "no" costs nothing.
      outputFolder: () => dependencies.outsideFolders.check(document.uri, outputFolderFor(songPath, settings.outputFolder), true),
      demo: settings.demo,
      run: ({ song }, start) => {
        const name = PROVIDER_NAMES[song.provider];
        const log = dependencies.log();
        const label = `${song.title ?? path.basename(songPath)} with ${name}${settings.demo ? ' (demo)' : ''}`;
        log.info(`Generating ${path.basename(songPath)} with ${name}${settings.demo ? ' (demo server)' : ''}`);
        return vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Generating ${label}`, cancellable: true },
          (progress, token) => {
            token.onCancellationRequested(() => abort.abort());
            return start({
              timeoutMs: settings.requestTimeoutMinutes * 60_000,
              signal: abort.signal,
              log: (entry) => log.info(formatLogEntry(entry)),
              onProgress: progressReporter(progress, name),
            });
          },
        );
      },
    });
  } catch (error) {
    if (!(error instanceof GenerationError)) throw error;
    return reportFailure(error, document.uri, dependencies.log(), abort.signal);
  }
  return reportOutcome(dependencies, outcome, document.uri);
}

/** Says how a generation that did not fail on the way ended: the saved take, or what was refused before anything was sent. */
async function reportOutcome(dependencies: GeneratorDependencies, outcome: GenerateOutcome, song: vscode.Uri): Promise<GenerationOutcome> {
  switch (outcome.status) {
    case 'saved': {
      // The take is saved: nothing from here on is a generation failure, and nothing offers to generate (and pay) again.
      const log = dependencies.log();
      const saved = outcome.take;
      log.info(`Saved ${saved.audioPath}`);
      await announceSaved(dependencies, saved, song, log);
      return { status: 'saved', audioPath: saved.audioPath, sidecarPath: saved.sidecarPath };
    }
    case 'model-not-offered': {
      const message = outcome.error.message;
      void vscode.window.showErrorMessage(`Can’t generate yet. ${message}.`);
      return { status: 'blocked', message };
    }
    case 'lint-blocked': {
      const message = outcome.error.message;
      void vscode.window.showErrorMessage(`Can’t generate yet. ${message}`, 'Show Problems').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return { status: 'blocked', message };
    }
    case 'no-credentials': {
      const message = `No ${PROVIDER_NAMES[outcome.provider]} credentials were entered; nothing was sent.`;
      void vscode.window.showInformationMessage(message);
      return { status: 'not-started', message };
    }
    case 'base-url-refused': {
      const setting = `lyrics.providers.${outcome.provider}.baseUrl`;
      const message = `${setting}: ${outcome.reason}. Nothing was sent.`;
      void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
      });
      return { status: 'not-started', message };
    }
    case 'outside-folder-declined': {
      const message = `lyrics.outputFolder points outside the workspace folder (${outcome.folder}). Nothing was sent.`;
      void vscode.window.showInformationMessage(message, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'lyrics.outputFolder');
      });
      return { status: 'not-started', message };
    }
    case 'output-folder-unusable': {
      const message = outcome.error.message;
      dependencies.log().error(message);
      void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'lyrics.outputFolder');
      });
      return { status: 'not-started', message };
    }
  }
}

/** Opens the player on a saved take; a failure there is reported as what it is, the take being safe. */
async function announceSaved(dependencies: GeneratorDependencies, saved: SavedTake, song: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await dependencies.onTakeSaved(saved, song);
  } catch (error) {
    const message = `The take is saved as ${path.basename(saved.audioPath)}, but the player could not show it: ${error instanceof Error ? error.message : String(error)}`;
    log.error(message);
    void vscode.window.showWarningMessage(message, 'Reveal Take').then((choice) => {
      if (choice) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(saved.audioPath));
    });
  }
}

/** What the user can do with a recovery record, in the words of the notification's button. */
function recoveryButton(error: GenerationError): string | undefined {
  if (!error.recovery) return undefined;
  return error.recovery.action === 'download' ? 'Retry Download' : error.recovery.action === 'resume' ? 'Resume Waiting' : 'Open Record';
}

/** After acceptance: what was billed, the id to quote, and the way back without paying again. */
function billingSentence(error: GenerationError, id: string): string {
  if (error.recovery?.action === 'resume') {
    return `${PROVIDER_NAMES[error.provider]} keeps running and billing the job${id}; resume waiting to get the song without paying again.`;
  }
  if (error.recovery?.action === 'download') return `The song was generated and billed${id}; retry the download at no cost.`;
  if (error.recovery)
    return `The song was generated and billed${id}, but its answer held no audio we could read; it is kept in ${path.basename(error.recovery.recordPath)}.`;
  if (error.mayBeBilled) return `The song may still have been generated and billed${id}.`;
  return '';
}

function reportFailure(error: GenerationError, song: vscode.Uri, log: vscode.LogOutputChannel, signal: AbortSignal): GenerationOutcome {
  const { canceledByUser, idNote, advice } = failureFacts(error, signal);
  const billing = billingSentence(error, idNote);
  const recordPath = error.recovery?.recordPath;
  const button = recoveryButton(error);

  if (error.kind === 'canceled' && !billing) {
    // The user's own cancel needs no explanation; a job canceled on the provider's side does.
    const message = canceledByUser ? 'Generation canceled; nothing was saved.' : `${error.describe()}. Nothing was saved.`;
    log.info(message);
    void vscode.window.showInformationMessage(message);
    return { status: 'canceled', message };
  }

  const what = canceledByUser ? 'Generation canceled' : error.describe();
  // With a record the way forward is the recovery, not the kind's generic advice (which might suggest generating again).
  const message = [`${what}.`, billing, advice].filter(Boolean).join(' ');
  log.error(`${error.kind}: ${message}${recordPath ? ` Recovery record: ${recordPath}` : ''}`);
  // The notification shows the start of a long provider message; the log keeps the whole (cleaned, credentials hidden).
  const fullText = error.providerMessageForLog;
  if (fullText) log.error(`${PROVIDER_NAMES[error.provider]}’s whole message: ${fullText}`);

  // Never a plain "Retry" once the song may have been paid for: it would generate, and pay, again.
  const actions = button
    ? [button, 'Show Log']
    : error.kind === 'auth' && !error.mayBeBilled
      ? ['Set API Credentials', 'Show Log']
      : error.mayBeBilled
        ? ['Show Log']
        : ['Retry', 'Show Log'];
  const show = error.kind === 'canceled' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(message, ...actions).then((choice) => {
    if (choice === 'Retry') void vscode.commands.executeCommand('lyrics.generateSong', song);
    else if (choice === 'Show Log') log.show(true);
    else if (choice === 'Set API Credentials') void vscode.commands.executeCommand('lyrics.setApiCredentials');
    else if (choice === 'Open Record' && recordPath) void vscode.window.showTextDocument(vscode.Uri.file(recordPath));
    else if (choice && recordPath) void vscode.commands.executeCommand('lyrics.recoverTake', vscode.Uri.file(recordPath));
  });
  return {
    status: error.kind === 'canceled' ? 'canceled' : 'failed',
    kind: error.kind,
    message,
    recordPath,
    mayBeBilled: error.mayBeBilled,
  };
}

/**
 * `lyrics.recoverTake`: gets a paid song from its recovery record — a new
 * download from the saved URL, or waiting again for the Scenario job — with
 * no new generate request. The record stays (its reason added) on failure.
 */
export async function recoverTake(dependencies: GeneratorDependencies, recordUri: vscode.Uri | undefined): Promise<GenerationOutcome> {
  if (!vscode.workspace.isTrusted) {
    const message = 'Recovering a take needs a trusted workspace: it downloads files into it.';
    void vscode.window.showWarningMessage(message);
    return { status: 'not-started', message };
  }
  if (!(recordUri instanceof vscode.Uri) || recordUri.scheme !== 'file') {
    const message = 'Choose a recovery record (a .pending.json file) to recover.';
    void vscode.window.showInformationMessage(message);
    return { status: 'not-started', message };
  }
  const settings = readSettings(recordUri);
  const log = dependencies.log();
  const recordPath = recordUri.fsPath;
  const abort = new AbortController();
  log.info(`Recovering ${recordPath}`);
  let saved: SavedTake;
  try {
    saved = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Recovering ${path.basename(recordPath)}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return recoverFromRecord({
          recordPath,
          timeoutMs: settings.requestTimeoutMinutes * 60_000,
          signal: abort.signal,
          credentials: async (provider) => (await dependencies.credentials.get(provider)) ?? (await dependencies.credentials.prompt(provider)),
          baseUrl: (provider) => {
            const base = checkBaseUrl(settings.baseUrl(provider) ?? CLIENTS[provider].defaultBaseUrl);
            return base.ok ? base.url : CLIENTS[provider].defaultBaseUrl;
          },
          log: (entry) => log.info(formatLogEntry(entry)),
          onProgress: progressReporter(progress, 'the provider'),
        });
      },
    );
  } catch (error) {
    if (error instanceof RecordUnusableError) {
      log.error(error.message);
      void vscode.window.showErrorMessage(error.message);
      return { status: 'not-started', message: error.message };
    }
    const failure = error instanceof GenerationError ? error : undefined;
    if (failure?.kind === 'canceled' && abort.signal.aborted) {
      const message = `Recovery canceled; ${path.basename(recordPath)} is kept.`;
      void vscode.window.showInformationMessage(message);
      return { status: 'canceled', kind: 'canceled', message, recordPath };
    }
    const described = failure ? `${failure.describe()}. ${failure.nextStep()}` : String(error);
    const message = `${described} ${path.basename(recordPath)} is kept, so you can try again.`;
    log.error(message);
    const button = failure ? recoveryButton(failure) : undefined;
    void vscode.window.showErrorMessage(message, ...(button && button !== 'Open Record' ? [button] : []), 'Show Log').then((choice) => {
      if (choice === 'Show Log') log.show(true);
      else if (choice) void vscode.commands.executeCommand('lyrics.recoverTake', recordUri);
    });
    return { status: 'failed', kind: failure?.kind ?? 'network', message, recordPath, mayBeBilled: true };
  }
  log.info(`Recovered ${saved.audioPath}`);
  const song = saved.sidecar.song ? vscode.Uri.file(path.resolve(path.dirname(saved.audioPath), saved.sidecar.song)) : undefined;
  if (song) await announceSaved(dependencies, saved, song, log);
  else void vscode.window.showInformationMessage(`Saved ${path.basename(saved.audioPath)}`);
  return { status: 'saved', audioPath: saved.audioPath, sidecarPath: saved.sidecarPath };
}

async function findDocument(target: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (target) {
    const document = await vscode.workspace.openTextDocument(target);
    return isLyricsDocument(document) ? document : undefined;
  }
  const active = vscode.window.activeTextEditor?.document;
  return active && isLyricsDocument(active) ? active : undefined;
}

/** Stage names in the notification, a progress bar from the provider's fraction, MB while downloading. */
function progressReporter(progress: vscode.Progress<{ message?: string; increment?: number }>, name: string): (update: GenerationProgress) => void {
  let reported = 0; // percent already given to the bar
  let lastMessage = '';
  let lastDownloadReport = 0;
  const report = (message: string, percent?: number): void => {
    const increment = percent !== undefined && percent > reported ? percent - reported : undefined;
    if (increment !== undefined) reported = percent ?? reported;
    if (message === lastMessage && increment === undefined) return;
    lastMessage = message;
    progress.report({ message, ...(increment !== undefined ? { increment } : {}) });
  };
  return (update) => {
    const fraction = 'fraction' in update ? update.fraction : undefined;
    const downloaded = downloadFraction(update);
    if (update.stage === 'downloading' && downloaded !== 1) {
      // Chunks arrive thousands of times a second; the notification needs a few updates.
      const now = Date.now();
      if (now - lastDownloadReport < 200) return;
      lastDownloadReport = now;
    }
    // Generation is most of the wait: it fills the bar up to 80 %, the download the rest.
    const percent =
      update.stage === 'generating' && fraction !== undefined
        ? fraction * 80
        : downloaded !== undefined
          ? 80 + downloaded * 20
          : update.stage === 'saving'
            ? 100
            : undefined;
    report(describeProgress(update, name), percent);
  };
}
