import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activeApi, closeAllEditorsWithoutSaving, diagnosticsWhere } from './waitFor';

const SOURCE_FIX_ALL_LYRICS = 'source.fixAll.lyrics';

const PROBLEMS = [
  '---',
  'prompt: Acoustic folk, 72 BPM  # the mood',
  'is_instrumental: no',
  'sample_rate: 48000',
  '---',
  '[Vrese 2]',
  'Paper boats on a winter stream',
  '[Chrous]',
  'Lanterns low on the harbour wall',
].join('\n');

const SAFELY_FIXED = PROBLEMS.replace('is_instrumental: no', 'is_instrumental: false').replace('[Vrese 2]', '[Verse 2]').replace('[Chrous]', '[Chorus]');

const codeOf = (diagnostic: vscode.Diagnostic): string => String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);

async function openLyrics(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'lyrics', content });
  await vscode.window.showTextDocument(document);
  return document;
}

function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
}

async function apply(action: vscode.CodeAction | undefined): Promise<void> {
  assert.ok(action?.edit, 'an action with an edit');
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

/** Resolves once the document's text satisfies `accept` (checked now and on every change). */
function textWhere(document: vscode.TextDocument, accept: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      if (!accept(document.getText())) return false;
      subscription.dispose();
      resolve(document.getText());
      return true;
    };
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document) check();
    });
    check();
  });
}

/** A file in the test workspace (a scratch copy), removed after the test. */
async function workspaceFile(name: string, content: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with a workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content));
  return uri;
}

describe('code actions', () => {
  const created: vscode.Uri[] = [];

  before(async () => {
    await activeApi();
  });

  afterEach(async () => {
    // In afterEach, not a finally: a test that times out never reaches its finally.
    await vscode.workspace.getConfiguration('editor', { languageId: 'lyrics' }).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    await closeAllEditorsWithoutSaving();
    for (const uri of created.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('offers each fix of a diagnostic as a quick fix tied to it, the closest preferred, and applies it', async () => {
    const document = await openLyrics(PROBLEMS);
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.length === 4);
    const tag = diagnostics.find((d) => d.range.start.line === 5);
    assert.ok(tag && codeOf(tag) === 'unknown-tag');

    const actions = await codeActions(document.uri, tag.range);
    const fix = actions.find((action) => action.title === 'Change to "[Verse 2]"');
    assert.ok(fix, actions.map((action) => action.title).join(' | '));
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true);
    // (vscode.executeCodeActionProvider does not return an action's `diagnostics`.)
    await apply(fix);
    assert.equal(document.lineAt(5).text, '[Verse 2]');
    assert.equal(document.getText(), PROBLEMS.replace('[Vrese 2]', '[Verse 2]'));
  });

  it('offers one fix per allowed value for an invalid setting, the nearest preferred', async () => {
    const document = await openLyrics(PROBLEMS);
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.length === 4);
    const rate = diagnostics.find((d) => d.range.start.line === 3);
    assert.ok(rate);
    const actions = (await codeActions(document.uri, rate.range)).filter((action) => /^Change to \d+$/.test(action.title));
    // VS Code lists the preferred action first.
    assert.deepEqual(
      actions.map((action) => [action.title, action.isPreferred ?? false]),
      [
        ['Change to 44100', true],
        ['Change to 16000', false],
        ['Change to 24000', false],
        ['Change to 32000', false],
      ],
    );
    await apply(actions[0]);
    assert.equal(document.lineAt(3).text, 'sample_rate: 44100');
  });

  it('offers "fix all" of a kind when the file has more than one safe fix of it', async () => {
    const document = await openLyrics(PROBLEMS);
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.length === 4);
    const tag = diagnostics.find((d) => d.range.start.line === 7);
    assert.ok(tag);
    const fixAllTags = (await codeActions(document.uri, tag.range)).find((action) => action.title === 'Fix all unknown-tag problems in the file');
    await apply(fixAllTags);
    assert.equal(document.getText(), PROBLEMS.replace('[Vrese 2]', '[Verse 2]').replace('[Chrous]', '[Chorus]'));

    // One safe fix of a kind: no "fix all" for it.
    const setting = (await diagnosticsWhere(document.uri, (d) => d.length === 2)).find((d) => codeOf(d) === 'invalid-setting' && d.range.start.line === 2);
    assert.ok(setting);
    const titles = (await codeActions(document.uri, setting.range)).map((action) => action.title);
    assert.ok(titles.includes('Change to false'), titles.join(' | '));
    assert.ok(!titles.some((title) => title.startsWith('Fix all')), titles.join(' | '));
  });

  it('source.fixAll.lyrics applies only the safe fixes', async () => {
    const document = await openLyrics(PROBLEMS);
    await diagnosticsWhere(document.uri, (d) => d.length === 4);
    const actions = await codeActions(document.uri, new vscode.Range(0, 0, 0, 0), SOURCE_FIX_ALL_LYRICS);
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind?.value]),
      [['Fix all safe lyrics problems', SOURCE_FIX_ALL_LYRICS]],
    );
    await apply(actions[0]);
    assert.equal(document.getText(), SAFELY_FIXED);
  });

  it('runs source.fixAll.lyrics on save through editor.codeActionsOnSave', async () => {
    const uri = await workspaceFile('fix-on-save.lyrics', PROBLEMS);
    created.push(uri);
    await vscode.workspace
      .getConfiguration('editor', { languageId: 'lyrics' })
      .update('codeActionsOnSave', { [SOURCE_FIX_ALL_LYRICS]: 'explicit' }, vscode.ConfigurationTarget.Global, true);
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await diagnosticsWhere(document.uri, (d) => d.length === 4);
    // A save only runs when there is something to save.
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(document.lineCount, 0), '\n')));
    assert.ok(await document.save());
    await textWhere(document, (text) => text === `${SAFELY_FIXED}\n`);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), `${SAFELY_FIXED}\n`);
  });

  it('links every diagnostic code to its heading in the packaged docs/rules.md', async () => {
    const document = await openLyrics(PROBLEMS);
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.length === 4);
    for (const diagnostic of diagnostics) {
      assert.ok(typeof diagnostic.code === 'object', 'code is { value, target }');
      const { value, target } = diagnostic.code;
      assert.equal(target.scheme, 'file');
      assert.match(target.path, /\/docs\/rules\.md$/);
      const line = /^L(\d+)$/.exec(target.fragment)?.[1];
      assert.ok(line, target.toString());
      const heading = fs.readFileSync(target.fsPath, 'utf8').split(/\r?\n/)[Number(line) - 1];
      assert.equal(heading, `## ${String(value)}`);
    }
  });

  it('lints the song, not a copy of it under another scheme (git:, a diff editor)', async () => {
    const scheme = 'lyrics-test-copy';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => PROBLEMS });
    try {
      let copy = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/copy/song.lyrics' }));
      if (copy.languageId !== 'lyrics') copy = await vscode.languages.setTextDocumentLanguage(copy, 'lyrics');
      await vscode.window.showTextDocument(copy);
      const uri = await workspaceFile('the-song.lyrics', PROBLEMS);
      created.push(uri);
      const song = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(song);
      // The song's diagnostics come after the copy's would have (both are published on open).
      await diagnosticsWhere(song.uri, (d) => d.length === 4);
      assert.deepEqual(vscode.languages.getDiagnostics(copy.uri), []);
      assert.deepEqual(
        (await codeActions(copy.uri, new vscode.Range(5, 0, 5, 9))).filter((action) => action.title.startsWith('Change to')),
        [],
      );
      assert.deepEqual(await codeActions(copy.uri, new vscode.Range(0, 0, 0, 0), SOURCE_FIX_ALL_LYRICS), []);
    } finally {
      provider.dispose();
    }
  });
});
