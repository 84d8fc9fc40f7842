// Smoke test of the extension in a real VS Code: the manifest's language
// contribution and activation event work, and the host loaded this checkout.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lyrics-studio.lyrics-studio';
// out/test/integration/activation.test.js -> repository root
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run must open the fixture workspace (test/fixtures/workspace copy)');
  return vscode.Uri.joinPath(folder.uri, name);
}

describe('activation', () => {
  it('loads the extension from this checkout', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the extension host`);
    assert.equal(path.resolve(extension.extensionUri.fsPath), REPO_ROOT);
  });

  it('opens .lyrics files as language "lyrics" and activates the extension', async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('song.lyrics'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'lyrics');

    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    // activate() returns the activation already triggered by onLanguage:lyrics
    // (or starts it); it rejects if the extension's activate() throws.
    await extension.activate();
    assert.equal(extension.isActive, true);
  });
});
