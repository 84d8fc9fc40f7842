import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeApi, closeAllEditorsWithoutSaving, codesOf, diagnosticsWhere } from './waitFor';

const PROBLEMS = [
  '---',
  'prompt: Acoustic folk, 72 BPM',
  'provider: scenario',
  'format: wav',
  'isInstrumental: false',
  'sample_rate: 48000',
  '---',
  '[Verse]',
  'Paper boats on a winter stream',
  '[Vrese 2]',
  'Lanterns low on the harbour wall',
].join('\n');

async function openLyrics(content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'lyrics', content });
  await vscode.window.showTextDocument(document);
  return document;
}

async function replaceAll(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('live diagnostics in a real VS Code host', () => {
  before(async () => {
    await activeApi();
  });

  afterEach(async () => {
    await closeAllEditorsWithoutSaving();
  });

  it('reports each problem with its code, severity, source and exact range', async () => {
    const document = await openLyrics(PROBLEMS);
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(diagnostics), ['invalid-setting', 'unknown-setting', 'unknown-tag', 'unsupported-setting']);
    for (const d of diagnostics) assert.equal(d.source, 'lyrics');

    const byCode = new Map(diagnostics.map((d) => [typeof d.code === 'object' ? String(d.code.value) : String(d.code), d]));
    const invalid = byCode.get('invalid-setting');
    assert.equal(invalid?.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(invalid?.range.isEqual(new vscode.Range(5, 13, 5, 18)), JSON.stringify(invalid?.range));
    assert.match(invalid?.message ?? '', /16000, 24000, 32000, 44100/);
    const tag = byCode.get('unknown-tag');
    assert.equal(tag?.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(tag?.range.isEqual(new vscode.Range(9, 0, 9, 9)));
    assert.match(tag?.message ?? '', /\[Verse 2\]/);
    assert.match(byCode.get('unknown-setting')?.message ?? '', /is_instrumental/);
  });

  it('updates on every change and never shows a stale result', async () => {
    const document = await openLyrics(PROBLEMS);
    await diagnosticsWhere(document.uri, (d) => d.length === 4);

    // Several edits in a row: only the last version's diagnostics may stand.
    await replaceAll(document, '---\nprompt: p\n---\n[Vrese]\nla');
    await replaceAll(document, '---\nprompt: p\nformat: flac\n---\n[Verse]\nla');
    await replaceAll(document, '---\nprompt: p\n---\n[Verse]\nla');
    const clean = await diagnosticsWhere(document.uri, (d) => d.length === 0);
    assert.deepEqual(codesOf(clean), []);

    await replaceAll(document, '---\nprompt: p\nis_instrumental: yes\n---\n[Verse]\nla');
    const invalid = await diagnosticsWhere(document.uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(invalid), ['invalid-setting']);
  });

  it('marks lyrics past 3,500 code points from the first character over to the end of the body', async () => {
    const body = Array(350).fill('abcdefghi').concat(['over the limit', '# a note']).join('\n');
    const document = await openLyrics(`---\nprompt: p\n---\n${body}`);
    const [tooLong] = await diagnosticsWhere(document.uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(tooLong ? [tooLong] : []), ['lyrics-too-long']);
    assert.ok(tooLong?.range.isEqual(new vscode.Range(353, 0, 353, 14)), JSON.stringify(tooLong?.range));
  });

  it('lints open songs again when lyrics.defaultProvider changes', async () => {
    // No provider in the front matter: whether music-3.0 is offered depends on the default.
    const document = await openLyrics('---\nprompt: Acoustic folk, 72 BPM\nmodel: music-3.0\n---\n[Verse]\nla');
    const config = vscode.workspace.getConfiguration('lyrics');
    assert.equal(config.get('defaultProvider'), 'cloudflare');
    const refused = await diagnosticsWhere(document.uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(refused), ['model-not-offered']);
    assert.match(refused[0]?.message ?? '', /^Cloudflare \(the default provider\) offers only "music-2\.6"/);
    try {
      await config.update('defaultProvider', 'minimax', vscode.ConfigurationTarget.Global);
      await diagnosticsWhere(document.uri, (d) => d.length === 0);
    } finally {
      await config.update('defaultProvider', undefined, vscode.ConfigurationTarget.Global);
    }
    // Back to Cloudflare: the cached result for MiniMax must not be served.
    assert.deepEqual(codesOf(await diagnosticsWhere(document.uri, (d) => d.length > 0)), ['model-not-offered']);
  });

  it('clears a document that stops being .lyrics', async () => {
    const document = await openLyrics('[Vrese]\nla');
    await diagnosticsWhere(document.uri, (d) => d.length > 0);
    await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await diagnosticsWhere(document.uri, (d) => d.length === 0);
  });

  it('lints a .lyrics file from the workspace when it is opened', async () => {
    const [file] = await vscode.workspace.findFiles('**/*.lyrics', undefined, 1);
    assert.ok(file, 'the fixture workspace holds a .lyrics file');
    const document = await vscode.workspace.openTextDocument(file);
    assert.equal(document.languageId, 'lyrics');
    // A fresh file may be clean: wait for the linter to have published for it at all.
    const expected = (await import('../../src/core/lint')).lintLyrics(document.getText()).diagnostics.length;
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.length === expected);
    assert.equal(diagnostics.length, expected);
  });

  it('survives a large document with CJK, emoji, CRLF and tabs', async () => {
    const line = '夏の道を走る 🚗\t(ooh)\r\n';
    const document = await openLyrics(`---\r\nprompt: 夏の歌\r\n---\r\n${line.repeat(40000)}`);
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.length > 0);
    assert.deepEqual(codesOf(diagnostics), ['lyrics-too-long']);
  });
});
