/**
 * Activation wires the thin adapters to the pure core. Only what linting
 * needs is loaded here; the network code (undici, the provider clients, the
 * Generate command) is a separate bundle loaded on first use.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerGenerateCodeLens } from './codeLens';
import { CredentialStore, registerCredentialCommands } from './credentials';
import { registerDiagnostics } from './diagnostics';
import { registerFolding } from './folding';
import type { GenerationOutcome } from './generateSong';
import { LintCache } from './lintCache';
import { registerLogCommand, requestLog } from './requestLog';
import { LyricsStatusBar, type StatusBarState } from './statusBar';

/** Returned from `activate`; the integration tests read the status bar through it. */
export interface LyricsStudioApi {
  statusBarState(): StatusBarState;
  readonly onDidUpdateStatusBar: vscode.Event<StatusBarState>;
}

type GeneratorModule = typeof import('./generateSong');
let generator: GeneratorModule | undefined;

function loadGenerator(): GeneratorModule {
  // A path computed at run time, so esbuild leaves this require alone and the
  // network code stays in dist/generateSong.js until a song is generated.
  generator ??= require(path.join(__dirname, 'generateSong.js')) as GeneratorModule;
  return generator;
}

export function activate(context: vscode.ExtensionContext): LyricsStudioApi {
  const cache = new LintCache();
  const statusBar = new LyricsStatusBar(cache);
  const credentials = new CredentialStore(context.secrets);
  context.subscriptions.push(
    cache,
    registerDiagnostics(cache),
    statusBar,
    registerFolding(),
    credentials,
    registerCredentialCommands(credentials),
    registerLogCommand(),
    registerGenerateCodeLens(credentials),
    vscode.commands.registerCommand(
      'lyrics.generateSong',
      (target?: vscode.Uri): Promise<GenerationOutcome> =>
        loadGenerator().generateSong(
          {
            credentials,
            log: requestLog,
            onTakeSaved: async (take) => {
              const audio = vscode.Uri.file(take.audioPath);
              await vscode.commands.executeCommand('revealInExplorer', audio);
              void vscode.window.showInformationMessage(`Saved ${path.basename(take.audioPath)}`, 'Open Sidecar').then((choice) => {
                if (choice) void vscode.window.showTextDocument(vscode.Uri.file(take.sidecarPath));
              });
            },
          },
          target instanceof vscode.Uri ? target : undefined,
        ),
    ),
  );
  return { statusBarState: () => statusBar.snapshot, onDidUpdateStatusBar: statusBar.onDidUpdate };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
