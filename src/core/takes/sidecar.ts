/**
 * The sidecar JSON written beside every take (`song-20261121-101500.json`
 * beside `song-20261121-101500.mp3`): what was sent, to whom, and what came
 * back. The player lists takes from these files, so the schema is the
 * contract between the generator (extension or CLI) and the player.
 */
import * as z from 'zod/mini';
import { AUDIO_FORMATS, PROVIDER_IDS } from '../schema';

export const SIDECAR_VERSION = 1;

export const sidecarSchema = z.object({
  version: z.optional(z.number()),
  /** The audio file's name, in the same folder as the sidecar. */
  audio: z.string().check(z.minLength(1)),
  provider: z.enum(PROVIDER_IDS),
  /** The provider's own model id (`minimax/music-2.6`, `model_minimax-music-3-0`, `music-2.6-free`). */
  model: z.string(),
  /** The settings as sent (resolved defaults included). */
  settings: z.object({
    is_instrumental: z.boolean(),
    lyrics_optimizer: z.boolean(),
    sample_rate: z.number(),
    bitrate: z.number(),
    format: z.optional(z.enum(AUDIO_FORMATS)),
  }),
  /** The take's real container, from its bytes. */
  format: z.enum(AUDIO_FORMATS),
  prompt: z.string(),
  lyrics: z.string(),
  title: z.optional(z.nullable(z.string())),
  /** The song file, relative to the sidecar's folder. */
  song: z.optional(z.nullable(z.string())),
  createdAt: z.string(),
  durationMs: z.nullable(z.number()),
  /**
   * The request's id at the provider, to quote to its support: Cloudflare's
   * AI Gateway log id (`cf-aig-log-id`, else `cf-ray`), Scenario's job id,
   * MiniMax's `trace_id`.
   */
  requestId: z.nullable(z.string()),
  /** True for takes made against the demo's fake provider. */
  demo: z.optional(z.boolean()),
});

export type Sidecar = z.infer<typeof sidecarSchema>;
