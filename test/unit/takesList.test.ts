/** Listing a song's takes from the sidecars in its output folder (real temporary folders). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { belongsToSong, listTakes, parseSidecarText, parseTakeName, SidecarCache } from '../../src/core/takes/listTakes';

function sidecar(audio: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    audio,
    provider: 'cloudflare',
    model: 'minimax/music-2.6',
    settings: { is_instrumental: false, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000, format: 'mp3' },
    format: 'mp3',
    prompt: 'Upbeat indie pop, 118 BPM',
    lyrics: '[Verse]\nWindows down',
    title: 'Summer',
    song: '../song.lyrics',
    createdAt: '2026-11-21T10:15:00.000Z',
    durationMs: 3000,
    requestId: 'ray-1',
    ...overrides,
  };
}

describe('takes: listing', () => {
  let root: string;
  let takes: string;
  let song: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lyrics-takes-'));
    takes = path.join(root, 'takes');
    fs.mkdirSync(takes);
    song = path.join(root, 'song.lyrics');
    fs.writeFileSync(song, '---\nprompt: p\n---\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function writeTake(base: string, content: Record<string, unknown> | string, audio: string | null = `${base}.mp3`): void {
    fs.writeFileSync(path.join(takes, `${base}.json`), typeof content === 'string' ? content : JSON.stringify(content));
    if (audio) fs.writeFileSync(path.join(takes, audio), 'ID3');
  }

  it('lists takes newest first by createdAt, then by the -n suffix', async () => {
    writeTake('song-20261121-101500', sidecar('song-20261121-101500.mp3', { createdAt: '2026-11-21T10:15:00.000Z' }));
    writeTake('song-20261121-101500-2', sidecar('song-20261121-101500-2.mp3', { createdAt: '2026-11-21T10:15:00.000Z' }));
    writeTake('song-20261122-090000', sidecar('song-20261122-090000.mp3', { createdAt: '2026-11-22T09:00:00.000Z' }));
    writeTake('song-20261120-080000', sidecar('song-20261120-080000.mp3', { createdAt: '2026-11-20T08:00:00.000Z' }));
    const listed = await listTakes(takes, { songPath: song });
    assert.deepEqual(
      listed.map((take) => take.id),
      ['song-20261122-090000.json', 'song-20261121-101500-2.json', 'song-20261121-101500.json', 'song-20261120-080000.json'],
    );
    assert.ok(listed.every((take) => take.problem === null && take.audioExists));
    assert.equal(listed[0]?.audioPath, path.join(takes, 'song-20261122-090000.mp3'));
  });

  it('keeps only the song’s takes: by the sidecar’s song field, else by file name', async () => {
    writeTake('song-20261121-101500', sidecar('song-20261121-101500.mp3'));
    writeTake('other-20261121-101500', sidecar('other-20261121-101500.mp3', { song: '../other.lyrics' }));
    // Same stem, but made for a song in another folder that shares this output folder.
    writeTake('song-20261121-111500', sidecar('song-20261121-111500.mp3', { song: '../elsewhere/song.lyrics' }));
    // No song field (older or hand-written sidecar): the name decides.
    writeTake('song-20261121-121500', sidecar('song-20261121-121500.mp3', { song: undefined }));
    const listed = await listTakes(takes, { songPath: song });
    assert.deepEqual(listed.map((take) => take.id).sort(), ['song-20261121-101500.json', 'song-20261121-121500.json']);
  });

  it('reports a sidecar that is not JSON, or not a take’s, instead of failing', async () => {
    writeTake('song-20261121-101500', '{"audio": "song-20261121-101500.mp3", ', null);
    writeTake('song-20261121-101501', JSON.stringify({ audio: 'x.mp3' }), null);
    writeTake('song-20261121-101502', sidecar('song-20261121-101502.mp3', { createdAt: '2026-11-23T00:00:00.000Z' }));
    fs.writeFileSync(path.join(takes, 'notes.json'), 'not json at all'); // not a take's name: not ours, not listed
    const listed = await listTakes(takes, { songPath: song });
    assert.deepEqual(
      listed.map((take) => take.id),
      ['song-20261121-101502.json', 'song-20261121-101501.json', 'song-20261121-101500.json'],
    );
    const [good, notTake, notJson] = listed;
    assert.equal(good?.problem, null);
    assert.match(notJson?.problem ?? '', /song-20261121-101500\.json can't be used: it is not valid JSON/);
    assert.equal(notJson?.audioPath, null);
    assert.match(notTake?.problem ?? '', /not a take sidecar \(provider/);
    // Broken sidecars still sort by the time in their names.
    assert.equal(notJson?.createdAt?.getMinutes(), 15);
  });

  it('marks a take whose audio is missing', async () => {
    writeTake('song-20261121-101500', sidecar('song-20261121-101500.mp3'), null);
    const [take] = await listTakes(takes, { songPath: song });
    assert.equal(take?.audioExists, false);
    assert.match(take?.problem ?? '', /audio file song-20261121-101500\.mp3 is missing/);
  });

  it('refuses a sidecar that points its audio outside the folder', async () => {
    writeTake('song-20261121-101500', sidecar('../song.lyrics'), null);
    writeTake('song-20261121-101501', sidecar('/etc/passwd'), null);
    const listed = await listTakes(takes, { songPath: song });
    assert.equal(listed.length, 2);
    for (const take of listed) {
      assert.equal(take.audioPath, null, 'no path outside the folder is ever listed');
      assert.match(take.problem ?? '', /not a file in this folder/);
    }
  });

  it('lists an audio file opened from the explorer even without a sidecar, beside the folder’s takes', async () => {
    writeTake('song-20261121-101500', sidecar('song-20261121-101500.mp3'));
    fs.writeFileSync(path.join(takes, 'loose.wav'), 'RIFF');
    const listed = await listTakes(takes, { includeAudio: path.join(takes, 'loose.wav') });
    assert.deepEqual(listed.map((take) => take.id).sort(), ['loose.wav', 'song-20261121-101500.json']);
    const loose = listed.find((take) => take.id === 'loose.wav');
    assert.equal(loose?.sidecar, null);
    assert.equal(loose?.problem, null);
    // Not twice when a sidecar describes it.
    const again = await listTakes(takes, { includeAudio: path.join(takes, 'song-20261121-101500.mp3') });
    assert.deepEqual(
      again.map((take) => take.id),
      ['song-20261121-101500.json'],
    );
  });

  it('treats a missing folder as no takes', async () => {
    assert.deepEqual(await listTakes(path.join(root, 'nope'), { songPath: song }), []);
  });

  it('parses sidecar text and take names', () => {
    assert.equal(parseSidecarText(JSON.stringify(sidecar('a.mp3'))).ok, true);
    assert.equal(parseSidecarText('\uFEFF' + JSON.stringify(sidecar('a.mp3'))).ok, true);
    assert.equal(parseSidecarText('[]').ok, false);
    assert.equal(parseSidecarText('').ok, false);
    assert.deepEqual(parseTakeName('my-song-20261121-101500-3')?.sequence, 3);
    assert.equal(parseTakeName('my-song-20261121-101500')?.stem, 'my-song');
    assert.equal(parseTakeName('my-song'), undefined);
    assert.equal(belongsToSong('x-20261121-101500.json', null, '/a/takes', '/a/x.lyrics'), true);
    assert.equal(belongsToSong('xy-20261121-101500.json', null, '/a/takes', '/a/x.lyrics'), false);
  });

  // Issue 8 item 3: a take whose audio is a link to a device or a FIFO is listed with its reason, never served.
  it('refuses audio and sidecars that are not regular files, and keeps listing the other takes', async function () {
    if (process.platform === 'win32') this.skip();
    writeTake('song-20261121-101500', sidecar('song-20261121-101500.mp3'));
    writeTake('song-20261122-101500', sidecar('song-20261122-101500.mp3', { createdAt: '2026-11-22T10:15:00.000Z' }), null);
    fs.symlinkSync('/dev/zero', path.join(takes, 'song-20261122-101500.mp3'));
    writeTake('song-20261123-101500', sidecar('song-20261123-101500.wav', { createdAt: '2026-11-23T10:15:00.000Z' }), null);
    execFileSync('mkfifo', [path.join(takes, 'song-20261123-101500.wav')]);
    // A sidecar that is itself a link to /dev/zero is reported, not read forever.
    fs.symlinkSync('/dev/zero', path.join(takes, 'song-20261124-101500.json'));
    const entries = await listTakes(takes, { songPath: song });
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    assert.equal(byId.get('song-20261121-101500.json')?.audioExists, true);
    assert.equal(byId.get('song-20261121-101500.json')?.problem, null);
    assert.equal(byId.get('song-20261122-101500.json')?.audioExists, false);
    assert.match(byId.get('song-20261122-101500.json')?.problem ?? '', /not a regular file/);
    assert.equal(byId.get('song-20261123-101500.json')?.audioExists, false);
    assert.match(byId.get('song-20261123-101500.json')?.problem ?? '', /not a regular file/);
    assert.match(byId.get('song-20261124-101500.json')?.problem ?? '', /not a regular file/);
  });

  it('refuses a sidecar larger than its bound', async () => {
    writeTake('song-20261121-101500', `{"pad":"${'x'.repeat(1024 * 1024)}"}`);
    const [entry] = await listTakes(takes, { songPath: song });
    assert.match(entry?.problem ?? '', /larger than 1 MB/);
  });

  // Issue 8 item 13: with thousands of takes, a file event re-reads only the sidecars that changed.
  it('re-reads only the sidecars that changed when given a cache', async () => {
    for (let i = 0; i < 50; i++) {
      const base = `song-20261121-1015${String(i).padStart(2, '0')}`;
      writeTake(base, sidecar(`${base}.mp3`));
    }
    const cache = new SidecarCache();
    assert.equal((await listTakes(takes, { songPath: song, cache })).length, 50);
    assert.equal(cache.reads, 50);
    const changed = path.join(takes, 'song-20261121-101507.json');
    fs.writeFileSync(changed, JSON.stringify(sidecar('song-20261121-101507.mp3', { prompt: 'changed prompt, longer than before' })));
    const again = await listTakes(takes, { songPath: song, cache });
    assert.equal(cache.reads, 51);
    assert.equal(again.find((entry) => entry.id === 'song-20261121-101507.json')?.sidecar?.prompt, 'changed prompt, longer than before');
  });
});
