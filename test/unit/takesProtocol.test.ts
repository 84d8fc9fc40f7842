/** The player's message protocol: what each side accepts, and what it refuses. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recoveryAction, type RecoveryAction, type RecoveryRecord } from '../../src/core/takes/recoveryRecord';
import {
  MAX_LISTED,
  PLAYER_VIEW_TYPE,
  RECOVERY_ACTIONS,
  parseHostMessage,
  parsePlayerState,
  parseWebviewMessage,
  type PendingView,
  type TakeView,
} from '../../src/shared/playerProtocol';
import { pendingView, recoveryRecord, takeView } from './playerFixtures';
import {
  classifyLyrics,
  formatDuration,
  formatTime,
  limitedLyrics,
  promptGlimpse,
  recordIdsLine,
  recoveryBusyText,
  recoveryButtonLabel,
} from '../../src/webview/player/format';

const TAKE: TakeView = takeView();

const PENDING: PendingView = pendingView();

const RECORD: RecoveryRecord = recoveryRecord();

describe('takes: player protocol', () => {
  it('accepts every well-formed host message', () => {
    const messages = [
      {
        type: 'init',
        target: { kind: 'song', uri: 'file:///a/song.lyrics' },
        heading: 'Song',
        takes: [TAKE],
        pending: [PENDING],
        select: null,
        autoplay: false,
      },
      { type: 'takes', takes: [], pending: [] },
      {
        type: 'takes',
        takes: [TAKE],
        pending: [PENDING, { ...PENDING, id: 'song-20261121-101501.pending.json', action: 'resume', jobId: 'job-1', busy: true }],
      },
      // An unreadable record: everything but its name and problem unknown.
      {
        type: 'takes',
        takes: [],
        pending: [
          {
            ...PENDING,
            title: null,
            createdAt: null,
            provider: null,
            providerName: null,
            model: null,
            prompt: '',
            lyrics: null,
            reason: null,
            attempts: 0,
            requestId: null,
            action: 'none',
            problem: 'The recovery record x.pending.json can’t be used: it is not valid JSON.',
          },
        ],
      },
      { type: 'select', id: TAKE.id, autoplay: true },
      { type: 'notice', level: 'error', text: 'oops' },
      { type: 'takesDelta', upsert: [TAKE], remove: ['gone.json'], order: [TAKE.id], pending: [PENDING] },
      { type: 'takesDelta', upsert: [], remove: [], order: null, pending: null },
    ];
    for (const message of messages) assert.equal(parseHostMessage(message).ok, true, JSON.stringify(message));
  });

  it('accepts every well-formed webview message', () => {
    const messages = [
      { type: 'ready', selectedId: null },
      { type: 'action', action: 'delete', id: TAKE.id },
      { type: 'action', action: 'useSettings', id: TAKE.id },
      { type: 'recover', id: PENDING.id },
      { type: 'discard', id: PENDING.id },
      { type: 'openRecord', id: PENDING.id },
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

  it('rejects malformed and oversized takes deltas', () => {
    const delta = { type: 'takesDelta', upsert: [TAKE], remove: [], order: null, pending: null };
    const bad: unknown[] = [
      { ...delta, upsert: undefined },
      { ...delta, order: undefined },
      { ...delta, pending: undefined },
      { ...delta, remove: [''] },
      { ...delta, remove: ['x'.repeat(513)] },
      { ...delta, remove: 'gone.json' },
      { ...delta, order: [42] },
      { ...delta, upsert: [{ ...TAKE, html: '<img onerror=alert(1)>' }] },
      { ...delta, pending: [{ ...PENDING, action: 'format-disk' }] },
      { ...delta, takes: [TAKE] },
      // Lists are bounded, so a hostile message is refused without building a huge model.
      { ...delta, remove: Array.from({ length: MAX_LISTED + 1 }, (_, index) => `${index}.json`) },
      { ...delta, order: Array.from({ length: MAX_LISTED + 1 }, (_, index) => `${index}.json`) },
      { type: 'takes', takes: Array.from({ length: MAX_LISTED + 1 }, () => TAKE), pending: [] },
    ];
    for (const message of bad) assert.equal(parseHostMessage(message).ok, false, JSON.stringify(message).slice(0, 200));
  });

  it('rejects malformed recovery requests and pending lists', () => {
    const bad: unknown[] = [
      { type: 'recover' },
      { type: 'recover', id: '' },
      { type: 'recover', id: 'x'.repeat(513) },
      { type: 'recover', id: 42 },
      // The host resolves ids to files itself: a path, or a URL to fetch from, is never accepted.
      { type: 'recover', id: PENDING.id, recordPath: '/etc/passwd' },
      { type: 'recover', id: PENDING.id, url: 'https://attacker.example/a.mp3' },
      { type: 'discard', id: PENDING.id, confirmed: true },
      { type: 'openRecord', id: null },
      // Recovery is its own message, not a take action.
      { type: 'action', action: 'recover', id: PENDING.id },
      { type: 'action', action: 'discard', id: PENDING.id },
    ];
    for (const message of bad) assert.equal(parseWebviewMessage(message).ok, false, JSON.stringify(message));

    const takes = (pending: unknown): unknown => ({ type: 'takes', takes: [], pending });
    assert.equal(parseHostMessage({ type: 'takes', takes: [] }).ok, false, 'the pending list is required');
    assert.equal(parseHostMessage(takes([{ ...PENDING, action: 'pay-again' }])).ok, false);
    assert.equal(parseHostMessage(takes([{ ...PENDING, reasonHtml: '<img src=x onerror=alert(1)>' }])).ok, false);
    assert.equal(parseHostMessage(takes([{ ...PENDING, busy: 'yes' }])).ok, false);
    assert.equal(parseHostMessage(takes([{ ...PENDING, attempts: -1 }])).ok, false);
    const { busy: _busy, ...withoutBusy } = PENDING;
    assert.equal(parseHostMessage(takes([withoutBusy])).ok, false);
    assert.equal(
      parseHostMessage({ type: 'init', target: { kind: 'song', uri: 'file:///a/song.lyrics' }, heading: 'Song', takes: [], select: null, autoplay: false }).ok,
      false,
      'init carries the pending list too',
    );
  });

  it('offers the actions the core decides a record allows', () => {
    // The webview can't import the core (node:fs); the two lists must still be the same.
    const everyAction: Record<RecoveryAction, true> = { download: true, resume: true, none: true };
    assert.deepEqual([...RECOVERY_ACTIONS].sort(), Object.keys(everyAction).sort());
    const record = (fields: Partial<RecoveryRecord>): RecoveryRecord => ({ ...RECORD, ...fields });
    assert.equal(recoveryAction(record({ audioUrls: ['https://x/a.mp3'] })), 'download');
    assert.equal(recoveryAction(record({ jobId: 'job-1' })), 'resume');
    assert.equal(recoveryAction(record({ inlineAudio: '.song-20261121-101500.mp3.kept' })), 'download', 'kept inline audio is placed without a request');
    assert.equal(recoveryAction(record({})), 'none');
    assert.equal(recoveryButtonLabel('download'), 'Retry download');
    assert.equal(recoveryButtonLabel('resume'), 'Resume waiting');
    assert.equal(recoveryButtonLabel('none'), null, 'only Discard (and Open record) for a record with nothing to fetch');
    assert.equal(recoveryBusyText('resume'), 'Waiting for the provider’s job…');
    assert.equal(recoveryBusyText('download'), 'Downloading…');
  });

  it('formats a record’s ids for support', () => {
    assert.equal(recordIdsLine('trace-1', null, 1), 'Request id trace-1');
    assert.equal(recordIdsLine('job-1', 'job-1', 3), 'Request id job-1 · 3 attempts', 'Scenario’s job id is its request id: said once');
    assert.equal(recordIdsLine(null, 'job-2', 2), 'Job id job-2 · 2 attempts');
    assert.equal(recordIdsLine(null, null, 0), '');
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
    // Issue 8 item 13: an absurd duration is clamped in the display, not printed as `2.77e+301:10:40`.
    assert.equal(formatTime(1e308), '>99:59:59');
    assert.equal(formatDuration(1e308), '>99:59:59');
    assert.equal(formatTime(100 * 3600 - 1), '99:59:59');
    const { lines, hidden } = limitedLyrics(Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n'));
    assert.equal(lines.length, 500);
    assert.equal(hidden, 1500);
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
