/**
 * Songs paid for but not downloaded yet, in the Lyrics Player of a real VS
 * Code host: recovery records (`<song>-<time>.pending.json`) listed under the
 * takes and followed on disk, Discard behind a plain confirmation, the
 * player acting only on records it listed, and Retry download going through
 * `lyrics.recoverTake` against the fake provider without a new generate request.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RECORD_KIND, type RecoveryRecord } from '../../src/core/takes/recoveryRecord';
import type { LyricsStudioApi } from '../../src/extension/extension';
import type { GenerationOutcome } from '../../src/extension/generateSong';
import type { FakeProvider } from '../fakeProvider';
import { connectFakeMinimax, disconnectFakeMinimax } from './fakeMinimax';
import { activeApi, closeAllEditorsWithoutSaving, playerWhere } from './waitFor';

const SONG = 'night-drive';

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests run with a workspace folder open');
  return folder.uri.fsPath;
}

/** A valid record of SONG, as the generator writes it; `fields` change what it allows. */
function record(fields: Partial<RecoveryRecord> = {}): RecoveryRecord {
  return {
    kind: RECORD_KIND,
    version: 1,
    provider: 'minimax',
    model: 'music-2.6',
    settings: { is_instrumental: false, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000, format: 'wav' },
    prompt: 'Dreamy synthwave, 96 BPM',
    lyrics: '[Verse]\nStreetlights hum',
    title: 'Night Drive',
    song: `../${SONG}.lyrics`,
    submittedAt: '2026-11-21T10:15:00.000Z',
    requestId: 'trace-0001',
    jobId: null,
    audioUrls: ['https://files.invalid/song.wav?X-Amz-Signature=abc'],
    inlineAudio: null,
    expectedFormat: 'wav',
    durationMs: null,
    answer: '{"data":{"audio":"https://files.invalid/song.wav"}}',
    reason: 'The download link was refused (HTTP 403): it may have expired.',
    attempts: [{ at: '2026-11-21T10:16:00.000Z', reason: 'The download link was refused (HTTP 403): it may have expired.' }],
    ...fields,
  };
}

describe('Not downloaded yet: recovery records in the Lyrics Player', function () {
  this.timeout(60_000);
  let api: LyricsStudioApi;
  let fake: FakeProvider;
  let folder: string;
  let takes: string;
  let song: vscode.Uri;
  const asked: string[] = [];
  let answer = false;

  const write = (name: string, content: RecoveryRecord | string): string => {
    const file = path.join(takes, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    return file;
  };
  const pendingIds = (panel: { pending: ReadonlyArray<{ id: string }> }): string[] => panel.pending.map((entry) => entry.id);

  before(async () => {
    api = await activeApi();
    assert.ok(api.playerTest, 'the extension runs in Test mode here, so its test hooks exist');
    fake = await connectFakeMinimax();
    folder = fs.mkdtempSync(path.join(workspaceFolder(), 'recovery-'));
    // takes/ is made by the first test, as a generation would: VS Code's watcher misses a folder made in the same
    // instant as its parent (it starts following the parent only after seeing it), and with it every file inside.
    takes = path.join(folder, 'takes');
    const file = path.join(folder, `${SONG}.lyrics`);
    fs.writeFileSync(
      file,
      ['---', 'title: Night Drive', 'prompt: Dreamy synthwave, 96 BPM', 'provider: minimax', 'format: wav', '---', '[Verse]', 'Streetlights hum', ''].join(
        '\n',
      ),
    );
    song = vscode.Uri.file(file);
    api.playerTest.setDeleteConfirmation((message) => {
      asked.push(message);
      return Promise.resolve(answer);
    });
    await vscode.commands.executeCommand('lyrics.openPlayer', song);
    await playerWhere(api, song, (p) => p.ready);
  });

  beforeEach(() => {
    asked.length = 0;
    answer = false;
    fake.reset();
  });

  afterEach(function () {
    // A timed-out wait says nothing by itself: add what the player panels looked like.
    const failed = this.currentTest;
    if (failed?.state === 'failed' && failed.err) {
      const panels = api.playerState().map(({ html: _html, ...rest }) => rest);
      failed.err.message += `\nplayer panels: ${JSON.stringify(panels, null, 1)}\nfiles: ${fs.readdirSync(takes).join(', ')}`;
    }
  });

  after(async () => {
    api.playerTest?.setDeleteConfirmation(undefined);
    await closeAllEditorsWithoutSaving();
    await disconnectFakeMinimax(fake);
  });

  it('lists the song’s records under the takes, with what each allows, and follows them on disk', async () => {
    // Folder and records at once, as the generator's first failure writes them: the player lists them all the same.
    fs.mkdirSync(takes);
    const download = `${SONG}-20261121-101500.pending.json`;
    const resume = `${SONG}-20261121-111500.pending.json`;
    const none = `${SONG}-20261121-091500.pending.json`;
    const unreadable = `${SONG}-20261120-080000.pending.json`;
    write(download, record());
    write(resume, record({ provider: 'scenario', submittedAt: '2026-11-21T11:15:00.000Z', audioUrls: [], jobId: 'job-42', requestId: 'job-42' }));
    write(none, record({ submittedAt: '2026-11-21T09:15:00.000Z', audioUrls: [], reason: 'The answer held no audio.' }));
    write(unreadable, '{ this is not json');
    // Another song's record in the same folder is not this song's.
    const other = write('other-song-20261121-101500.pending.json', record({ song: '../other-song.lyrics' }));

    const panel = await playerWhere(api, song, (p) => p.pending.length === 4);
    assert.deepEqual(pendingIds(panel), [resume, download, none, unreadable], 'newest first; the unreadable one (no time) last');
    assert.deepEqual(
      panel.pending.map((entry) => entry.action),
      ['resume', 'download', 'none', 'none'],
    );
    assert.match(panel.pending[3]?.problem ?? '', /can't be used: it is not valid JSON/);
    assert.ok(panel.pending.every((entry) => !entry.busy));
    assert.deepEqual(panel.takes, [], 'a record is never listed as a take');

    // Rewritten with an audio URL (a later version found one), it offers the download.
    write(none, record({ submittedAt: '2026-11-21T09:15:00.000Z' }));
    await playerWhere(api, song, (p) => p.pending.find((entry) => entry.id === none)?.action === 'download');
    for (const name of [resume, none, unreadable]) fs.rmSync(path.join(takes, name));
    fs.rmSync(other);
    const after = await playerWhere(api, song, (p) => p.pending.length === 1);
    assert.deepEqual(pendingIds(after), [download]);
  });

  it('Discard asks plainly first; answered no, the record stays', async () => {
    const name = `${SONG}-20261121-101500.pending.json`;
    await playerWhere(api, song, (p) => pendingIds(p).includes(name));
    answer = false;
    await api.playerTest?.receive(song.toString(), { type: 'discard', id: name });
    assert.equal(asked.length, 1, asked.join(' | '));
    assert.match(
      asked[0] ?? '',
      /^Discard the recovery record of “Night Drive” from .+\? The song was generated and paid for; without this record it can’t be downloaded again\.$/,
    );
    assert.ok(fs.existsSync(path.join(takes, name)), 'kept');
    const panel = await playerWhere(api, song, (p) => p.ready);
    assert.ok(pendingIds(panel).includes(name));
  });

  it('Discard answered yes removes the record and the audio it kept', async () => {
    const name = `${SONG}-20261121-101500.pending.json`;
    const kept = `.${SONG}-20261121-101500.wav.kept`;
    fs.writeFileSync(path.join(takes, kept), 'RIFF');
    write(name, record({ inlineAudio: kept }));
    await playerWhere(api, song, (p) => pendingIds(p).includes(name));
    answer = true;
    await api.playerTest?.receive(song.toString(), { type: 'discard', id: name });
    assert.equal(asked.length, 1);
    assert.ok(!fs.existsSync(path.join(takes, name)), 'the record is gone');
    assert.ok(!fs.existsSync(path.join(takes, kept)), 'its kept audio too');
    const panel = await playerWhere(api, song, (p) => !pendingIds(p).includes(name) && /^Discarded /.test(p.status?.notice?.text ?? ''));
    assert.deepEqual(pendingIds(panel), []);
  });

  it('acts only on records it listed', async () => {
    const other = write('other-song-20261121-121500.pending.json', record({ song: '../other-song.lyrics' }));
    const before = api.playerState().find((p) => p.target.uri === song.toString())?.rejected.length ?? 0;
    answer = true;
    await api.playerTest?.receive(song.toString(), { type: 'discard', id: path.basename(other) });
    await api.playerTest?.receive(song.toString(), { type: 'discard', id: `../${SONG}.lyrics` });
    await api.playerTest?.receive(song.toString(), { type: 'recover', id: 'nothing-here.pending.json' });
    await api.playerTest?.receive(song.toString(), { type: 'openRecord', id: '/etc/passwd' });
    await api.playerTest?.receive(song.toString(), { type: 'recover', id: path.basename(other), recordPath: other });
    const panel = await playerWhere(api, song, (p) => p.rejected.length >= before + 5);
    assert.deepEqual(asked, [], 'nothing was even asked');
    assert.ok(fs.existsSync(other) && fs.existsSync(song.fsPath), 'nothing is touched');
    assert.match(panel.rejected.at(-2) ?? '', /openRecord for "\/etc\/passwd", which this panel did not list/);
    assert.match(panel.rejected.at(-1) ?? '', /malformed message/);
    fs.rmSync(other);
  });

  it('Open record opens the record’s JSON in an editor', async () => {
    const name = `${SONG}-20261121-131500.pending.json`;
    const file = write(name, record({ submittedAt: '2026-11-21T13:15:00.000Z', audioUrls: [] }));
    await playerWhere(api, song, (p) => pendingIds(p).includes(name));
    await api.playerTest?.receive(song.toString(), { type: 'openRecord', id: name });
    assert.ok(
      vscode.window.visibleTextEditors.some((editor) => editor.document.uri.fsPath === file),
      vscode.window.visibleTextEditors.map((editor) => editor.document.uri.fsPath).join(', '),
    );
    await closeAllEditorsWithoutSaving();
    fs.rmSync(file);
    await vscode.commands.executeCommand('lyrics.openPlayer', song);
    await playerWhere(api, song, (p) => p.ready && !pendingIds(p).includes(name));
  });

  it('Retry download gets the paid song through lyrics.recoverTake, without a new generate request', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('lyrics.recoverTake'), 'the recover command is registered');
    // Every download fails while generating, so the generator keeps the paid song in a record.
    fake.setFaults({ download: { kind: 'status', status: 404 } });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(song));
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('lyrics.generateSong', song);
    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    const records = fs.readdirSync(takes).filter((name) => name.startsWith(`${SONG}-`) && name.endsWith('.pending.json'));
    assert.equal(records.length, 1, `one record left: ${records.join(', ')}`);
    const id = records[0] ?? '';
    await vscode.commands.executeCommand('lyrics.openPlayer', song);
    const listed = await playerWhere(api, song, (p) => p.ready && pendingIds(p).includes(id));
    assert.equal(listed.pending.find((entry) => entry.id === id)?.action, 'download');
    assert.deepEqual(listed.takes, []);

    fake.setFaults({});
    const busy = playerWhere(api, song, (p) => p.pending.some((entry) => entry.id === id && entry.busy));
    const recovering = api.playerTest?.receive(song.toString(), { type: 'recover', id });
    await busy;
    await recovering;
    const panel = await playerWhere(api, song, (p) => !pendingIds(p).includes(id) && p.takes.length === 1);
    assert.ok(!fs.existsSync(path.join(takes, id)), 'the record is removed');
    assert.equal(panel.takes[0]?.problem, null);
    assert.equal(fake.requestsFor('generate').length, 1, 'the song was paid for once');
  });
});
