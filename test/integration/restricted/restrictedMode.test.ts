/**
 * Restricted Mode: run by `LYRICS_TEST_SUITE=restricted`, which opens the
 * fixture folder untrusted. Linting works; generating is refused and hidden.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/extension/generateSong';
import { activeApi, codesOf, diagnosticsWhere } from '../waitFor';

describe('Restricted Mode (untrusted workspace)', () => {
  let song: vscode.Uri;

  before(async () => {
    await activeApi();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    song = vscode.Uri.file(path.join(folder.uri.fsPath, 'restricted-song.lyrics'));
    fs.writeFileSync(song.fsPath, '---\nprompt: p\nprovider: minimax\n---\n[Vrese]\nla\n');
  });

  it('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still lints', async () => {
    const document = await vscode.workspace.openTextDocument(song);
    await vscode.window.showTextDocument(document);
    const diagnostics = await diagnosticsWhere(song, (d) => d.length > 0);
    assert.deepEqual(codesOf(diagnostics), ['unknown-tag']);
  });

  it('refuses to generate, sending nothing and writing nothing', async () => {
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', song);
    assert.equal(outcome.status, 'not-started');
    assert.match(outcome.status === 'not-started' ? outcome.message : '', /trusted workspace/);
    assert.equal(fs.existsSync(path.join(path.dirname(song.fsPath), 'takes')), false);
  });

  it('shows no Generate CodeLens', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', song);
    assert.deepEqual(
      lenses.filter((lens) => lens.command?.command?.startsWith('lyrics.')),
      [],
    );
  });
});
