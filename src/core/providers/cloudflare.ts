/**
 * Cloudflare Workers AI, model `minimax/music-2.6` (a proxied third-party model).
 * POST {base}/accounts/{account_id}/ai/run, Bearer token; the answer is
 * synchronous and holds `result.audio`. Errors come in the classic Workers AI
 * envelope or the AI Gateway's `{state: "Failed"}` form (both handled).
 */
import * as z from 'zod/mini';
import { GenerationError, kindForStatus } from '../generate/errors';
import { headerValue, retryAfterSeconds, sendForText } from '../net/http';
import { kindFromWords, parseJson, step } from './responses';
import type { GenerationInput, ProviderClient } from './types';

export const CLOUDFLARE_MODEL = 'minimax/music-2.6';

/** The Workers AI input schema has additionalProperties: false — only these fields. */
export function cloudflareBody(input: GenerationInput): { model: string; input: Record<string, unknown> } {
  return {
    model: CLOUDFLARE_MODEL,
    input: {
      prompt: input.prompt,
      ...(input.lyrics ? { lyrics: input.lyrics } : {}),
      is_instrumental: input.isInstrumental,
      lyrics_optimizer: input.lyricsOptimizer,
      sample_rate: input.sampleRate,
      bitrate: input.bitrate,
      format: input.format,
    },
  };
}

const successSchema = z.object({ result: z.object({ audio: z.string().check(z.minLength(1)) }) });
const envelopeErrorSchema = z.object({
  errors: z.array(z.object({ code: z.optional(z.union([z.number(), z.string()])), message: z.optional(z.string()) })),
});
const gatewayErrorSchema = z.object({
  state: z.literal('Failed'),
  error: z.optional(z.object({ code: z.optional(z.union([z.number(), z.string()])), message: z.optional(z.string()) })),
});

function errorMessageOf(json: unknown): string | undefined {
  const envelope = envelopeErrorSchema.safeParse(json);
  if (envelope.success && envelope.data.errors.length > 0) {
    return envelope.data.errors.map((e) => [e.code, e.message].filter((p) => p !== undefined).join(': ')).join('; ');
  }
  const gateway = gatewayErrorSchema.safeParse(json);
  if (gateway.success) return [gateway.data.error?.code, gateway.data.error?.message].filter((p) => p !== undefined).join(': ') || 'Failed';
  return undefined;
}

export const cloudflareClient: ProviderClient<'cloudflare'> = {
  id: 'cloudflare',
  model: CLOUDFLARE_MODEL,
  defaultBaseUrl: 'https://api.cloudflare.com/client/v4',

  async generate(input, credentials, context) {
    context.onStage({ stage: 'submitting' });
    const url = `${context.baseUrl}/accounts/${encodeURIComponent(credentials.accountId)}/ai/run`;
    const response = await step('cloudflare', 'generating the song', async () => {
      const pending = sendForText(context.session, {
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${credentials.apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(cloudflareBody(input)),
        mode: 'submit',
        headersTimeoutMs: 0, // bounded by the whole generation's timeout instead
        requestIdOf: (headers) => headerValue(headers, 'cf-ray'),
        // A 429 for a used-up daily allocation or spend limit will not pass by waiting.
        retryHint: (answer) => (answer.status === 429 && kindFromWords(answer.text, 'rate-limit') === 'quota' ? false : undefined),
      });
      // The call is synchronous: once it is under way, the song is being generated.
      context.onStage({ stage: 'generating' });
      return pending;
    });
    const requestId = headerValue(response.headers, 'cf-ray');
    const json = parseJson('cloudflare', response, requestId);
    const success = successSchema.safeParse(json);
    const failedState = gatewayErrorSchema.safeParse(json).success;
    if (response.status >= 200 && response.status < 300 && success.success && !failedState) {
      return { audioUrl: success.data.result.audio, model: CLOUDFLARE_MODEL, requestId, durationMs: undefined, expectedFormat: input.format };
    }

    const providerMessage = errorMessageOf(json);
    const statusKind = response.status >= 400 ? kindForStatus(response.status) : 'server';
    const kind = kindFromWords(providerMessage, statusKind);
    const message =
      response.status < 400 && !providerMessage
        ? 'Cloudflare answered without an audio URL'
        : `Cloudflare refused the request${kind === 'auth' ? ': the account ID or API token is wrong, or the token lacks Workers AI / AI Gateway permission' : ''}`;
    throw new GenerationError(kind, message, {
      provider: 'cloudflare',
      status: response.status,
      requestId,
      providerMessage,
      // A long Retry-After is not waited out (see withRetries): pass it on.
      retryAfterSeconds: retryAfterSeconds(response.headers),
    });
  },
};
