/**
 * Draft Lyrics with AI and Rewrite with AI… in the real VS Code host, against
 * the fake MiniMax on loopback (its base URL in the user's settings, its key
 * in SecretStorage): drafts into an empty song and into a new document, a
 * rewrite's diff accepted (one undo restores the song) and discarded (nothing
 * changes), the code action on a selection, and each error. The commands
 * take their answers as arguments, as tests can't type into input boxes or
 * click notifications.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DraftOutcome, ProposalOutcome, RewriteOutcome } from '../../src/extension/lyricsAi';
import { FAKE_DRAFT_LYRICS, type FakeProvider, type FaultPlan } from '../fakeProvider';
import { connectFakeMinimax, disconnectFakeMinimax } from './fakeMinimax';
import { activeApi, closeAllEditorsWithoutSaving, codesOf, diagnosticsWhere } from './waitFor';

const FRONT = '---\ntitle: Night Drive\nprompt: Synthwave, 96 BPM, warm pads\n---\n';
const SONG = `${FRONT}[Verse]\nThe road is long\n# TODO: a stronger image\nThe night is strong\n\n[Chorus]\nDrive all night\nHold me tight\n`;
const REVISED_VERSE = '[Verse]\nThe highway hums\nThe engine drums\n\n[Chorus]\nDrive all night\nHold me tight';

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with a workspace folder open');
  return folder.uri.fsPath;
}

/** The diff tabs that show a proposal. */
function proposalTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => tab.input)
    .filter((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.modified.scheme === 'lyrics-proposal');
}

describe('Draft and rewrite lyrics with AI in a real VS Code host (fake MiniMax)', function () {
  this.timeout(60_000);
  let fake: FakeProvider;
  let folder: string;
  let count = 0;

  before(async () => {
    await activeApi();
    fake = await connectFakeMinimax();
    folder = fs.mkdtempSync(path.join(workspaceFolder(), 'lyrics-ai-'));
  });

  after(async () => {
    await closeAllEditorsWithoutSaving();
    await disconnectFakeMinimax(fake);
  });

  beforeEach(() => fake.reset());
  afterEach(() => closeAllEditorsWithoutSaving());

  async function openSong(text: string): Promise<vscode.TextDocument> {
    const file = path.join(folder, `song-${++count}.lyrics`);
    fs.writeFileSync(file, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    return document;
  }

  const draft = (args: unknown): Thenable<DraftOutcome> => vscode.commands.executeCommand<DraftOutcome>('lyrics.draftLyrics', args);
  const rewrite = (args: unknown): Thenable<RewriteOutcome> => vscode.commands.executeCommand<RewriteOutcome>('lyrics.rewriteLyrics', args);
  const sent = (): Record<string, unknown> => (fake.requestsFor('lyrics', 'minimax')[0]?.body ?? {}) as Record<string, unknown>;

  describe('Draft Lyrics with AI', () => {
    it('fills a song whose lyrics are empty, from its front-matter prompt and title, in one undoable edit', async () => {
      const song = await openSong(FRONT);
      const outcome = await draft(song.uri);
      assert.deepEqual(outcome, { status: 'filled', uri: song.uri.toString(), title: 'Night Drive' });
      assert.deepEqual(sent(), { mode: 'write_full_song', prompt: 'Synthwave, 96 BPM, warm pads', title: 'Night Drive' });
      assert.equal(song.getText(), `${FRONT}${FAKE_DRAFT_LYRICS}\n`);
      assert.equal(fs.readFileSync(song.uri.fsPath, 'utf8'), FRONT, 'nothing is saved without the writer');
      // The lyrics model's own tags ([Verse 1], [Pre-Chorus], [Build-up]) lint clean.
      await diagnosticsWhere(song.uri, (diagnostics) => diagnostics.length === 0);
      await vscode.window.showTextDocument(song);
      await vscode.commands.executeCommand('undo');
      assert.equal(song.getText(), FRONT);
    });

    it('opens a new untitled song (front matter: prompt, title, style tags) when the song has lyrics; it is linted like any song', async () => {
      const song = await openSong(SONG);
      const long = Array.from({ length: 150 }, (_, i) => `This is line ${i} of a very long draft`).join('\n');
      fake.setMinimax({ lyricsAnswer: { lyrics: `[Verse 1]\n${long}` } });
      const outcome = await draft({ uri: song.uri, prompt: 'A song about trains' });
      assert.equal(outcome.status, 'opened', JSON.stringify(outcome));
      if (outcome.status !== 'opened') return;
      assert.equal(outcome.title, 'Midnight Drive');
      assert.deepEqual(sent(), { mode: 'write_full_song', prompt: 'A song about trains' });
      const created = vscode.workspace.textDocuments.find((document) => document.uri.toString() === outcome.uri);
      assert.ok(created, 'the new song is open');
      assert.equal(created.uri.scheme, 'untitled');
      assert.equal(created.languageId, 'lyrics');
      assert.equal(
        created.getText(),
        `---\ntitle: Midnight Drive\nprompt: A song about trains\n# style tags from MiniMax: Synthwave, Nostalgic, Driving, Female Vocals\n---\n[Verse 1]\n${long}\n`,
      );
      assert.equal(vscode.window.activeTextEditor?.document, created);
      // Longer than the music model takes: kept whole, and the usual diagnostic says so.
      const diagnostics = await diagnosticsWhere(created.uri, (found) => found.length > 0);
      assert.deepEqual(codesOf(diagnostics), ['lyrics-too-long']);
      assert.equal(song.getText(), SONG, 'the open song is untouched');
    });

    it('without a MiniMax key explains that only MiniMax has a lyrics model; nothing is sent', async () => {
      await vscode.commands.executeCommand('lyrics.clearApiCredentials', { provider: 'minimax' });
      try {
        const song = await openSong(FRONT);
        const outcome = await draft(song.uri);
        assert.equal(outcome.status, 'not-started');
        assert.equal('kind' in outcome ? outcome.kind : '', 'no-credentials');
        assert.match('message' in outcome ? outcome.message : '', /only MiniMax offers one \(Cloudflare and Scenario don’t\)/);
        assert.equal(fake.requests.length, 0);
        assert.equal(song.getText(), FRONT);
      } finally {
        await vscode.commands.executeCommand('lyrics.setApiCredentials', { provider: 'minimax', credentials: fake.credentials.minimax });
      }
    });

    it('a failure (1008) fills nothing and opens nothing', async () => {
      fake.setFaults({ lyrics: { kind: 'minimaxBaseResp', statusCode: 1008 } });
      const song = await openSong(FRONT);
      const documents = vscode.workspace.textDocuments.length;
      const outcome = await draft(song.uri);
      assert.equal(outcome.status, 'failed');
      assert.equal('kind' in outcome ? outcome.kind : '', 'quota');
      assert.equal(song.getText(), FRONT);
      assert.equal(vscode.workspace.textDocuments.length, documents);
    });
  });

  describe('Rewrite with AI…', () => {
    it('opens a diff; Accept replaces only the changed lines in one edit, and one undo restores the song', async () => {
      const song = await openSong(SONG);
      fake.setMinimax({ lyricsAnswer: { lyrics: REVISED_VERSE } });
      const outcome = await rewrite({ uri: song.uri, instruction: 'more concrete images in the verse' });
      assert.equal(outcome.status, 'preview', JSON.stringify(outcome));
      if (outcome.status !== 'preview') return;
      assert.deepEqual(sent(), {
        mode: 'edit',
        prompt: outcome.prompt,
        lyrics: '[Verse]\nThe road is long\nThe night is strong\n\n[Chorus]\nDrive all night\nHold me tight',
        title: 'Night Drive',
      });
      // The shape is asked for by default: syllables per line and the rhyme scheme of every section.
      assert.match(
        outcome.prompt,
        /^more concrete images in the verse\.\n\nKeep the shape: .*\n\[Verse\]: 2 lines of 4, 4 syllables, rhyme scheme AA\.\n\[Chorus\]: 2 lines of 3, 3 syllables, rhyme scheme AA\.$/,
      );
      assert.deepEqual(outcome.droppedComments, [{ line: 6, text: '# TODO: a stronger image' }]);

      const expected = `${FRONT}[Verse]\nThe highway hums\nThe engine drums\n\n[Chorus]\nDrive all night\nHold me tight\n`;
      const [diff, ...others] = proposalTabs();
      assert.equal(others.length, 0);
      assert.equal(diff?.original.toString(), song.uri.toString());
      assert.equal(diff?.modified.toString(), outcome.proposal);
      assert.equal((await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.proposal))).getText(), expected);
      assert.equal(song.getText(), SONG, 'nothing changes before Accept');

      const accepted = await vscode.commands.executeCommand<ProposalOutcome>('lyrics.acceptRewrite', outcome.proposal);
      assert.deepEqual(accepted, { status: 'accepted', song: song.uri.toString() });
      assert.equal(song.getText(), expected);
      assert.deepEqual(proposalTabs(), [], 'the diff is closed');
      assert.equal(fs.readFileSync(song.uri.fsPath, 'utf8'), SONG, 'not saved: the writer saves');

      await vscode.window.showTextDocument(song);
      await vscode.commands.executeCommand('undo');
      assert.equal(song.getText(), SONG, 'one undo restores the song');
    });

    it('with a selection names its section (the second [Chorus]); Discard changes nothing', async () => {
      const song = await openSong(`${SONG}\n[Verse 2]\nLights go by\nStars in the sky\n\n[Chorus]\nDrive all night\nHold me tight\n`);
      const range = new vscode.Range(18, 0, 19, 11);
      const outcome = await rewrite({ uri: song.uri, range, instruction: 'make the chorus punchier', keepShape: false });
      assert.equal(outcome.status, 'preview', JSON.stringify(outcome));
      if (outcome.status !== 'preview') return;
      assert.equal(outcome.prompt, 'make the chorus punchier. Change only the second [Chorus] section; keep every other line exactly as it is.');
      const before = song.getText();
      const discarded = await vscode.commands.executeCommand<ProposalOutcome>('lyrics.discardRewrite', outcome.proposal);
      assert.deepEqual(discarded, { status: 'discarded', song: song.uri.toString() });
      assert.equal(song.getText(), before);
      assert.equal(song.isDirty, false);
      assert.deepEqual(proposalTabs(), []);
      const again = await vscode.commands.executeCommand<ProposalOutcome>('lyrics.acceptRewrite', outcome.proposal);
      assert.equal(again.status, 'none', 'a discarded proposal can no longer be accepted');
      assert.equal(song.getText(), before);
    });

    it('refuses to apply a proposal made for an older version of the song', async () => {
      const song = await openSong(SONG);
      const outcome = await rewrite({ uri: song.uri, instruction: 'continue with a bridge', keepShape: false });
      assert.equal(outcome.status, 'preview');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(song.uri, new vscode.Position(song.lineCount - 1, 0), 'typed meanwhile\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const typed = song.getText();
      const accepted = await vscode.commands.executeCommand<ProposalOutcome>(
        'lyrics.acceptRewrite',
        outcome.status === 'preview' ? outcome.proposal : undefined,
      );
      assert.equal(accepted.status, 'stale');
      assert.equal(song.getText(), typed);
    });

    it('is offered as a code action on a selection in the lyrics, not on an empty one or in the front matter', async () => {
      const song = await openSong(SONG);
      const titles = async (range: vscode.Range): Promise<string[]> =>
        (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', song.uri, range)).map((action) => action.title);
      const selection = new vscode.Range(4, 0, 5, 3);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', song.uri, selection);
      const action = actions.find((candidate) => candidate.title === 'Rewrite with AI…');
      assert.ok(action, `offered among ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(action.command?.command, 'lyrics.rewriteLyrics');
      const [argument] = (action.command?.arguments ?? []) as Array<{ uri: vscode.Uri; range: vscode.Range }>;
      assert.equal(argument?.uri.toString(), song.uri.toString());
      assert.ok(argument?.range.isEqual(selection));
      assert.ok(!(await titles(new vscode.Range(5, 2, 5, 2))).includes('Rewrite with AI…'));
      assert.ok(!(await titles(new vscode.Range(1, 0, 2, 5))).includes('Rewrite with AI…'));
    });

    const failures: Array<[string, FaultPlan, string, RegExp]> = [
      ['1008 insufficient balance', { lyrics: { kind: 'minimaxBaseResp', statusCode: 1008 } }, 'quota', /insufficient balance.*Add credits/],
      ['1026 sensitive input', { lyrics: { kind: 'minimaxBaseResp', statusCode: 1026 } }, 'content-policy', /flagged the prompt or lyrics as sensitive/],
      ['2013 invalid parameters', { lyrics: { kind: 'minimaxBaseResp', statusCode: 2013 } }, 'invalid-request', /rejected a parameter/],
      ['2049 invalid key', { lyrics: { kind: 'minimaxBaseResp', statusCode: 2049 } }, 'auth', /must be of one region/],
      ['HTTP 500', { lyrics: { kind: 'status', status: 500 } }, 'server', /HTTP 500/],
      ['a hang', { lyrics: { kind: 'neverAnswer' } }, 'timeout', /No lyrics from MiniMax after 300 ms/],
    ];
    for (const [name, faults, kind, message] of failures) {
      it(`${name}: ${kind}, no diff, the song unchanged`, async () => {
        fake.setFaults(faults);
        const song = await openSong(SONG);
        const outcome = await rewrite({ uri: song.uri, instruction: 'x', timeoutMs: 300 });
        assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
        assert.equal('kind' in outcome ? outcome.kind : '', kind);
        assert.match('message' in outcome ? outcome.message : '', message);
        assert.match('message' in outcome ? outcome.message : '', /Nothing changed\.$/);
        assert.equal(song.getText(), SONG);
        assert.deepEqual(proposalTabs(), []);
      });
    }

    it('a song without lyrics has nothing to rewrite; nothing is sent', async () => {
      const song = await openSong(FRONT);
      const outcome = await rewrite({ uri: song.uri, instruction: 'x' });
      assert.equal(outcome.status, 'not-started');
      assert.equal(fake.requests.length, 0);
    });
  });
});
