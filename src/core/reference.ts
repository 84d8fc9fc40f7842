/**
 * What each setting and structure tag means, in one place: completion and
 * hover both read it. The allowed values themselves come from schema.ts (this
 * file only adds their meaning, keyed by those values, so a value added there
 * without a meaning here fails to compile); which providers send a setting
 * follows IGNORED_BY_PROVIDER; the wire names are those of the providers'
 * body builders (src/core/providers/*.ts, held equal by a unit test: importing
 * them here would pull network code into the activation bundle).
 */
import type { SongAnalysis } from './analysis';
import { findEntry, type LyricsDocument } from './document';
import {
  AUDIO_FORMATS,
  BITRATES,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  IGNORED_BY_PROVIDER,
  MODELS_BY_PROVIDER,
  PROMPT_LIMIT,
  PROVIDER_IDS,
  PROVIDER_NAMES,
  SAMPLE_RATES,
  SCENARIO_MUSIC_3_MIN_PROMPT,
  SONG_MODELS,
  settingSchemas,
  type AudioFormat,
  type ProviderId,
  type SettingKey,
  type SongModel,
} from './schema';
import { DEFAULT_AUDIO } from './songSettings';
import { KNOWN_TAGS, TAG_ALIASES } from './tags';

/** One allowed value of a setting, as written in YAML, and what it means. */
export interface SettingValue {
  readonly value: string;
  readonly meaning: string;
}

export interface SettingReference {
  /** One line: what the setting is for. */
  readonly summary: string;
  /** The default, as written in YAML, and in words where it is not a plain value. */
  readonly defaultValue: string | undefined;
  /** Why a setting is never sent (title, provider); undefined for the ones that are. */
  readonly local: string | undefined;
}

const thousands = (n: number): string => n.toLocaleString('en-US');

export const SETTING_REFERENCE: Readonly<Record<SettingKey, SettingReference>> = {
  title: {
    summary: "The song's name, shown in the player and kept in each take's sidecar.",
    defaultValue: undefined,
    local: 'never sent: it names the song for you',
  },
  prompt: {
    summary: `What the song should sound like: style, mood, tempo (BPM), key, vocals, instruments. Required, at most ${thousands(PROMPT_LIMIT)} characters as sent.`,
    defaultValue: undefined,
    local: undefined,
  },
  provider: {
    summary: 'Where the song is sent to be generated.',
    defaultValue: `the lyrics.defaultProvider setting (\`${DEFAULT_PROVIDER}\` unless changed)`,
    local: 'never sent: it chooses where the song goes',
  },
  model: {
    summary: 'Which MiniMax Music model generates the song; each provider offers some of them.',
    defaultValue: `\`${DEFAULT_MODEL}\``,
    local: undefined,
  },
  is_instrumental: {
    summary: 'Whether the song is made without vocals.',
    defaultValue: '`false`',
    local: undefined,
  },
  lyrics_optimizer: {
    summary: 'With no lyrics, lets the model write them from the prompt.',
    defaultValue: '`false`',
    local: undefined,
  },
  sample_rate: {
    summary: 'Samples per second of the audio: higher keeps more of the high frequencies.',
    defaultValue: `\`${DEFAULT_AUDIO.sample_rate}\``,
    local: undefined,
  },
  bitrate: {
    summary: 'Bits per second of the encoded audio: higher sounds better and makes larger files.',
    defaultValue: `\`${DEFAULT_AUDIO.bitrate}\``,
    local: undefined,
  },
  format: {
    summary: 'The audio file type of the take.',
    defaultValue: `\`${DEFAULT_AUDIO.format}\``,
    local: undefined,
  },
};

const PROVIDER_MEANINGS: Readonly<Record<ProviderId, string>> = {
  cloudflare: `${PROVIDER_NAMES.cloudflare} Workers AI, billed through Unified Billing (about $0.15 a track)`,
  scenario: `${PROVIDER_NAMES.scenario}: an asynchronous job, polled until done; no format field`,
  minimax: `${PROVIDER_NAMES.minimax}'s own API: every model, the free tier included`,
};

const MODEL_MEANINGS: Readonly<Record<SongModel, string>> = {
  'music-2.6': 'MiniMax Music 2.6',
  'music-2.6-free': 'the free tier of 2.6, 3 requests a minute',
  'music-3.0': `MiniMax Music 3.0, up to 5 minutes of audio (on Scenario the prompt needs ${SCENARIO_MUSIC_3_MIN_PROMPT}+ characters)`,
};

const SAMPLE_RATE_MEANINGS: Readonly<Record<(typeof SAMPLE_RATES)[number], string>> = {
  16000: 'speech quality, the smallest files',
  24000: 'voice-grade, thin highs',
  32000: 'FM-radio quality',
  44100: 'CD quality',
};

const BITRATE_MEANINGS: Readonly<Record<(typeof BITRATES)[number], string>> = {
  32000: 'low quality, the smallest files',
  64000: 'modest quality, fine for sketches',
  128000: 'standard streaming quality',
  256000: 'high quality',
};

const FORMAT_MEANINGS: Readonly<Record<AudioFormat, string>> = {
  mp3: 'compressed, small files',
  wav: 'uncompressed, several times larger',
};

const BOOLEAN_MEANINGS: Readonly<Partial<Record<SettingKey, { true: string; false: string }>>> = {
  is_instrumental: { true: 'no vocals: the lyrics are not sung', false: 'sung' },
  lyrics_optimizer: { true: 'with no lyrics, the model writes them from the prompt', false: 'the lyrics are yours (or there are none)' },
};

/** "A", "A and B", "A, B and C". */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function withDefault(value: string, meaning: string, defaultValue: string | number | boolean): SettingValue {
  return { value, meaning: value === String(defaultValue) ? `${meaning} (the default)` : meaning };
}

/**
 * The values a setting allows, each with its meaning, for a song going to
 * `provider` (undefined: unknown, so every value): only the models that
 * provider offers, and none for a setting it ignores (Scenario's `format`).
 * Empty for free text (`title`, `prompt`).
 */
export function settingValues(key: SettingKey, provider: ProviderId | undefined): SettingValue[] {
  if (provider && IGNORED_BY_PROVIDER[provider].includes(key)) return [];
  switch (key) {
    case 'title':
    case 'prompt':
      return [];
    case 'provider':
      return PROVIDER_IDS.map((id) => ({ value: id, meaning: PROVIDER_MEANINGS[id] }));
    case 'model':
      return SONG_MODELS.filter((model) => !provider || MODELS_BY_PROVIDER[provider].includes(model)).map((model) => {
        const { value, meaning } = withDefault(model, MODEL_MEANINGS[model], DEFAULT_MODEL);
        return { value, meaning: `${meaning}; offered by ${andList(providersOffering(model).map((id) => PROVIDER_NAMES[id]))}` };
      });
    case 'is_instrumental':
    case 'lyrics_optimizer': {
      const meanings = BOOLEAN_MEANINGS[key];
      return meanings ? [withDefault('true', meanings.true, false), withDefault('false', meanings.false, false)] : [];
    }
    case 'sample_rate':
      return SAMPLE_RATES.map((rate) => withDefault(String(rate), `${rate / 1000} kHz: ${SAMPLE_RATE_MEANINGS[rate]}`, DEFAULT_AUDIO.sample_rate));
    case 'bitrate':
      return BITRATES.map((rate) => withDefault(String(rate), `${rate / 1000} kbps: ${BITRATE_MEANINGS[rate]}`, DEFAULT_AUDIO.bitrate));
    case 'format':
      return AUDIO_FORMATS.map((format) => withDefault(format, FORMAT_MEANINGS[format], DEFAULT_AUDIO.format));
  }
}

export function providersOffering(model: SongModel): ProviderId[] {
  return PROVIDER_IDS.filter((id) => MODELS_BY_PROVIDER[id].includes(model));
}

/**
 * The field each provider's request carries a setting in (a dotted path in
 * the JSON body), for the settings it sends. Settings a provider ignores are
 * left out here and checked against IGNORED_BY_PROVIDER by `wireField`.
 */
const WIRE_FIELDS: Readonly<Record<ProviderId, Partial<Record<SettingKey, string>>>> = {
  cloudflare: {
    prompt: 'input.prompt',
    model: 'model',
    is_instrumental: 'input.is_instrumental',
    lyrics_optimizer: 'input.lyrics_optimizer',
    sample_rate: 'input.sample_rate',
    bitrate: 'input.bitrate',
    format: 'input.format',
  },
  scenario: {
    prompt: 'prompt',
    is_instrumental: 'isInstrumental',
    lyrics_optimizer: 'lyricsOptimizer',
    sample_rate: 'sampleRate',
    bitrate: 'bitrate',
  },
  minimax: {
    prompt: 'prompt',
    model: 'model',
    is_instrumental: 'is_instrumental',
    lyrics_optimizer: 'lyrics_optimizer',
    sample_rate: 'audio_setting.sample_rate',
    bitrate: 'audio_setting.bitrate',
    format: 'audio_setting.format',
  },
};

/** How a provider's request carries `model`, where it is not simply the value (Scenario: not in the body at all). */
const MODEL_WIRE_NOTES: Readonly<Partial<Record<ProviderId, string>>> = {
  cloudflare: 'always `minimax/music-2.6`',
  scenario: 'in the URL path: `model_minimax-music-2-6` or `model_minimax-music-3-0`',
};

/** `field`: the dotted path in the JSON body, undefined when the setting travels elsewhere (then `note` says where). */
export type WireField =
  { readonly sent: true; readonly field: string | undefined; readonly note: string | undefined } | { readonly sent: false; readonly why: string };

/** Whether `provider` sends the setting, and as what. */
export function wireField(key: SettingKey, provider: ProviderId): WireField {
  const local = SETTING_REFERENCE[key].local;
  if (local) return { sent: false, why: local };
  if (IGNORED_BY_PROVIDER[provider].includes(key)) return { sent: false, why: `${PROVIDER_NAMES[provider]}'s API has no such field` };
  const field = WIRE_FIELDS[provider][key];
  const note = key === 'model' ? MODEL_WIRE_NOTES[provider] : undefined;
  if (field === undefined && note === undefined) return { sent: false, why: 'not sent' };
  return { sent: true, field, note };
}

/**
 * Where a tag's meaning is written down: MiniMax's music-generation docs (every
 * provider runs that model), Scenario's and Replicate's Music 2.6 pages only,
 * or nowhere but the output of MiniMax's own lyrics generator (which MiniMax
 * says can be used directly as lyrics). See ../shared/providers.md.
 */
export type TagSource = 'minimax' | 'scenario' | 'generator';

export const TAG_SOURCE_TEXT: Readonly<Record<TagSource, string>> = {
  minimax: "MiniMax's music-generation reference lists it (every provider runs that model).",
  scenario: "Scenario's (and Replicate's) Music 2.6 pages list it; MiniMax's own reference does not.",
  generator: "No provider's reference lists it: MiniMax's own lyrics generator writes this spelling, and its output is meant to be used as lyrics.",
};

export type KnownTag = (typeof KNOWN_TAGS)[number];

/** What the model does with each tag, in a line. */
const TAG_DESCRIPTIONS: Readonly<Record<KnownTag, string>> = {
  Intro: 'Opens the song, usually instrumental or lightly sung, setting up groove and key.',
  Verse: 'Tells the story: sung lines over a steadier melody than the chorus.',
  'Pre Chorus': 'Builds tension that lifts into the chorus.',
  Chorus: 'The main hook, sung with the most energy; repeated with the same words.',
  'Post Chorus': 'A short lift after the chorus, often a chant or a repeated phrase.',
  Hook: 'A short, catchy phrase that comes back.',
  Drop: 'The beat and bass hit at full strength after a build, mostly instrumental (electronic styles).',
  Bridge: 'A contrasting passage, new melody or chords, usually before the last chorus.',
  Solo: 'An instrumental solo (guitar, synth, sax …): leave the lines under it empty.',
  'Build Up': 'Rising energy that leads into a drop or a chorus.',
  Inst: 'An instrumental passage without vocals.',
  Interlude: 'A short instrumental passage between sections.',
  Break: 'The arrangement drops out or thins to a few instruments for a moment.',
  Transition: 'A short passage that links two sections.',
  Outro: 'Ends the song: it winds down or fades out.',
};

/** Documented tags that MiniMax's own reference does not list (providers.md). */
const DOCUMENTED_BY_SCENARIO_ONLY: ReadonlySet<KnownTag> = new Set<KnownTag>(['Drop']);

export interface TagInfo {
  /** The spelling offered and matched: a known tag or an accepted alias. */
  readonly spelling: string;
  /** The documented tag it means. */
  readonly canonical: KnownTag;
  readonly description: string;
  readonly source: TagSource;
}

/** Every spelling the linter accepts: the known tags in their order, then the aliases. */
export const TAG_INFOS: readonly TagInfo[] = [
  ...KNOWN_TAGS.map((tag): TagInfo => ({
    spelling: tag,
    canonical: tag,
    description: TAG_DESCRIPTIONS[tag],
    source: DOCUMENTED_BY_SCENARIO_ONLY.has(tag) ? 'scenario' : 'minimax',
  })),
  ...Object.entries(TAG_ALIASES).map(([alias, tag]): TagInfo => ({
    spelling: alias,
    canonical: tag,
    description: `Another spelling of [${tag}]: ${TAG_DESCRIPTIONS[tag]}`,
    source: 'generator',
  })),
];

/** As the linter compares tag names: case and runs of white space do not matter. */
function tagKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const TAG_INFO_BY_KEY = new Map(TAG_INFOS.map((info) => [tagKey(info.spelling), info]));

/** The tag a name (without its number) spells, or undefined for an unknown one. */
export function tagInfo(name: string): TagInfo | undefined {
  return TAG_INFO_BY_KEY.get(tagKey(name));
}

/** Whether the song's provider documents a tag (undefined provider: only what every provider documents). */
export function isDocumentedFor(source: TagSource, provider: ProviderId | undefined): boolean {
  return source === 'minimax' || (source === 'scenario' && provider === 'scenario');
}

// ---------------------------------------------------------------- the song at hand

/** A top-level `key:` at the start of a front-matter line. */
export const KEY_PATTERN = /^([A-Za-z_][\w-]*)[ \t]*:/;

/**
 * The top-level keys of the front matter as written, by line. Read from the
 * lines rather than the YAML because completion runs while the front matter
 * is being typed: unterminated, or broken for a moment, when the parsed
 * entries are empty.
 */
export function writtenKeys(document: LyricsDocument): Map<string, { line: number; value: string }> {
  const keys = new Map<string, { line: number; value: string }>();
  const end = document.frontMatter.kind === 'closed' ? document.frontMatter.closeLine : document.bodyStartLine;
  for (let line = 1; line < end; line++) {
    const text = document.lines.lineText(line);
    const match = KEY_PATTERN.exec(text);
    const key = match?.[1];
    if (key === undefined || keys.has(key)) continue;
    const value = text
      .slice(match?.[0].length)
      .replace(/(^|\s)#.*$/, '')
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
    keys.set(key, { line, value });
  }
  return keys;
}

/**
 * The provider the song goes to: an override, else the front matter's (parsed
 * when it parses, else as written), else the default; undefined when the
 * front matter names one that does not exist.
 */
export function songProvider(analysis: SongAnalysis): ProviderId | undefined {
  const { document, options } = analysis;
  if (options.providerOverride) return options.providerOverride;
  const parsed = findEntry(document, 'provider');
  const written = parsed ? parsed.value : writtenKeys(document).get('provider')?.value;
  if (written === undefined) return options.defaultProvider;
  const valid = settingSchemas.provider.safeParse(written);
  return valid.success ? valid.data : undefined;
}
