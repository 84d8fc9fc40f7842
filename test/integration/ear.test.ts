import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activeApi, closeAllEditorsWithoutSaving, codesOf, diagnosticsWhere } from './waitFor';

const SONG = [
  '---', // 0
  'title: Paper Boats', // 1
  'prompt: Folk ballad', // 2
  '---', // 3
  '[Verse 1]', // 4
  'Paper boats on a winter stream', // 5
  'Every wish we ever made  ', // 6
  '# a note', // 7
  '', // 8
  'Folded up inside a dream (oh oh)', // 9
  'Sailing out before they fade', // 10
  '[Chorus]', // 11
  'Let them go', // 12
  'Let them go', // 13
  '[Verse 2]', // 14
  'All the paper boats we sent down the river to the sea', // 15
  'Every wish', // 16
].join('\n');

/** The hints the dictionary gives (a count from spelling alone is never a range like `7–8`). */
const HINTS = [
  [5, 30, '8 · A'],
  [6, 23, '7–8 · B'],
  [9, 32, '7 (+2) · A'],
  [10, 28, '7 · B'],
  [12, 11, '3 · A'],
  [13, 11, '3 · A'],
  [15, 53, '14 · A'],
  [16, 10, '3–4 · B'],
];

let opened = 0;

/**
 * A new untitled song with `content`. Each gets a name never used before:
 * `openTextDocument({ content })` after another test closed its untitled
 * document was seen to hand back that closed document (a 40,000-line one)
 * under the reused name, instead of a new one with this content.
 */
async function openLyrics(content: string): Promise<vscode.TextDocument> {
  opened++;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/songwriters-ear-${opened}.lyrics` }));
  const editor = await vscode.window.showTextDocument(document);
  assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content)));
  assert.equal(document.languageId, 'lyrics');
  assert.equal(document.getText(), content, 'the new document is the one shown');
  return document;
}

type Hint = [line: number, character: number, label: string];

const labelOf = (hint: vscode.InlayHint): string => (typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join(''));

/**
 * Polls the inlay hints of `range` until `accept` holds. The ear loads its
 * dictionary on the first request and then asks VS Code to refresh; nothing
 * outside the extension sees that moment, so each attempt asks again (every
 * attempt is a round trip through the workbench, no timer); mocha's timeout
 * ends a wait that never succeeds, the deadline stops the loop behind it.
 */
async function hintsWhere(
  document: vscode.TextDocument,
  accept: (hints: Hint[]) => boolean,
  range = new vscode.Range(0, 0, document.lineCount, 0),
): Promise<Hint[]> {
  const deadline = Date.now() + 30_000;
  let hints: Hint[] = [];
  while (Date.now() < deadline) {
    const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, range);
    hints = found.map((hint): Hint => [hint.position.line, hint.position.character, labelOf(hint)]);
    if (accept(hints)) return hints;
  }
  throw new Error(`the hints never matched: ${JSON.stringify(hints)}`);
}

/** The Markdown of hovers (the providers' MarkdownStrings; the deprecated MarkedString form is not used here). */
const hoverText = (hovers: readonly vscode.Hover[]): string =>
  hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (content instanceof vscode.MarkdownString ? content.value : ''))
    .join('\n');

const sameHints = (expected: readonly (readonly unknown[])[]) => (hints: Hint[]) => JSON.stringify(hints) === JSON.stringify(expected);

async function setLyricsSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration('lyrics').update(key, value, target);
}

describe("the songwriter's ear", function () {
  // The first test may wait for the dictionary (and, on a busy machine, for the rhyme index).
  this.timeout(60_000);

  before(async () => {
    await activeApi();
  });

  afterEach(async () => {
    await closeAllEditorsWithoutSaving();
  });

  it('shows syllables and the rhyme letter at the end of each sung line (none on tags, comments or blank lines), from the dictionary once it has loaded', async () => {
    const document = await openLyrics(SONG);
    assert.deepEqual(await hintsWhere(document, sameHints(HINTS)), HINTS);
  });

  it('gives hints only for the requested range (a hint at a line’s end lies outside a range that ends at its start)', async () => {
    const document = await openLyrics(SONG);
    await hintsWhere(document, sameHints(HINTS));
    assert.deepEqual(await hintsWhere(document, () => true, new vscode.Range(8, 0, 12, 0)), [HINTS[2], HINTS[3]]);
  });

  it('turns the rhyme letters and the counts off with their settings', async () => {
    const document = await openLyrics(SONG);
    await hintsWhere(document, sameHints(HINTS));
    try {
      await setLyricsSetting('hints.rhymeLetters', false);
      const counts = await hintsWhere(document, (hints) => hints[0]?.[2] === '8');
      assert.deepEqual(
        counts.map((hint) => hint[2]),
        ['8', '7–8', '7 (+2)', '7', '3', '3', '14', '3–4'],
      );
      await setLyricsSetting('hints.syllables', false);
      assert.deepEqual(await hintsWhere(document, (hints) => hints.length === 0), []);
    } finally {
      await setLyricsSetting('hints.rhymeLetters', undefined);
      await setLyricsSetting('hints.syllables', undefined);
    }
  });

  it('lyrics.pronunciations overrides the dictionary, and lyrics.setPronunciation writes it', async () => {
    const document = await openLyrics(SONG);
    await hintsWhere(document, sameHints(HINTS));
    try {
      await setLyricsSetting('pronunciations', { winter: 3 });
      const hints = await hintsWhere(document, (found) => found[0]?.[2] === '9 · A');
      assert.deepEqual(hints[0], [5, 30, '9 · A']);
      // The command with the word and the value (as a keybinding could pass them): the workspace's settings, ARPAbet this time.
      await vscode.commands.executeCommand('lyrics.setPronunciation', 'Stream', 's t r iy1 m ah0');
      assert.deepEqual(vscode.workspace.getConfiguration('lyrics').inspect('pronunciations')?.workspaceValue, { stream: 'S T R IY1 M AH0' });
      assert.deepEqual((await hintsWhere(document, (found) => found[0]?.[2] === '10 · A'))[0], [5, 30, '10 · A']);
    } finally {
      await setLyricsSetting('pronunciations', undefined);
      await setLyricsSetting('pronunciations', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await hintsWhere(document, sameHints(HINTS));
  });

  it('lists rhymes for the previous line’s end word on Ctrl+Space at the end of a line, best tier and fewest syllables first', async () => {
    const document = await openLyrics(['[Verse]', 'Paper boats on a winter stream', 'Folded up inside a dr'].join('\n'));
    const end = new vscode.Position(2, 21);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
    const rhymes = list.items.filter((item) => typeof item.label === 'object' && /rhyme for “stream”/.test(item.label.description ?? ''));
    const words = rhymes.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(words.includes('dream') && words.includes('seem'), words.join(', '));
    const sorted = [...rhymes].sort((a, b) => ((a.sortText ?? '') < (b.sortText ?? '') ? -1 : 1));
    assert.equal(typeof sorted[0]?.label === 'object' && sorted[0].label.description, 'perfect rhyme for “stream”');
    assert.equal(sorted[0]?.sortText?.slice(0, 3), '001', 'a perfect rhyme of one syllable leads');
    const dream = rhymes.find((item) => typeof item.label === 'object' && item.label.label === 'dream');
    assert.ok(dream?.range instanceof vscode.Range && dream.range.isEqual(new vscode.Range(2, 19, 2, 21)), 'it replaces the word being typed');

    // Never while typing: a trigger character asks for completions, no rhymes come.
    const typed = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end, ' ');
    assert.equal(typed.items.filter((item) => typeof item.label === 'object' && /rhyme for/.test(item.label.description ?? '')).length, 0);
    // Not in the middle of a line.
    const middle = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(2, 6));
    assert.equal(middle.items.filter((item) => typeof item.label === 'object' && /rhyme for/.test(item.label.description ?? '')).length, 0);
  });

  it('Lyrics: Find Rhymes lists the rhymes of the word at the cursor, most common first, and the choice replaces the word', async () => {
    const document = await openLyrics(SONG);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor?.document === document);
    editor.selection = new vscode.Selection(5, 27, 5, 27); // in "stream"
    const picking = vscode.commands.executeCommand('lyrics.findRhymes');
    // The picker opens once the dictionary and the thesaurus are there: until then accepting does nothing.
    const deadline = Date.now() + 30_000;
    while (document.lineAt(5).text === 'Paper boats on a winter stream' && Date.now() < deadline) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await picking;
    assert.equal(document.lineAt(5).text, 'Paper boats on a winter seem', 'the first entry: the most common one-syllable perfect rhyme');
  });

  it('hovers a word of a sung line with its pronunciation, stress, syllables, rhymes and synonyms', async () => {
    const document = await openLyrics(SONG);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(5, 19));
    const text = hoverText(hovers);
    assert.match(text, /\*\*winter\*\* · `W IH1 N T ER0` · DUM-da/);
    assert.match(text, /2 syllables: win·ter \(CMUdict\)/);
    assert.match(text, /Rhymes: perfect .*printer \(2\)/);
    assert.match(text, /Synonyms: wintertime \(3\)/);
    assert.match(text, /\[Set pronunciation…\]\(command:lyrics\.setPronunciation\?%5B%22winter%22%5D /);
    const ranged = hovers.find((hover) => hover.range?.isEqual(new vscode.Range(5, 17, 5, 23)));
    assert.ok(ranged, 'the hover covers the word');
    const onTag = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(4, 3));
    assert.doesNotMatch(hoverText(onTag), /syllable/);
  });

  it('hints a meter mismatch against the earlier section of the same name, until the setting turns it off', async () => {
    const document = await openLyrics(SONG);
    const meter = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.filter((d) => codesOf([d])[0] === 'meter-mismatch');
    const found = meter(await diagnosticsWhere(document.uri, (diagnostics) => meter(diagnostics).length === 2));
    assert.deepEqual(
      found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity, d.source, d.message]),
      [
        [15, 0, 53, vscode.DiagnosticSeverity.Hint, 'lyrics', 'Line 1 of [Verse 2] has 14 syllables, line 1 of [Verse 1] has 8 (more than 2 apart).'],
        [16, 0, 10, vscode.DiagnosticSeverity.Hint, 'lyrics', 'Line 2 of [Verse 2] has 3–4 syllables, line 2 of [Verse 1] has 7–8 (more than 2 apart).'],
      ],
    );
    const code = found[0]?.code;
    assert.ok(typeof code === 'object' && code.target.path.endsWith('/docs/rules.md') && /^L\d+$/.test(code.target.fragment), JSON.stringify(code));
    try {
      await setLyricsSetting('syllableTolerance', 5);
      assert.equal(meter(await diagnosticsWhere(document.uri, (diagnostics) => meter(diagnostics).length === 1))[0]?.range.start.line, 15);
      await setLyricsSetting('meterCheck', false);
      await diagnosticsWhere(document.uri, (diagnostics) => meter(diagnostics).length === 0);
      await setLyricsSetting('meterCheck', undefined);
      await diagnosticsWhere(document.uri, (diagnostics) => meter(diagnostics).length === 1);
    } finally {
      await setLyricsSetting('syllableTolerance', undefined);
      await setLyricsSetting('meterCheck', undefined);
    }
    await diagnosticsWhere(document.uri, (diagnostics) => meter(diagnostics).length === 2);
  });

  it('adds each section’s syllables to its Outline detail once the ear has loaded', async () => {
    const document = await openLyrics(SONG);
    await hintsWhere(document, sameHints(HINTS));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(
      symbols.filter((symbol) => symbol.kind === vscode.SymbolKind.Namespace).map((symbol) => `${symbol.name} ${symbol.detail}`),
      ['[Verse 1] 4 lines · 30 syl · 113 chars', '[Chorus] 2 lines · 6 syl · 22 chars', '[Verse 2] 2 lines · 18 syl · 63 chars'],
    );
  });
});
