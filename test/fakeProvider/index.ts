/** The fake provider's public surface: import from here. */
export { startFakeProvider, DEFAULT_CREDENTIALS, DEFAULT_AUDIO, DEFAULT_SCENARIO, DEFAULT_CLOUDFLARE, DEFAULT_MINIMAX } from './server';
export { DEMO_OPTIONS } from './demo';
export * from './types';
export {
  C_MAJOR_CHORD,
  DEMO_TUNE,
  createWavStream,
  mp3FixturePath,
  renderWav,
  sniffAudio,
  wavByteLength,
  wavHeader,
  type MelodyStep,
  type SniffedAudio,
  type Tone,
  type WavOptions,
} from './audio';
export { MP3_FIXTURE_SECONDS, MP3_FIXTURE_SAMPLE_RATE } from './files';
export { CLOUDFLARE_MODEL, CLOUDFLARE_LIVE_ERRORS, CLOUDFLARE_LOG_ID_HEADER } from './cloudflare';
export { SCENARIO_MODEL, SCENARIO_MODEL_V3, SCENARIO_MODELS, SCENARIO_V3_PROMPT_MIN } from './scenario';
export { MINIMAX_MODEL, MINIMAX_MODELS, MINIMAX_STATUS_MESSAGES, MINIMAX_LIVE_ERRORS } from './minimax';
export { FAKE_DRAFT_LYRICS, FAKE_DRAFT_TITLE, FAKE_EDIT_CONTINUATION, FAKE_STYLE_TAGS, MINIMAX_LYRICS_PATH } from './minimaxLyrics';
