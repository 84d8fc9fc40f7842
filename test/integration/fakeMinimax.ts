/**
 * The fake provider as the extension's MiniMax, for the host suites that
 * generate: its base URL in the user's settings and its key in SecretStorage
 * (through our own command, as a user would), and both taken back after.
 */
import * as vscode from 'vscode';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';

export async function connectFakeMinimax(): Promise<FakeProvider> {
  const fake = await startFakeProvider();
  await vscode.workspace.getConfiguration('lyrics').update('providers.minimax.baseUrl', fake.baseUrls.minimax, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('lyrics.setApiCredentials', { provider: 'minimax', credentials: fake.credentials.minimax });
  return fake;
}

export async function disconnectFakeMinimax(fake: FakeProvider | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('lyrics').update('providers.minimax.baseUrl', undefined, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('lyrics.clearApiCredentials', { provider: 'minimax' });
  await fake?.close();
}
