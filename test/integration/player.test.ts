/**
 * The Lyrics Player in the real VS Code host: opened by a generation against
 * the fake provider, listing and following takes on disk, its HTML's CSP,
 * the serializer, and how it treats bad input. The webview really runs (in
 * the harness's Chromium); tests read what it shows through the status it
 * reports to the host (`api.playerState()`), waiting on `onDidUpdatePlayer`.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LyricsStudioApi } from '../../src/extension/extension';
import type { GenerationOutcome } from '../../src/extension/generateSong';
import { renderWav, type FakeProvider } from '../fakeProvider';
import { connectFakeMinimax, disconnectFakeMinimax } from './fakeMinimax';
import { activeApi, closeAllEditorsWithoutSaving, playerWhere } from './waitFor';

const PLAYER_VIEW_TYPE = 'lyrics.player';

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with a workspace folder open');
  return folder.uri.fsPath;
}

function sidecarFor(audio: string, createdAt: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    audio,
    provider: 'cloudflare',
    model: 'minimax/music-2.6',
    settings: { is_instrumental: false, lyrics_optimizer: false, sample_rate: 24000, bitrate: 128000, format: 'wav' },
    format: 'wav',
    prompt: 'Lo-fi hip hop, 80 BPM, vinyl crackle',
    lyrics: '[Verse]\nFrom the terminal',
    title: null,
    song: '../player-song.lyrics',
    createdAt,
    durationMs: 1000,
    requestId: null,
    ...extra,
  });
}

describe('Lyrics Player in a real VS Code host', function () {
  this.timeout(60_000);
  let api: LyricsStudioApi;
  let fake: FakeProvider;
  let folder: string;
  let song: vscode.Uri;
  let takes: string;
  let generated: { audioPath: string; sidecarPath: string };

  before(async () => {
    api = await activeApi();
    assert.ok(api.playerTest, 'the extension runs in Test mode here, so its test hooks exist');
    fake = await connectFakeMinimax();
    folder = fs.mkdtempSync(path.join(workspaceFolder(), 'player-'));
    takes = path.join(folder, 'takes');
    const file = path.join(folder, 'player-song.lyrics');
    fs.writeFileSync(
      file,
      [
        '---',
        'title: Player Song',
        'prompt: Upbeat indie pop, 118 BPM',
        'provider: minimax   # keep this comment',
        'format: wav',
        '---',
        '[Verse]',
        'Windows down',
        '',
      ].join('\n'),
    );
    song = vscode.Uri.file(file);
  });

  afterEach(function () {
    // A timed-out wait says nothing by itself: add what the player panels looked like.
    const failed = this.currentTest;
    if (failed?.state === 'failed' && failed.err) {
      const panels = api.playerState().map(({ html: _html, ...rest }) => rest);
      failed.err.message += `\nplayer panels: ${JSON.stringify(panels, null, 1)}`;
    }
  });

  after(async () => {
    api.playerTest?.setDeleteConfirmation(undefined);
    await closeAllEditorsWithoutSaving();
    await disconnectFakeMinimax(fake);
  });

  it('opens beside the editor on the new take when a generation finishes, keeping the focus in the editor', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(song));
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', song);
    assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
    if (outcome.status !== 'saved') return;
    generated = outcome;
    const id = path.basename(outcome.sidecarPath);
    const panel = await playerWhere(api, song, (p) => p.ready && p.status?.selectedId === id && p.status.audioSrc.includes(path.basename(outcome.audioPath)));
    assert.deepEqual(
      panel.takes.map((take) => take.id),
      [id],
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), song.toString(), 'the editor keeps the focus');
    assert.notEqual(panel.viewColumn, editor.viewColumn, 'the player is beside the editor');
    assert.ok(panel.visible);
  });

  it('serves a strict CSP with a fresh nonce, no inline handlers, and only media/ and the takes folder as roots', () => {
    const panel = api.playerState().find((p) => p.target.uri === song.toString());
    const html = panel?.html ?? '';
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]{22,})'/.exec(csp)?.[1];
    assert.ok(nonce, `no script nonce in ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*[^.]|https?:\/\/(?!\*\.vscode-cdn\.net)/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0 && scripts.every((tag) => tag.includes(`nonce="${nonce}"`) && / src="/.test(tag)), scripts.join('\n'));
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.deepEqual(panel?.localResourceRoots, [path.join(path.dirname(path.dirname(path.dirname(__dirname))), 'media'), takes]);
  });

  it('follows the folder: a take written by `lyrics generate` appears, newest first; removed, it goes', async () => {
    const base = 'player-song-20991231-235959';
    fs.writeFileSync(path.join(takes, `${base}.wav`), renderWav({ durationSeconds: 1, sampleRate: 24000, channels: 1 }));
    fs.writeFileSync(path.join(takes, `${base}.json`), sidecarFor(`${base}.wav`, '2099-12-31T23:59:59.000Z'));
    await playerWhere(api, song, (p) => p.takes[0]?.id === `${base}.json` && p.takes.length === 2);
    fs.rmSync(path.join(takes, `${base}.wav`));
    fs.rmSync(path.join(takes, `${base}.json`));
    await playerWhere(api, song, (p) => p.takes.length === 1);
  });

  it('lists a sidecar that is not JSON with a clear problem, and keeps the rest', async () => {
    const name = 'player-song-20000101-000000.json';
    fs.writeFileSync(path.join(takes, name), '{ this is not json');
    const panel = await playerWhere(api, song, (p) => p.takes.some((take) => take.id === name));
    assert.match(panel.takes.find((take) => take.id === name)?.problem ?? '', /not valid JSON/);
    fs.rmSync(path.join(takes, name));
    await playerWhere(api, song, (p) => !p.takes.some((take) => take.id === name));
  });

  it('ignores malformed messages and requests for takes it did not list, and says so in the panel', async () => {
    const before = api.playerState().find((p) => p.target.uri === song.toString())?.rejected.length ?? 0;
    await api.playerTest?.receive(song.toString(), { type: 'launch-missiles' });
    await api.playerTest?.receive(song.toString(), { type: 'action', action: 'delete', id: 'x', path: '/etc/passwd' });
    await api.playerTest?.receive(song.toString(), { type: 'action', action: 'delete', id: '../player-song.lyrics' });
    const panel = await playerWhere(api, song, (p) => p.rejected.length >= before + 3 && (p.status?.notice?.text ?? '').length > 0);
    assert.ok(fs.existsSync(song.fsPath), 'nothing outside the list is touched');
    assert.match(panel.rejected.at(-1) ?? '', /did not list/);
    assert.match(panel.status?.notice?.text ?? '', /no longer in the list|did not understand/);
  });

  it('"use these settings" writes the take’s settings into the front matter, keeping comments', async () => {
    const base = 'player-song-19990101-000000';
    fs.writeFileSync(path.join(takes, `${base}.json`), sidecarFor(`${base}.wav`, '1999-01-01T00:00:00.000Z'));
    await playerWhere(api, song, (p) => p.takes.some((take) => take.id === `${base}.json`));
    await api.playerTest?.receive(song.toString(), { type: 'action', action: 'useSettings', id: `${base}.json` });
    const document = await vscode.workspace.openTextDocument(song);
    const text = document.getText();
    assert.match(text, /^prompt: Lo-fi hip hop, 80 BPM, vinyl crackle$/m);
    assert.match(text, /^provider: cloudflare {3}# keep this comment$/m);
    assert.match(text, /^sample_rate: 24000$/m);
    assert.match(text, /^title: Player Song$/m);
    assert.ok(text.endsWith('---\n[Verse]\nWindows down\n'));
    await vscode.commands.executeCommand('workbench.action.files.revert', song);
    fs.rmSync(path.join(takes, `${base}.json`));
  });

  it('shows the selected take deleted on disk as deleted, and stops it', async () => {
    const id = path.basename(generated.sidecarPath);
    await playerWhere(api, song, (p) => p.status?.selectedId === id);
    fs.rmSync(generated.audioPath);
    fs.rmSync(generated.sidecarPath);
    const panel = await playerWhere(api, song, (p) => /was deleted/.test(p.status?.notice?.text ?? ''));
    assert.equal(panel.status?.selectedId, null);
    assert.equal(panel.status?.playing, false);
  });

  it('opens an audio file from the explorer, lists its folder, and reports a corrupt file in the panel', async () => {
    const corrupt = path.join(takes, 'broken.wav');
    fs.writeFileSync(corrupt, Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEgarbage garbage garbage'));
    const uri = vscode.Uri.file(corrupt);
    await vscode.commands.executeCommand('lyrics.openInPlayer', uri);
    const panel = await playerWhere(api, uri, (p) => p.status?.selectedId === 'broken.wav' && p.status.notice?.level === 'error');
    assert.equal(panel.target.kind, 'audio');
    assert.match(panel.status?.notice?.text ?? '', /Can't play broken\.wav/);
    // Running it again reveals the same panel.
    await vscode.commands.executeCommand('lyrics.openInPlayer', uri);
    assert.equal(api.playerState().filter((p) => p.target.uri === uri.toString()).length, 1);
  });

  it('deletes a take (audio and sidecar) after confirmation', async () => {
    const base = 'player-song-20500101-000000';
    fs.writeFileSync(path.join(takes, `${base}.wav`), renderWav({ durationSeconds: 1, sampleRate: 24000, channels: 1 }));
    fs.writeFileSync(path.join(takes, `${base}.json`), sidecarFor(`${base}.wav`, '2050-01-01T00:00:00.000Z'));
    // The explorer test put another player in front; show the song's again so its webview runs.
    await vscode.commands.executeCommand('lyrics.openPlayer', song);
    await playerWhere(api, song, (p) => p.visible && p.ready && p.status !== null && p.takes.some((take) => take.id === `${base}.json`));
    const asked: string[] = [];
    api.playerTest?.setDeleteConfirmation(async (message) => {
      asked.push(message);
      return true;
    });
    await api.playerTest?.receive(song.toString(), { type: 'action', action: 'delete', id: `${base}.json` });
    const panel = await playerWhere(
      api,
      song,
      (p) => (!p.takes.some((take) => take.id === `${base}.json`) && /^Deleted /.test(p.status?.notice?.text ?? '')) || p.status?.notice?.level === 'error',
    );
    assert.notEqual(panel.status?.notice?.level, 'error', panel.status?.notice?.text);
    // Asked once; a second time when the file system has no trash (a VS Code server's has none).
    assert.ok(asked.length === 1 || (asked.length === 2 && /no trash/.test(asked[1] ?? '')), asked.join(' | '));
    assert.match(asked[0] ?? '', new RegExp(`${base}\\.wav and ${base}\\.json\\? They go to the trash`));
    assert.ok(!fs.existsSync(path.join(takes, `${base}.wav`)) && !fs.existsSync(path.join(takes, `${base}.json`)));
  });

  it('is restored by its serializer from the saved state, and refuses a state it can’t use', async () => {
    const restoredPanel = vscode.window.createWebviewPanel(PLAYER_VIEW_TYPE, 'restoring', vscode.ViewColumn.Beside, {});
    await api.playerTest?.restore(restoredPanel, { target: { kind: 'song', uri: song.toString() }, selectedId: null, volume: 0.5, loop: true, time: 3 });
    const panel = await playerWhere(api, song, (p) => p.ready && p.status !== null);
    assert.equal(api.playerState().filter((p) => p.target.uri === song.toString()).length, 1, 'one panel per song');
    assert.match(panel.html ?? '', /default-src 'none'/);

    const junkPanel = vscode.window.createWebviewPanel(PLAYER_VIEW_TYPE, 'junk', vscode.ViewColumn.Beside, {});
    await api.playerTest?.restore(junkPanel, { target: { kind: 'folder', uri: 'file:///' } });
    assert.match(junkPanel.webview.html, /could not be restored/);
    assert.equal(junkPanel.webview.options.enableScripts, false);
    junkPanel.dispose();
  });
});
