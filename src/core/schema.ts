/**
 * The song settings a `.lyrics` front matter may hold, defined once with zod.
 * Keys mirror the Cloudflare model schema (snake_case). The linter checks each
 * key against its own schema (so every problem points at its key or value),
 * and the Generate command parses the whole mapping with `songSettingsSchema`.
 */
// zod/mini is zod's tree-shakable build: the same schemas at ~15 KB instead
// of ~450 KB, which keeps the activation bundle small.
import * as z from 'zod/mini';

export const PROVIDER_IDS = ['cloudflare', 'scenario', 'minimax'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

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
