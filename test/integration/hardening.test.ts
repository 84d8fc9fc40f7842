/**
 * What a repository or another extension can reach, in the real VS Code
 * host (issue 8): a workspace's `lyrics.requestTimeoutMinutes` counts only
 * within its declared 1–120 minutes, and credentials passed as command
 * arguments are stored or cleared only once the user confirms (the test
 * answers the confirmation through the extension's test hook).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LyricsStudioApi } from '../../src/extension/extension';
import type { GenerationOutcome } from '../../src/extension/generateSong';
import type { FakeProvider } from '../fakeProvider';
import { connectFakeMinimax, disconnectFakeMinimax } from './fakeMinimax';
import { activeApi, closeAllEditorsWithoutSaving } from './waitFor';

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with a workspace folder open');
  return folder.uri.fsPath;
}

describe('Settings and commands other code can reach (real VS Code host)', function () {
  this.timeout(60_000);
  let api: LyricsStudioApi;
  let fake: FakeProvider;
  let songsFolder: string;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('lyrics');

  before(async () => {
    api = await activeApi();
    fake = await connectFakeMinimax();
    songsFolder = fs.mkdtempSync(path.join(workspaceFolder(), 'hardening-'));
  });

  after(async () => {
    api.credentialsTest?.setArgumentConfirmation(undefined);
    await closeAllEditorsWithoutSaving();
    await config().update('requestTimeoutMinutes', undefined, vscode.ConfigurationTarget.Workspace);
    await disconnectFakeMinimax(fake);
  });

  beforeEach(() => fake.reset());

  let songs = 0;
  async function generate(): Promise<GenerationOutcome> {
    const file = path.join(songsFolder, `song-${++songs}.lyrics`);
    fs.writeFileSync(file, '---\nprompt: Upbeat indie pop, 118 BPM\nprovider: minimax\n---\n[Verse]\nWindows down and the radio loud\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    return vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', uri);
  }

  describe('lyrics.requestTimeoutMinutes from a workspace', () => {
    afterEach(async () => {
      await config().update('requestTimeoutMinutes', undefined, vscode.ConfigurationTarget.Workspace);
    });

    it('0.01 (0.6 s) does not abandon a paid request that takes 1.5 s: out of range, so the default applies', async () => {
      await config().update('requestTimeoutMinutes', 0.01, vscode.ConfigurationTarget.Workspace);
      fake.setDelays({ generate: 1500 });
      const outcome = await generate();
      assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
      assert.equal(fake.requestsFor('generate').length, 1);
    });

    it('1e9 is not handed to a timer (which fired at once, reported as a network failure)', async () => {
      await config().update('requestTimeoutMinutes', 1e9, vscode.ConfigurationTarget.Workspace);
      const outcome = await generate();
      assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
    });
  });

  describe('credentials as command arguments', () => {
    it('are neither replaced nor cleared unless the user confirms; the user’s own key keeps working', async () => {
      const asked: Array<{ message: string; action: string }> = [];
      api.credentialsTest?.setArgumentConfirmation(async (message, action) => {
        asked.push({ message, action });
        return false;
      });
      try {
        const replaced = await vscode.commands.executeCommand('lyrics.setApiCredentials', {
          provider: 'minimax',
          credentials: { apiKey: 'someone-elses-key' },
        });
        assert.equal(replaced, false, 'declined: nothing stored');
        const cleared = await vscode.commands.executeCommand('lyrics.clearApiCredentials', { provider: 'minimax' });
        assert.equal(cleared, false, 'declined: nothing cleared');
      } finally {
        api.credentialsTest?.setArgumentConfirmation(undefined);
      }
      assert.deepEqual(
        asked.map((question) => question.action),
        ['Replace MiniMax Credentials', 'Delete MiniMax Credentials'],
      );
      assert.match(asked[0]?.message ?? '', /another extension or a script wants to replace the MiniMax API credentials/);

      const outcome = await generate();
      assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
      assert.equal(fake.requestsFor('generate')[0]?.headers.authorization, `Bearer ${fake.credentials.minimax.apiKey}`);
    });

    it('go ahead once the user confirms', async () => {
      api.credentialsTest?.setArgumentConfirmation(async () => true);
      try {
        assert.equal(await vscode.commands.executeCommand('lyrics.clearApiCredentials', { provider: 'minimax' }), true);
        const uri = vscode.Uri.file(path.join(songsFolder, 'lens.lyrics'));
        fs.writeFileSync(uri.fsPath, '---\nprompt: p\nprovider: minimax\n---\n[Verse]\nla\n');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        assert.ok(
          lenses.some((lens) => lens.command?.command === 'lyrics.setApiCredentials'),
          'the credentials are gone',
        );
        assert.equal(await vscode.commands.executeCommand('lyrics.setApiCredentials', { provider: 'minimax', credentials: fake.credentials.minimax }), true);
      } finally {
        api.credentialsTest?.setArgumentConfirmation(undefined);
      }
    });
  });
});
