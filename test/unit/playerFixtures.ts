/** Well-formed player data for the protocol, delta and recovery tests: one base each, varied per test. */
import { RECORD_KIND, type RecoveryRecord } from '../../src/core/takes/recoveryRecord';
import type { PendingView, TakeView } from '../../src/shared/playerProtocol';

export function takeView(overrides: Partial<TakeView> = {}): TakeView {
  return {
    id: 'song-20261121-101500.json',
    fileName: 'song-20261121-101500.mp3',
    audioSrc: 'https://file+.vscode-resource.vscode-cdn.net/x/song-20261121-101500.mp3',
    createdAt: '2026-11-21T10:15:00.000Z',
    provider: 'cloudflare',
    providerName: 'Cloudflare',
    format: 'mp3',
    durationMs: 3000,
    prompt: 'p',
    lyrics: '[Verse]\nla',
    demo: false,
    problem: null,
    hasSidecar: true,
    canUseSettings: true,
    ...overrides,
  };
}

export function pendingView(overrides: Partial<PendingView> = {}): PendingView {
  return {
    id: 'song-20261121-101500.pending.json',
    title: 'Night Drive',
    createdAt: '2026-11-21T10:15:00.000Z',
    provider: 'minimax',
    providerName: 'MiniMax',
    model: 'music-2.6',
    prompt: 'Dreamy synthwave',
    lyrics: '[Verse]\nla',
    reason: 'The download link was refused (HTTP 403).',
    attempts: 1,
    requestId: 'trace-1',
    jobId: null,
    action: 'download',
    problem: null,
    busy: false,
    ...overrides,
  };
}

export function recoveryRecord(overrides: Partial<RecoveryRecord> = {}): RecoveryRecord {
  return {
    kind: RECORD_KIND,
    version: 1,
    provider: 'minimax',
    model: 'music-2.6',
    settings: { is_instrumental: false, lyrics_optimizer: false, sample_rate: 44100, bitrate: 256000, format: 'mp3' },
    prompt: 'p',
    lyrics: '',
    title: null,
    song: null,
    submittedAt: '2026-11-21T10:15:00.000Z',
    requestId: null,
    jobId: null,
    audioUrls: [],
    inlineAudio: null,
    savedAudio: null,
    expectedFormat: 'mp3',
    durationMs: null,
    answer: null,
    reason: 'r',
    attempts: [],
    ...overrides,
  };
}
