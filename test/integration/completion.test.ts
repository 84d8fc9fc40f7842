import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeApi, closeAllEditorsWithoutSaving } from './waitFor';

let opened = 0;

/**
 * A new untitled song under a name of its own. Untitled documents opened by
 * content are named Untitled-1, -2 … and a name is reused once its document
 * is closed; here a document edited by a test and closed was seen to come
 * back in place of the next one, so each test's song gets a name never used.
 */
async function openLyrics(content: string): Promise<vscode.TextEditor> {
  opened++;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/completion-and-hover-${opened}.lyrics` }));
  const editor = await vscode.window.showTextDocument(document);
  assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content)));
  assert.equal(document.languageId, 'lyrics');
  assert.equal(editor.document.getText(), content, 'the new document is the one shown');
  return editor;
}

async function completions(document: vscode.TextDocument, position: vscode.Position, triggerCharacter?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, triggerCharacter);
  return list.items;
}

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);

/** Applies an item as the suggest widget does: its text over its (replace) range. */
async function accept(document: vscode.TextDocument, item: vscode.CompletionItem): Promise<void> {
  const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
  assert.ok(range, `${labelOf(item)} has a range`);
  const text = typeof item.insertText === 'string' ? item.insertText : labelOf(item);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

function itemNamed(items: readonly vscode.CompletionItem[], label: string): vscode.CompletionItem {
  const item = items.find((candidate) => labelOf(candidate) === label);
  assert.ok(item, `no completion "${label}" among ${items.map(labelOf).join(', ')}`);
  return item;
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (content instanceof vscode.MarkdownString ? content.value : ''))
    .join('\n');
}

describe('completion and hover', () => {
  before(async () => {
    await activeApi();
  });

  afterEach(async () => {
    await closeAllEditorsWithoutSaving();
  });

  it('after [ on a lyrics line: the tag item closes the bracket once, and the next verse number is offered', async () => {
    // The line as the editor has it right after typing [ (the language configuration auto-closes it). Typing it with
    // the `type` command would race the workbench loading that configuration, and leave the suggest widget open.
    const { document } = await openLyrics('---\nprompt: Upbeat pop\n---\n[Verse 1]\nla\n[Verse 2]\nla\n[]\n');
    const items = await completions(document, new vscode.Position(7, 1), '[');
    const verse = itemNamed(items, 'Verse 3');
    assert.equal(verse.kind, vscode.CompletionItemKind.Keyword);
    assert.equal(verse.detail, 'the next Verse in this song');
    assert.equal(labelOf(items.filter((item) => item.kind === vscode.CompletionItemKind.Keyword)[0] ?? verse), 'Intro', 'documented tags first');
    await accept(document, verse);
    assert.equal(document.lineAt(7).text, '[Verse 3]');
  });

  it('front-matter values follow the song’s provider, and keys not yet present are offered', async () => {
    const { document } = await openLyrics('---\nprompt: Upbeat pop\nprovider: scenario\nmodel:\n\n---\nla\n');
    const models = await completions(document, new vscode.Position(3, 6), ':');
    const values = models.filter((item) => item.kind === vscode.CompletionItemKind.EnumMember).map(labelOf);
    assert.deepEqual(values, ['music-2.6', 'music-3.0']);
    await accept(document, itemNamed(models, 'music-3.0'));
    assert.equal(document.lineAt(3).text, 'model: music-3.0');

    const keys = (await completions(document, new vscode.Position(4, 0))).filter((item) => item.kind === vscode.CompletionItemKind.Property).map(labelOf);
    assert.deepEqual(keys, ['title', 'is_instrumental', 'lyrics_optimizer', 'sample_rate', 'bitrate'], 'no format: Scenario ignores it');
  });

  it('without a provider in the song, model values are the default provider’s (lyrics.defaultProvider)', async () => {
    const { document } = await openLyrics('---\nprompt: p\nmodel:\n---\n');
    const items = await completions(document, new vscode.Position(2, 6), ':');
    assert.deepEqual(items.filter((item) => item.kind === vscode.CompletionItemKind.EnumMember).map(labelOf), ['music-2.6']);
  });

  it('the prompt vocabulary comes after a comma, and not for a comma typed earlier', async () => {
    const { document } = await openLyrics('---\nprompt: Dreamy synth-pop,\n---\nla\n');
    // Ours carry their category as detail; VS Code's word-based suggestions (also Text) carry none.
    const vocabulary = (items: readonly vscode.CompletionItem[]): string[] =>
      items.filter((item) => item.kind === vscode.CompletionItemKind.Text && item.detail !== undefined).map(labelOf);
    assert.deepEqual(vocabulary(await completions(document, new vscode.Position(1, 14), ',')), [], 'the trigger reaches the core as typed');
    const items = await completions(document, new vscode.Position(1, 25), ',');
    await accept(document, itemNamed(items, '120 BPM'));
    assert.equal(document.lineAt(1).text, 'prompt: Dreamy synth-pop, 120 BPM');
  });

  it('hovers explain a key, a value and a tag', async () => {
    const { document } = await openLyrics('---\nprompt: p\nprovider: minimax\nsample_rate: 44100\n---\n[Pre-Chorus]\nla\n');
    const key = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(3, 2));
    assert.match(hoverText(key), /\*\*sample_rate\*\*: Samples per second/);
    assert.match(hoverText(key), /\| \*\*MiniMax\*\* \(this song\) \| `audio_setting\.sample_rate` \|/);
    assert.ok(key[0]?.range?.isEqual(new vscode.Range(3, 0, 3, 11)));

    const value = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(3, 14));
    assert.match(hoverText(value), /44\.1 kHz: CD quality \(the default\)/);

    const tag = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(5, 4));
    assert.match(hoverText(tag), /Another spelling of \[Pre Chorus\]: Builds tension/);
  });

  it('a line past the lyrics limit says how many characters are over', async () => {
    const body = Array<string>(350).fill('abcdefghi').concat(['over the limit']).join('\n');
    const { document } = await openLyrics(`---\nprompt: p\n---\n${body}`);
    const over = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(353, 3));
    assert.match(hoverText(over), /All 14 characters of this line are past the 3,500-character limit/);
    const within = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(352, 3));
    assert.doesNotMatch(hoverText(within), /Past the lyrics limit/);
  });
});
