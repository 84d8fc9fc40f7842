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
import { ADVICE, GenerationError, PROVIDER_NAMES } from '../core/generate/errors';
import { describeProgress, downloadFraction } from '../core/generate/progressText';
import { CLIENTS, LintBlockedError, prepareSong, runGeneration, type GenerationProgress, type SavedTake } from '../core/generate/pipeline';
import { checkBaseUrl } from '../core/net/baseUrl';
import { formatLogEntry } from '../core/net/redact';
import type { Credentials } from '../core/providers/types';
import type { ProviderId } from '../core/schema';
import { outputFolderFor } from '../core/takes/naming';
import type { CredentialStore } from './credentials';
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
}

/** What a run ended in, for callers that script the command (tests, the demo). */
export type GenerationOutcome =
  | { readonly status: 'saved'; readonly audioPath: string; readonly sidecarPath: string }
  | { readonly status: 'failed'; readonly kind: string; readonly message: string }
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
  let song;
  try {
    song = prepareSong(document.getText(), settings.defaultProvider);
  } catch (error) {
    if (!(error instanceof LintBlockedError)) throw error;
    void vscode.window.showErrorMessage(`Can’t generate yet. ${error.message}`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { status: 'blocked', message: error.message };
  }

  const provider = song.provider;
  const name = PROVIDER_NAMES[provider];
  const credentials = (await dependencies.credentials.get(provider)) ?? (await dependencies.credentials.prompt(provider));
  if (!credentials) {
    const message = `No ${name} credentials were entered; nothing was sent.`;
    void vscode.window.showInformationMessage(message);
    return { status: 'not-started', message };
  }

  const base = checkBaseUrl(settings.baseUrl(provider) ?? CLIENTS[provider].defaultBaseUrl);
  if (!base.ok) {
    const message = `lyrics.providers.${provider}.baseUrl: ${base.reason}. Nothing was sent.`;
    void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', `lyrics.providers.${provider}.baseUrl`);
    });
    return { status: 'not-started', message };
  }

  const log = dependencies.log();
  const songPath = document.uri.fsPath;
  const label = `${song.title ?? path.basename(songPath)} with ${name}${settings.demo ? ' (demo)' : ''}`;
  log.info(`Generating ${path.basename(songPath)} with ${name}${settings.demo ? ' (demo server)' : ''}`);

  // Created here, not in the progress callback, so a failure can tell the user's own cancel apart.
  const abort = new AbortController();
  try {
    const saved = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Generating ${label}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return runGeneration({
          songPath,
          song: song as typeof song & { provider: ProviderId },
          credentials: credentials as Credentials,
          baseUrl: base.url,
          outputFolder: outputFolderFor(songPath, settings.outputFolder),
          timeoutMs: settings.requestTimeoutMinutes * 60_000,
          signal: abort.signal,
          demo: settings.demo,
          log: (entry) => log.info(formatLogEntry(entry)),
          onProgress: progressReporter(progress, name),
        });
      },
    );
    log.info(`Saved ${saved.audioPath}`);
    await dependencies.onTakeSaved(saved, document.uri);
    return { status: 'saved', audioPath: saved.audioPath, sidecarPath: saved.sidecarPath };
  } catch (error) {
    return reportFailure(error, provider, document.uri, log, abort.signal.aborted);
  }
}

function reportFailure(
  error: unknown,
  provider: ProviderId,
  song: vscode.Uri,
  log: vscode.LogOutputChannel,
  canceledByUser: boolean,
): GenerationOutcome {
  if (error instanceof GenerationError && error.kind === 'canceled') {
    // The user's own cancel needs no explanation; a job canceled on the provider's side does.
    const message = canceledByUser ? 'Generation canceled; nothing was saved.' : `${error.describe()}. Nothing was saved.`;
    log.info(message);
    void vscode.window.showInformationMessage(message);
    return { status: 'canceled', message };
  }
  const generationError =
    error instanceof GenerationError
      ? error
      : new GenerationError('network', error instanceof Error ? error.message : String(error), { provider, cause: error });
  const advice = ADVICE[generationError.kind];
  const message = `${generationError.describe()}.${advice ? ` ${advice}` : ''}`;
  log.error(`${generationError.kind}: ${generationError.describe()}`);

  const actions = generationError.kind === 'auth' ? ['Set API Credentials', 'Show Log'] : ['Retry', 'Show Log'];
  void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
    if (choice === 'Retry') void vscode.commands.executeCommand('lyrics.generateSong', song);
    else if (choice === 'Show Log') log.show(true);
    else if (choice === 'Set API Credentials') void vscode.commands.executeCommand('lyrics.setApiCredentials');
  });
  return { status: 'failed', kind: generationError.kind, message };
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
function progressReporter(
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  name: string,
): (update: GenerationProgress) => void {
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
