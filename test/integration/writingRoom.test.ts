import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatSong } from '../../src/core/format';
import { findSkeleton, skeletonText } from '../../src/core/skeletons';
import { activeApi, closeAllEditorsWithoutSaving } from './waitFor';

const join = (...lines: string[]): string => lines.join('\n');

const SONG = join(
  '---', // 0
  'title: Summer Road Trip', // 1
  'prompt: Upbeat indie pop', // 2
  '---', // 3
  '[verse]  ', // 4
  'Windows down and the radio loud  ', // 5
  'Chasing the sun', // 6
  '[ pre chorus  2]', // 7
  'And the road keeps singing', // 8
  '# a note   ', // 9
);

async function openLyrics(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'lyrics', content });
  await vscode.window.showTextDocument(document);
  return document;
}

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests run with a workspace folder open');
  return folder.uri.fsPath;
}

/** Resolves once the document's text satisfies `accept` (checked now and on every change). */
function textWhere(document: vscode.TextDocument, accept: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    if (accept(document.getText())) {
      resolve(document.getText());
      return;
    }
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document && accept(document.getText())) {
        subscription.dispose();
        resolve(document.getText());
      }
    });
  });
}

type Outline = { name: string; detail: string; kind: string; range: number[]; selection: number[]; children?: Outline[] };

function outline(symbol: vscode.DocumentSymbol): Outline {
  const at = (range: vscode.Range): number[] => [range.start.line, range.start.character, range.end.line, range.end.character];
  return {
    name: symbol.name,
    // A section's syllables join its detail once the ear has loaded (timing: ear.test.ts checks them).
    detail: symbol.detail.replace(/ · [\d,]+ syl(?= · )/, ''),
    kind: vscode.SymbolKind[symbol.kind],
    range: at(symbol.range),
    selection: at(symbol.selectionRange),
    ...(symbol.children.length > 0 ? { children: symbol.children.map(outline) } : {}),
  };
}

describe('outline, formatting and new song', () => {
  before(async () => {
    await activeApi();
  });

  afterEach(async () => {
    await closeAllEditorsWithoutSaving();
  });

  it('gives the Outline the front matter with its keys and one symbol per section', async () => {
    const document = await openLyrics(SONG);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(symbols.map(outline), [
      {
        name: 'Front matter',
        detail: '2 settings',
        kind: 'Module',
        range: [0, 0, 3, 3],
        selection: [0, 0, 0, 3],
        children: [
          { name: 'title', detail: 'Summer Road Trip', kind: 'Property', range: [1, 0, 1, 23], selection: [1, 0, 1, 5] },
          { name: 'prompt', detail: 'Upbeat indie pop', kind: 'Property', range: [2, 0, 2, 24], selection: [2, 0, 2, 6] },
        ],
      },
      { name: '[verse]', detail: '2 lines · 46 chars', kind: 'Namespace', range: [4, 0, 6, 15], selection: [4, 0, 4, 7] },
      { name: '[pre chorus 2]', detail: '1 line · 26 chars', kind: 'Namespace', range: [7, 0, 9, 11], selection: [7, 0, 7, 16] },
    ]);
  });

  it('folds the front matter and each section, from the same analysis', async () => {
    const document = await openLyrics(SONG);
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    assert.deepEqual(
      ranges.map((range) => [range.start, range.end]),
      [
        [0, 3],
        [4, 6],
        [7, 9],
      ],
    );
  });

  it('formats the document with small edits that give exactly what the core formatter gives', async () => {
    const document = await openLyrics(SONG);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.ok(edits.length >= 4 && edits.every((edit) => edit.range.start.line === edit.range.end.line), JSON.stringify(edits));
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.set(document.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(workspaceEdit));
    const expected = join(
      '---',
      'title: Summer Road Trip',
      'prompt: Upbeat indie pop',
      '---',
      '[Verse]',
      'Windows down and the radio loud',
      'Chasing the sun',
      '',
      '[Pre Chorus 2]',
      'And the road keeps singing',
      '# a note   ',
      '',
    );
    assert.equal(document.getText(), expected);
    assert.equal(formatSong(SONG), expected);
    // Formatting again changes nothing (VS Code gives no edits as undefined).
    const again = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    assert.deepEqual(again ?? [], []);
  });

  it('keeps a CRLF document CRLF', async () => {
    const document = await openLyrics('[verse]  \r\nla\r\n[chorus]\r\nla');
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, {
      tabSize: 2,
      insertSpaces: true,
    });
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.set(document.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(workspaceEdit));
    assert.equal(document.getText(), '[Verse]\r\nla\r\n\r\n[Chorus]\r\nla\r\n');
  });

  it('formats on save when editor.formatOnSave is on for lyrics', async () => {
    const file = path.join(workspaceFolder(), `format-on-save-${Date.now()}.lyrics`);
    fs.writeFileSync(file, join('---', 'prompt: p', '---', '[Verse]', 'la'));
    const editor = vscode.workspace.getConfiguration('editor', { languageId: 'lyrics' });
    await editor.update('formatOnSave', true, vscode.ConfigurationTarget.Global, true);
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(document);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(document.lineCount, 0), '  \n[chorus]   \nla la  ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await document.save());
      const saved = join('---', 'prompt: p', '---', '[Verse]', 'la', '', '[Chorus]', 'la la', '');
      await textWhere(document, (text) => text === saved);
      assert.equal(fs.readFileSync(file, 'utf8'), saved);
    } finally {
      await editor.update('formatOnSave', undefined, vscode.ConfigurationTarget.Global, true);
      fs.rmSync(file, { force: true });
    }
  });

  it('New Song opens an untitled lyrics document from the chosen skeleton, placeholders to fill', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('lyrics.newSong', 'ballad');
    const active = vscode.window.activeTextEditor;
    assert.ok(editor && active && active.document === editor.document);
    assert.equal(active.document.languageId, 'lyrics');
    assert.ok(active.document.isUntitled);
    assert.equal(active.document.getText(), skeletonText(findSkeleton('ballad')!));
    // The snippet is live: the first placeholder (the title) is selected.
    assert.equal(active.document.getText(active.selection), 'Untitled Ballad');
  });

  it('New Song with an unknown skeleton opens nothing', async () => {
    const before = vscode.workspace.textDocuments.length;
    assert.equal(await vscode.commands.executeCommand('lyrics.newSong', 'polka'), undefined);
    assert.equal(vscode.workspace.textDocuments.length, before);
  });

  it('applies the language defaults: word wrap on, no word-based or quick suggestions', () => {
    const lyrics = vscode.workspace.getConfiguration('editor', { languageId: 'lyrics' });
    assert.equal(lyrics.get('wordWrap'), 'on');
    assert.equal(lyrics.get('wordBasedSuggestions'), 'off');
    assert.deepEqual(lyrics.get('quickSuggestions'), { other: 'off', comments: 'off', strings: 'off' });
    // Only for lyrics: other languages keep VS Code's defaults.
    assert.equal(vscode.workspace.getConfiguration('editor', { languageId: 'plaintext' }).get('wordWrap'), 'off');
  });

  it('keeps don’t, lovin’, rock-n-roll and ’cause as one word each', async () => {
    const document = await openLyrics("don't stop lovin' that rock-n-roll 'cause 'quoted'");
    const wordAt = (character: number): string | undefined => {
      const range = document.getWordRangeAtPosition(new vscode.Position(0, character));
      return range && document.getText(range);
    };
    assert.deepEqual([wordAt(1), wordAt(12), wordAt(28), wordAt(37), wordAt(44)], ["don't", "lovin'", 'rock-n-roll', "'cause", 'quoted']);
  });
});
