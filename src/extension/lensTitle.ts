/**
 * The Generate CodeLens's title, e.g. `▶ Generate Song · MiniMax ·
 * music-3.0 · mp3 44.1 kHz`: the provider, model and audio a click will use.
 * Kept apart from codeLens.ts, and free of `vscode`, so unit tests in plain
 * Node can check it.
 */
import { PROVIDER_NAMES } from '../core/errors';
import { DEFAULT_MODEL, type ProviderId } from '../core/schema';
import { DEFAULT_AUDIO, readSongSettings, resolveProvider } from '../core/songSettings';

export function generateLensTitle(text: string, defaultProvider: ProviderId): string {
  const settings = readSongSettings(text);
  const provider = resolveProvider(settings, defaultProvider);
  // Shown even when it is the default: which model a click pays for should never be a guess.
  const model = settings.model ?? DEFAULT_MODEL;
  const kHz = `${Number(((settings.sample_rate ?? DEFAULT_AUDIO.sample_rate) / 1000).toFixed(1))} kHz`;
  // Scenario has no format field: the take is whatever its bytes turn out to be.
  const audio = provider === 'scenario' ? kHz : `${settings.format ?? DEFAULT_AUDIO.format} ${kHz}`;
  return `▶ Generate Song · ${PROVIDER_NAMES[provider]} · ${model} · ${audio}`;
}
