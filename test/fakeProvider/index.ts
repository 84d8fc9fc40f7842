/** The fake provider's public surface: import from here. */
export { startFakeProvider, DEFAULT_CREDENTIALS, DEFAULT_AUDIO, DEFAULT_SCENARIO, DEFAULT_CLOUDFLARE } from './server';
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
export { CLOUDFLARE_MODEL } from './cloudflare';
export { SCENARIO_MODEL } from './scenario';
export { MINIMAX_MODEL, MINIMAX_STATUS_MESSAGES } from './minimax';
