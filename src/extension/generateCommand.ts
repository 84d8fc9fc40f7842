/**
 * `lyrics.generateSong`, registered at activation. The command's work
 * (undici, the provider clients, the pipeline) is dist/generateSong.js,
 * loaded the first time a song is generated.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CredentialStore } from './credentials';
import type { GenerationOutcome } from './generateSong';
import type { OutsideFolders } from './outsideFolders';
import type { PlayerRegistration } from './playerCommands';
import { requestLog } from './requestLog';

type GeneratorModule = typeof import('./generateSong');
let generator: GeneratorModule | undefined;

function loadGenerator(): GeneratorModule {
  // A path computed at run time, so esbuild leaves this require alone and the
  // network code stays in dist/generateSong.js until a song is generated.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of a sibling bundle (see above)
  generator ??= require(path.join(__dirname, 'generateSong.js')) as GeneratorModule;
  return generator;
}

export function registerGenerateCommand(credentials: CredentialStore, player: PlayerRegistration, outsideFolders: OutsideFolders): vscode.Disposable {
  const dependencies = {
    credentials,
    outsideFolders,
    log: requestLog,
    onTakeSaved: async (take: { audioPath: string; sidecarPath: string }, song: vscode.Uri) => {
      // The player opens beside the editor on the new take; the editor keeps the focus.
      await player.load().openForSong(song, { selectAudio: take.audioPath });
      void vscode.window.showInformationMessage(`Saved ${path.basename(take.audioPath)}`, 'Open Sidecar').then((choice) => {
        if (choice) void vscode.window.showTextDocument(vscode.Uri.file(take.sidecarPath));
      });
    },
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('lyrics.generateSong', (target?: vscode.Uri): Promise<GenerationOutcome> =>
      loadGenerator().generateSong(dependencies, target instanceof vscode.Uri ? target : undefined),
    ),
    // Retry download / Resume waiting, from the failure notification and the player: no new generate request.
    vscode.commands.registerCommand('lyrics.recoverTake', (record?: vscode.Uri): Promise<GenerationOutcome> =>
      loadGenerator().recoverTake(dependencies, record instanceof vscode.Uri ? record : undefined),
    ),
  );
}
