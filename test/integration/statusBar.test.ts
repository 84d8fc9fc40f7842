import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeApi, closeAllEditorsWithoutSaving, statusBarWhere } from './waitFor';

describe('status bar counts in a real VS Code host', () => {
  afterEach(async () => {
    await closeAllEditorsWithoutSaving();
  });

  it('shows lyrics and prompt counts for the active .lyrics editor', async () => {
    const api = await activeApi();
    const document = await vscode.workspace.openTextDocument({
      language: 'lyrics',
      content: '---\nprompt: "  Upbeat pop 🎸 "\n---\n# note\n[Verse]\nla la  \n',
    });
    await vscode.window.showTextDocument(document);
    // "[Verse]\nla la" is 13 code points; "Upbeat pop 🎸" is 12.
    const state = await statusBarWhere(api, (s) => s.visible && s.text.includes('Lyrics 13/'));
    assert.equal(state.text, 'Lyrics 13/3,500 · Prompt 12/2,000');
    assert.equal(state.overLimit, false);
    assert.equal(state.command, 'workbench.actions.view.problems');
  });

  it('turns to the error colour past a limit, and back', async () => {
    const api = await activeApi();
    const document = await vscode.workspace.openTextDocument({
      language: 'lyrics',
      content: `---\nprompt: ${'x'.repeat(2001)}\n---\nla\n`,
    });
    const editor = await vscode.window.showTextDocument(document);
    const over = await statusBarWhere(api, (s) => s.visible && s.overLimit);
    assert.match(over.text, /Prompt 2,001\/2,000/);

    await editor.edit((edit) => edit.delete(new vscode.Range(1, 8, 1, 9)));
    const back = await statusBarWhere(api, (s) => s.visible && !s.overLimit);
    assert.match(back.text, /Prompt 2,000\/2,000/);
  });

  it('hides for other editors', async () => {
    const api = await activeApi();
    const lyrics = await vscode.workspace.openTextDocument({ language: 'lyrics', content: 'la' });
    await vscode.window.showTextDocument(lyrics);
    await statusBarWhere(api, (s) => s.visible);
    const plain = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'hello' });
    await vscode.window.showTextDocument(plain);
    await statusBarWhere(api, (s) => !s.visible);
  });
});
