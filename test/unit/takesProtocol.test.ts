/** The player's message protocol: what each side accepts, and what it refuses. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLAYER_VIEW_TYPE, parseHostMessage, parsePlayerState, parseWebviewMessage, type TakeView } from '../../src/shared/playerProtocol';
import { classifyLyrics, formatTime, promptGlimpse } from '../../src/webview/player/format';

const TAKE: TakeView = {
  id: 'song-20261121-101500.json',
  fileName: 'song-20261121-101500.mp3',
  audioSrc: 'https://file+.vscode-resource.vscode-cdn.net/x/song-20261121-101500.mp3',
  createdAt: '2026-11-21T10:15:00.000Z',
  provider: 'cloudflare',
  format: 'mp3',
  durationMs: 3000,
  prompt: 'p',
  lyrics: '[Verse]\nla',
  demo: false,
  problem: null,
  hasSidecar: true,
  canUseSettings: true,
};

describe('takes: player protocol', () => {
  it('accepts every well-formed host message', () => {
    const messages = [
      { type: 'init', target: { kind: 'song', uri: 'file:///a/song.lyrics' }, heading: 'Song', takes: [TAKE], select: null, autoplay: false },
      { type: 'takes', takes: [] },
      { type: 'select', id: TAKE.id, autoplay: true },
      { type: 'notice', level: 'error', text: 'oops' },
    ];
    for (const message of messages) assert.equal(parseHostMessage(message).ok, true, JSON.stringify(message));
  });

  it('accepts every well-formed webview message', () => {
    const messages = [
      { type: 'ready', selectedId: null },
      { type: 'action', action: 'delete', id: TAKE.id },
      { type: 'action', action: 'useSettings', id: TAKE.id },
      {
        type: 'status',
        status: { selectedId: TAKE.id, audioSrc: '', playing: false, currentTime: 0, duration: 3, waveformDrawn: true, notice: null },
      },
      { type: 'mark', name: 'interactive', ms: 12.5 },
      { type: 'log', level: 'warning', text: 'x' },
    ];
    for (const message of messages) assert.equal(parseWebviewMessage(message).ok, true, JSON.stringify(message));
  });

  it('rejects unknown types, missing or extra fields, wrong types and oversized ids', () => {
    const bad: unknown[] = [
      null,
      'delete',
      42,
      {},
      { type: 'rm -rf', id: 'x' },
      { type: 'action', action: 'format-disk', id: 'x' },
      { type: 'action', action: 'delete' },
      { type: 'action', action: 'delete', id: '' },
      { type: 'action', action: 'delete', id: 'x'.repeat(513) },
      { type: 'action', action: 'delete', id: 'x', path: '/etc/passwd' },
      { type: 'ready', selectedId: 5 },
      { type: 'mark', name: 'whatever', ms: 1 },
      { type: 'log', level: 'warning', text: 'x'.repeat(2001) },
    ];
    for (const message of bad) {
      const parsed = parseWebviewMessage(message);
      assert.equal(parsed.ok, false, JSON.stringify(message));
      assert.ok(!parsed.ok && parsed.reason.length > 0);
    }
    assert.equal(parseHostMessage({ type: 'takes', takes: [{ ...TAKE, html: '<img onerror=alert(1)>' }] }).ok, false);
    assert.equal(parseHostMessage({ type: 'notice', level: 'fatal', text: 'x' }).ok, false);
    assert.equal(parseHostMessage({ type: 'init' }).ok, false);
  });

  it('validates the state a reload restores', () => {
    const state = { target: { kind: 'song', uri: 'file:///a/song.lyrics' }, selectedId: TAKE.id, volume: 0.5, loop: true, time: 12 };
    assert.equal(parsePlayerState(state).ok, true);
    assert.equal(parsePlayerState(undefined).ok, false);
    assert.equal(parsePlayerState({ ...state, volume: 2 }).ok, false);
    assert.equal(parsePlayerState({ ...state, target: { kind: 'folder', uri: 'file:///' } }).ok, false);
  });

  it('formats times, prompts and lyrics for display', () => {
    assert.equal(formatTime(0), '0:00');
    assert.equal(formatTime(65.9), '1:05');
    assert.equal(formatTime(3600 + 61), '1:01:01');
    assert.equal(formatTime(Number.NaN), '0:00');
    assert.equal(promptGlimpse('one two three', 2), 'one two…');
    assert.equal(promptGlimpse('  '), '(no prompt)');
    assert.deepEqual(classifyLyrics('[Verse 1]\nla la\n\n(ooh)\n<b>x</b>'), [
      { kind: 'tag', text: 'Verse 1' },
      { kind: 'line', text: 'la la' },
      { kind: 'blank' },
      { kind: 'cue', text: '(ooh)' },
      { kind: 'line', text: '<b>x</b>' },
    ]);
  });

  it('uses one view type in the protocol, the activation bundle and package.json', () => {
    const root = path.resolve(__dirname, '../../..');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { activationEvents: string[] };
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${PLAYER_VIEW_TYPE}`));
    // playerCommands.ts (activation bundle) spells it out rather than importing the protocol (which would pull zod into activation).
    assert.match(fs.readFileSync(path.join(root, 'src', 'extension', 'playerCommands.ts'), 'utf8'), new RegExp(`PLAYER_VIEW_TYPE = '${PLAYER_VIEW_TYPE}'`));
  });
});
