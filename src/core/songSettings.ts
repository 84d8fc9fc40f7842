/**
 * The song's settings as the Generate command will use them: the valid
 * front-matter values (invalid ones are lint errors and stop generation
 * anyway), with the providers' documented defaults filled in.
 */
import { findEntry, parseLyricsDocument, type LyricsDocument } from './document';
import { SETTING_KEYS, settingSchemas, type AudioFormat, type ProviderId, type SongSettings } from './schema';

/** Defaults for settings the front matter leaves out. */
export const DEFAULT_AUDIO = { sample_rate: 44100, bitrate: 256000, format: 'mp3' } as const satisfies {
  sample_rate: number;
  bitrate: number;
  format: AudioFormat;
};

export function readSongSettings(source: string | LyricsDocument): SongSettings {
  const document = typeof source === 'string' ? parseLyricsDocument(source) : source;
  const settings: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const entry = findEntry(document, key);
    if (!entry) continue;
    const parsed = settingSchemas[key].safeParse(entry.value);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}

export function resolveProvider(settings: SongSettings, defaultProvider: ProviderId, override?: ProviderId): ProviderId {
  return override ?? settings.provider ?? defaultProvider;
}
