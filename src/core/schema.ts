/**
 * The song settings a `.lyrics` front matter may hold, defined once with zod.
 * Keys mirror the Cloudflare model schema (snake_case). The linter checks each
 * key against its own schema (so every problem points at its key or value),
 * and `readSongSettings` keeps the values that pass; `songSettingsSchema`
 * gives the whole mapping's type.
 */
// zod/mini is zod's tree-shakable build: the same schemas at ~15 KB instead
// of ~450 KB, which keeps the activation bundle small.
import * as z from 'zod/mini';

export const PROVIDER_IDS = ['cloudflare', 'scenario', 'minimax'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** How each provider is named to the user: the one home for these words (messages, lint, CodeLens). */
export const PROVIDER_NAMES: Readonly<Record<ProviderId, string>> = {
  cloudflare: 'Cloudflare',
  scenario: 'Scenario',
  minimax: 'MiniMax',
};

/**
 * Where a song without `provider` goes: `lyrics.defaultProvider`'s default in
 * package.json (a unit test holds them equal) and the CLI's choice.
 */
export const DEFAULT_PROVIDER: ProviderId = 'cloudflare';

/**
 * The MiniMax Music models a song may ask for. Not every provider hosts
 * every one (see MODELS_BY_PROVIDER), so the schema accepts all of them and
 * the linter checks the pairing with the song's provider.
 */
export const SONG_MODELS = ['music-2.6', 'music-2.6-free', 'music-3.0'] as const;
export type SongModel = (typeof SONG_MODELS)[number];
/** What a song without `model` gets: the one model every provider offers. */
export const DEFAULT_MODEL: SongModel = 'music-2.6';

/**
 * The models each provider offers. Cloudflare's Workers AI catalogue has only
 * `minimax/music-2.6`; Scenario hosts 2.6 and 3.0 (no free tier); MiniMax's
 * own API also has `music-2.6-free`, a free tier limited to 3 requests a minute.
 */
export const MODELS_BY_PROVIDER: Readonly<Record<ProviderId, readonly SongModel[]>> = {
  cloudflare: ['music-2.6'],
  scenario: ['music-2.6', 'music-3.0'],
  minimax: ['music-2.6', 'music-2.6-free', 'music-3.0'],
};

/** Scenario rejects a music-3.0 job whose prompt (as sent: trimmed) is shorter than this, in code points. */
export const SCENARIO_MUSIC_3_MIN_PROMPT = 10;

export const SAMPLE_RATES = [16000, 24000, 32000, 44100] as const;
export const BITRATES = [32000, 64000, 128000, 256000] as const;
export const AUDIO_FORMATS = ['mp3', 'wav'] as const;
export type AudioFormat = (typeof AUDIO_FORMATS)[number];

/** The model's hard limits, in Unicode code points of the strings sent. */
export const PROMPT_LIMIT = 2000;
export const LYRICS_LIMIT = 3500;

export const settingSchemas = {
  /** Shown in the player; never sent. A bare number (`title: 1999`) is a fine title too. */
  title: z.union([z.string(), z.pipe(z.number(), z.transform(String))]),
  prompt: z.string(),
  provider: z.enum(PROVIDER_IDS),
  model: z.enum(SONG_MODELS),
  is_instrumental: z.boolean(),
  lyrics_optimizer: z.boolean(),
  sample_rate: z.literal(SAMPLE_RATES),
  bitrate: z.literal(BITRATES),
  format: z.enum(AUDIO_FORMATS),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

export const songSettingsSchema = z.strictObject({
  title: z.optional(settingSchemas.title),
  prompt: z.optional(settingSchemas.prompt),
  provider: z.optional(settingSchemas.provider),
  model: z.optional(settingSchemas.model),
  is_instrumental: z.optional(settingSchemas.is_instrumental),
  lyrics_optimizer: z.optional(settingSchemas.lyrics_optimizer),
  sample_rate: z.optional(settingSchemas.sample_rate),
  bitrate: z.optional(settingSchemas.bitrate),
  format: z.optional(settingSchemas.format),
});

export type SongSettings = z.infer<typeof songSettingsSchema>;

/** What a value must be, in words, for `invalid-setting` messages. */
export const ALLOWED_VALUES: Readonly<Record<SettingKey, string>> = {
  title: 'text',
  prompt: 'text',
  provider: PROVIDER_IDS.join(', '),
  model: SONG_MODELS.join(', '),
  is_instrumental: 'true or false',
  lyrics_optimizer: 'true or false',
  sample_rate: SAMPLE_RATES.join(', '),
  bitrate: BITRATES.join(', '),
  format: AUDIO_FORMATS.join(', '),
};

/**
 * The settings each provider's API has no field for. Cloudflare's and
 * MiniMax's schemas take every setting; Scenario's has no `format`
 * (see ../shared/providers.md). `title` and `provider` are local and never sent.
 */
export const IGNORED_BY_PROVIDER: Readonly<Record<ProviderId, readonly SettingKey[]>> = {
  cloudflare: [],
  scenario: ['format'],
  minimax: [],
};

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(settingSchemas, key);
}
