/**
 * Issue 8 items 3 and 10 in the real VS Code host: an output folder outside
 * the workspace is written to only after the user says yes (asked once per
 * folder, and a "no" sends nothing); the player's resource roots never go
 * beyond the real takes folder; a restored panel's saved target is checked
 * as a fresh open is; a take whose audio is a link to /dev/zero is listed as
 * "not a regular file" and never served.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LyricsStudioApi } from '../../src/extension/extension';
import type { GenerationOutcome } from '../../src/extension/generateSong';
import type { FakeProvider } from '../fakeProvider';
import { connectFakeMinimax, disconnectFakeMinimax } from './fakeMinimax';
import { activeApi, closeAllEditorsWithoutSaving, playerWhere } from './waitFor';

const PLAYER_VIEW_TYPE = 'lyrics.player';

describe('Output folder outside the workspace (real host)', function () {
  this.timeout(60_000);
  let api: LyricsStudioApi;
  let fake: FakeProvider;
  let folder: string;
  let outside: string;
  let song: vscode.Uri;
  const asked: string[] = [];
  let answer = false;

  before(async () => {
    api = await activeApi();
    assert.ok(api.playerTest, 'the extension runs in Test mode here');
    api.playerTest.setOutsideFolderAnswer(async ({ folder: asking }) => {
      asked.push(asking);
      return answer;
    });
    fake = await connectFakeMinimax();
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace);
    folder = fs.mkdtempSync(path.join(workspace, 'outside-'));
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-outside-')));
    const file = path.join(folder, 'outside-song.lyrics');
    fs.writeFileSync(file, ['---', 'prompt: Upbeat indie pop, 118 BPM', 'provider: minimax', 'format: wav', '---', '[Verse]', 'Far away', ''].join('\n'));
    song = vscode.Uri.file(file);
  });

  after(async () => {
    api.playerTest?.setOutsideFolderAnswer(undefined);
    await closeAllEditorsWithoutSaving();
    await vscode.workspace.getConfiguration('lyrics').update('outputFolder', undefined, vscode.ConfigurationTarget.Global);
    await disconnectFakeMinimax(fake);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('asks before writing outside the workspace: “no” sends nothing, “yes” is remembered, and the roots stay the real folder', async () => {
    await vscode.workspace.getConfiguration('lyrics').update('outputFolder', path.join(outside, 'takes'), vscode.ConfigurationTarget.Global);
    answer = false;
    const refused = await vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', song);
    assert.equal(refused.status, 'not-started', JSON.stringify(refused));
    assert.equal(asked.length, 1);
    assert.equal(fake.requests.length, 0, 'nothing was sent');
    assert.ok(!fs.existsSync(path.join(outside, 'takes')), 'nothing was written');

    answer = true;
    const saved = await vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', song);
    assert.equal(saved.status, 'saved', JSON.stringify(saved));
    assert.equal(asked.length, 2);
    if (saved.status !== 'saved') return;
    assert.equal(path.dirname(saved.audioPath), path.join(outside, 'takes'));
    const panel = await playerWhere(api, song, (p) => p.takes.length === 1);
    assert.deepEqual(panel.localResourceRoots.slice(1), [path.join(outside, 'takes')]);

    // Remembered for this folder: the next generation does not ask again.
    const again = await vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', song);
    assert.equal(again.status, 'saved', JSON.stringify(again));
    assert.equal(asked.length, 2, 'asked once per folder');
  });

  it('restores a panel only for a target a fresh open would accept', async () => {
    // An audio file outside every workspace folder: its folder must not become a resource root.
    const stray = path.join(outside, 'stray.wav');
    fs.writeFileSync(stray, 'RIFF');
    const strayUri = vscode.Uri.file(stray);
    const strayPanel = vscode.window.createWebviewPanel(PLAYER_VIEW_TYPE, 'stray', vscode.ViewColumn.Beside, {});
    await api.playerTest?.restore(strayPanel, { target: { kind: 'audio', uri: strayUri.toString() }, selectedId: null, volume: 0.5, loop: false, time: 0 });
    assert.match(strayPanel.webview.html, /could not be restored/);
    assert.deepEqual(strayPanel.webview.options.localResourceRoots ?? [], []);
    assert.ok(!api.playerState().some((p) => p.target.uri === strayUri.toString()));
    strayPanel.dispose();

    // A song in the workspace whose takes/ is a symlink to an unapproved folder elsewhere.
    const linked = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-linked-')));
    const other = fs.mkdtempSync(path.join(folder, 'linked-'));
    fs.symlinkSync(linked, path.join(other, 'takes'));
    const otherSong = path.join(other, 'linked.lyrics');
    fs.writeFileSync(otherSong, '---\nprompt: p\n---\n');
    await vscode.workspace.getConfiguration('lyrics').update('outputFolder', undefined, vscode.ConfigurationTarget.Global);
    const linkedPanel = vscode.window.createWebviewPanel(PLAYER_VIEW_TYPE, 'linked', vscode.ViewColumn.Beside, {});
    await api.playerTest?.restore(linkedPanel, {
      target: { kind: 'song', uri: vscode.Uri.file(otherSong).toString() },
      selectedId: null,
      volume: 0.5,
      loop: false,
      time: 0,
    });
    assert.match(linkedPanel.webview.html, /could not be restored/);
    linkedPanel.dispose();
    fs.rmSync(linked, { recursive: true, force: true });
  });

  it('lists a take whose audio links to /dev/zero as “not a regular file”, and never serves it', async function () {
    if (process.platform === 'win32') this.skip();
    await vscode.workspace.getConfiguration('lyrics').update('outputFolder', undefined, vscode.ConfigurationTarget.Global);
    // A song of its own, so no panel opened earlier (on the outside folder) is merely revealed.
    const own = fs.mkdtempSync(path.join(folder, 'zero-'));
    const zeroSong = vscode.Uri.file(path.join(own, 'outside-song.lyrics'));
    fs.writeFileSync(zeroSong.fsPath, '---\nprompt: p\n---\n');
    const takes = path.join(own, 'takes');
    fs.mkdirSync(takes, { recursive: true });
    const base = 'outside-song-20261121-101500';
    fs.symlinkSync('/dev/zero', path.join(takes, `${base}.wav`));
    fs.writeFileSync(
      path.join(takes, `${base}.json`),
      JSON.stringify({
        audio: `${base}.wav`,
        provider: 'minimax',
        model: 'music-2.6',
        settings: { is_instrumental: false, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000, format: 'wav' },
        format: 'wav',
        prompt: 'p',
        lyrics: 'l',
        song: '../outside-song.lyrics',
        createdAt: '2026-11-21T10:15:00.000Z',
        durationMs: 1000,
        requestId: null,
      }),
    );
    await vscode.commands.executeCommand('lyrics.openPlayer', zeroSong);
    const panel = await playerWhere(api, zeroSong, (p) => p.folder === fs.realpathSync(takes) && p.takes.some((take) => take.id === `${base}.json`));
    const take = panel.takes.find((candidate) => candidate.id === `${base}.json`);
    assert.match(take?.problem ?? '', /not a regular file/);
    // The peaks request for it answers at once (no endless read of /dev/zero).
    await api.playerTest?.receive(zeroSong.toString(), { type: 'requestPeaks', id: `${base}.json` });
  });
});
