/**
 * Settings for demo mode: generations that take a few seconds like real ones
 * (which take minutes), Scenario jobs that visibly progress, and a pleasant
 * arpeggio instead of a test tone.
 */
import { DEMO_TUNE } from './audio';
import type { FakeProviderOptions } from './types';

export const DEMO_OPTIONS: FakeProviderOptions = {
  delaysMs: {
    // Cloudflare and MiniMax answer synchronously once the song is "done".
    generate: { cloudflare: 5000, minimax: 5000, scenario: 400 },
    poll: 300,
    asset: 200,
    download: 300,
    // The lyrics model answers in seconds, not minutes.
    lyrics: 1500,
  },
  scenario: { pollsPerStatus: { pending: 1, queued: 1, 'warming-up': 1, 'in-progress': 5, finalizing: 1 } },
  audio: { wavSeconds: 8, tone: DEMO_TUNE },
};
