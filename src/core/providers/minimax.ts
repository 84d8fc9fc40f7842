/**
 * MiniMax's own API: POST {base}/music_generation, Bearer key. Success only
 * when `base_resp.status_code` is 0, whatever the HTTP status says.
 */
import * as z from 'zod/mini';
import { GenerationError, kindForStatus, type GenerationErrorKind } from '../errors';
import { headerValue, MAX_ANSWER_BYTES, retryAfterSeconds, sendForText } from '../net/http';
import { kindFromWords, oversizeMayBeSong, parseJson, step, stringAt } from './responses';
import type { SongModel } from '../schema';
import type { AudioSource, GenerationInput, ProviderClient } from './types';

/**
 * Inline (hex) audio MiniMax may send inside its JSON: up to this much audio,
 * a 6-minute 44.1 kHz stereo WAV with room to spare. Twice that as hex, plus
 * the rest of the JSON, bounds the generate answer — and stays below the
 * longest string V8 can hold (about 512 MiB characters), which the whole
 * answer has to be before it can be parsed.
 */
export const MAX_INLINE_AUDIO_BYTES = 200 * 1024 * 1024;
export const MAX_MINIMAX_ANSWER_BYTES = 2 * MAX_INLINE_AUDIO_BYTES + MAX_ANSWER_BYTES;

export function minimaxBody(input: GenerationInput): Record<string, unknown> {
  return {
    model: input.model,
    prompt: input.prompt,
    ...(input.lyrics ? { lyrics: input.lyrics } : {}),
    is_instrumental: input.isInstrumental,
    lyrics_optimizer: input.lyricsOptimizer,
    // The default is `hex` (the audio inlined as a hex string); a URL streams to disk instead.
    output_format: 'url',
    audio_setting: { sample_rate: input.sampleRate, bitrate: input.bitrate, format: input.format },
  };
}

/** base_resp.status_code → kind (MiniMax's error-code page). */
export function minimaxKind(code: number): GenerationErrorKind {
  switch (code) {
    case 1002:
    case 1041:
    case 2045:
      return 'rate-limit';
    case 1004:
    case 2049:
      return 'auth';
    case 1008:
    case 2056:
      return 'quota';
    case 1026:
    case 1027:
      return 'content-policy';
    case 1039:
    case 1042:
    case 2013:
      return 'invalid-request';
    case 1001: // MiniMax's own server timed out: its problem, not our timeout setting
    case 1013:
      return 'server';
    case 2038: // real-name verification: the account must be fixed, no retry
      return 'auth';
    default:
      return 'server';
  }
}

const MESSAGES: Partial<Record<number, string>> = {
  1001: 'MiniMax’s own server timed out',
  1002: 'MiniMax is rate limiting this key',
  1004: 'MiniMax rejected the API key',
  1008: 'The MiniMax account has insufficient balance',
  1013: 'MiniMax had an internal service error',
  1026: 'MiniMax flagged the prompt or lyrics as sensitive',
  1027: 'MiniMax flagged the generated song as sensitive',
  2013: 'MiniMax rejected a parameter',
  2038: 'MiniMax requires real-name verification of the account',
  2049: 'The MiniMax API key is invalid',
  2056: 'The MiniMax usage limit is reached',
};

/** Keys and hosts are regional: a key works only on its own region's host (MiniMax staff). */
export function minimaxRegionHint(baseUrl: string): string {
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    // keep the raw text
  }
  return (
    `The key and the host must be of one region (now ${host}): a key from platform.minimax.io works only with https://api.minimax.io/v1, ` +
    'a mainland key from platform.minimaxi.com only with https://api.minimaxi.com/v1. Set lyrics.providers.minimax.baseUrl ' +
    '(LYRICS_MINIMAX_BASE_URL for the lyrics command), or check the key.'
  );
}

/** Advice where the kind's own would mislead. */
function adviceFor(code: number, baseUrl: string): string | undefined {
  switch (code) {
    case 1004:
    case 2049:
      return minimaxRegionHint(baseUrl);
    case 1001:
      return 'MiniMax timed out on its side; try again later (a longer time-out on our side will not help).';
    case 2038:
      return 'Complete real-name verification for the account in the MiniMax console; retrying will not help until then.';
    default:
      return undefined;
  }
}

const responseSchema = z.object({
  data: z.optional(
    z.nullable(z.object({ audio: z.optional(z.nullable(z.string())), audio_url: z.optional(z.nullable(z.string())), status: z.optional(z.number()) })),
  ),
  trace_id: z.optional(z.string()),
  extra_info: z.optional(z.nullable(z.object({ music_duration: z.optional(z.number()) }))),
  base_resp: z.optional(z.object({ status_code: z.number(), status_msg: z.optional(z.string()) })),
});

const URL_LIKE = /^https?:\/\//i;
const HEX_LIKE = /^[0-9a-f]+$/i;

/** `data.audio` as a URL or as hex (seen even when a URL was asked for), and `data.audio_url`. */
export function minimaxAudio(data: { audio?: string | null | undefined; audio_url?: string | null | undefined } | null | undefined): AudioSource | undefined {
  const urls = [data?.audio, data?.audio_url].filter((value): value is string => typeof value === 'string' && URL_LIKE.test(value.trim()));
  if (urls.length > 0) return { kind: 'urls', urls: [...new Set(urls.map((url) => url.trim()))] };
  const audio = data?.audio?.trim();
  if (audio && HEX_LIKE.test(audio.slice(0, 64))) return { kind: 'inline', hex: audio };
  return undefined;
}

export const minimaxClient: ProviderClient<'minimax'> = {
  id: 'minimax',
  defaultBaseUrl: 'https://api.minimax.io/v1',
  modelId: (model: SongModel) => model,

  async generate(input, credentials, context) {
    context.onStage({ stage: 'submitting' });
    const response = await step(
      'minimax',
      'generating the song',
      async () => {
        const pending = sendForText(context.session, {
          method: 'POST',
          url: `${context.baseUrl}/music_generation`,
          headers: { authorization: `Bearer ${credentials.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(minimaxBody(input)),
          mode: 'submit',
          headersTimeoutMs: 0, // bounded by the whole generation's timeout instead
          // The answer may carry the whole song as hex, so it gets more room than other answers, but a bound all the same.
          maxBytes: MAX_MINIMAX_ANSWER_BYTES,
          requestIdOf: (headers, text) => headerValue(headers, 'trace-id') ?? traceIdOf(text),
          // MiniMax reports its rate limits as HTTP 200 with a base_resp code: as safe to retry as a 429.
          retryHint: (answer) => (minimaxKind(baseRespCodeOf(answer.text) ?? 0) === 'rate-limit' ? true : undefined),
        });
        context.onStage({ stage: 'generating' });
        return pending;
      },
      {
        startsGeneration: true,
        oversizeRequestId: (tooLarge) => headerValue(tooLarge.headers, 'trace-id') ?? traceIdOf(tooLarge.head),
        // A 2xx far too large to read may still be the paid song: keep what was read, as for a 2xx that is not JSON.
        onOversizeAnswer: async (tooLarge) => {
          if (!oversizeMayBeSong(tooLarge)) return;
          await context.onAccepted({ requestId: headerValue(tooLarge.headers, 'trace-id') ?? traceIdOf(tooLarge.head), answer: tooLarge.head });
        },
      },
    );
    const headerTrace = headerValue(response.headers, 'trace-id');
    const ok = response.status >= 200 && response.status < 300;
    let json: unknown;
    try {
      json = parseJson('minimax', response, headerTrace);
    } catch (error) {
      // A 2xx that is not JSON (and not a proxy's page) may still be the paid song: keep the answer.
      if (ok && !/^\s*</.test(response.text)) {
        await context.onAccepted({ requestId: headerTrace ?? traceIdOf(response.text), answer: response.text });
        if (error instanceof GenerationError) error.mayBeBilled = true;
      }
      throw error;
    }
    const parsed = responseSchema.safeParse(json);
    const requestId = (parsed.success ? parsed.data.trace_id : undefined) ?? headerTrace;
    const baseResp = parsed.success ? parsed.data.base_resp : undefined;

    if (baseResp && baseResp.status_code !== 0) {
      // 1000 "unknown error" says nothing; an HTTP error status beside it says more (e.g. 404: a wrong base URL).
      const kind = baseResp.status_code === 1000 && response.status >= 400 ? kindForStatus(response.status) : minimaxKind(baseResp.status_code);
      throw new GenerationError(kind, MESSAGES[baseResp.status_code] ?? `MiniMax reported error ${baseResp.status_code}`, {
        provider: 'minimax',
        status: response.status,
        requestId,
        providerMessage: baseResp.status_msg ? `${baseResp.status_code} ${baseResp.status_msg}` : String(baseResp.status_code),
        retryAfterSeconds: retryAfterSeconds(response.headers),
        advice: adviceFor(baseResp.status_code, context.baseUrl),
      });
    }
    if (ok && (baseResp || (parsed.success && parsed.data.data))) {
      const audio = parsed.success ? minimaxAudio(parsed.data.data) : undefined;
      await context.onAccepted({ requestId, answer: response.text, audioUrls: audio?.kind === 'urls' ? audio.urls : [] });
      if (!audio) {
        throw new GenerationError('server', 'MiniMax answered without audio we could find', { provider: 'minimax', status: response.status, requestId });
      }
      const duration = parsed.success ? parsed.data.extra_info?.music_duration : undefined;
      return { audio, model: input.model, requestId, durationMs: duration, expectedFormat: input.format };
    }
    const providerMessage = stringAt(json, 'message') ?? stringAt(json, 'error');
    const kind = response.status >= 400 ? kindFromWords(providerMessage, kindForStatus(response.status)) : 'server';
    throw new GenerationError(kind, response.status >= 400 ? 'MiniMax refused the request' : 'MiniMax answered without an audio URL', {
      provider: 'minimax',
      status: response.status,
      requestId,
      providerMessage,
      retryAfterSeconds: retryAfterSeconds(response.headers),
    });
  },
};

function baseRespCodeOf(text: string): number | undefined {
  try {
    const parsed = responseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.base_resp?.status_code : undefined;
  } catch {
    return undefined;
  }
}

function traceIdOf(text: string | undefined): string | undefined {
  return text ? (/"trace_id"\s*:\s*"([^"]+)"/.exec(text.slice(0, 64 * 1024))?.[1] ?? /"trace_id"\s*:\s*"([^"]+)"/.exec(text.slice(-4096))?.[1]) : undefined;
}
