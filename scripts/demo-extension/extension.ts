/**
 * The demo's setup, as a second development extension that `npm start --
 * --demo` loads beside Lyrics Studio (never packaged): it points the three
 * providers' base URLs at the local fake provider, stores its dummy
 * credentials through Lyrics Studio's own command (so they land in
 * SecretStorage like real ones), and sets `lyrics.demo` so progress and
 * sidecars say "demo". All of it goes into the throwaway profile the demo
 * starts VS Code with.
 */
import * as vscode from 'vscode';
import { DEMO_ENVIRONMENT_VARIABLE, type DemoSetup } from './setup';

export async function activate(): Promise<void> {
  const raw = process.env[DEMO_ENVIRONMENT_VARIABLE];
  if (!raw) return; // loaded without the demo server: do nothing
  const setup = JSON.parse(raw) as DemoSetup;
  // Its command must exist before the credentials can be handed over.
  await vscode.extensions.getExtension('lyrics-studio.lyrics-studio')?.activate();
  const config = vscode.workspace.getConfiguration('lyrics');
  // First: Lyrics Studio takes credentials as command arguments without asking the user only in a demo (or its tests).
  await config.update('demo', true, vscode.ConfigurationTarget.Global);
  for (const [provider, baseUrl] of Object.entries(setup.baseUrls)) {
    await config.update(`providers.${provider}.baseUrl`, baseUrl, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('lyrics.setApiCredentials', { provider, credentials: setup.credentials[provider] });
  }
  void vscode.window.showInformationMessage(
    'Lyrics Studio demo: songs are "generated" by a local fake provider with dummy credentials. Open a song and press ▶.',
  );
}
