/**
 * Cloudflare Workers AI, model `minimax/music-2.6` (a proxied third-party model).
 * POST {base}/accounts/{account_id}/ai/run, Bearer token; the answer is
 * synchronous. Through the REST API it arrives one level deeper than the
 * model page shows (`result.result.audio`, observed live); the page's
 * `result.audio` and the Worker binding's bare `audio` are accepted too.
 * Errors come in the classic `errors[]` envelope, the AI Gateway's
 * `error[]` + `internalCode` form, or as a failed run inside `result`.
 */
import { GenerationError, kindForStatus, type GenerationErrorKind } from '../errors';
import { headerValue, retryAfterSeconds, sendForText, type TextResponse } from '../net/http';
import type { SongModel } from '../schema';
import { kindFromWords, oversizeMayBeSong, step } from './responses';
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

/** The AI Gateway log id finds the request and its cost in the gateway's logs; cf-ray is the fallback. */
export function cloudflareRequestId(headers: TextResponse['headers']): string | undefined {
  return headerValue(headers, 'cf-aig-log-id') ?? headerValue(headers, 'cf-ray');
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Audio URLs wherever the three known shapes put them, deepest (the REST form) first. */
export function cloudflareAudioUrls(json: unknown): string[] {
  if (!isObject(json)) return [];
  const result = isObject(json['result']) ? json['result'] : undefined;
  const nested = result && isObject(result['result']) ? result['result'] : undefined;
  const found = [nested?.['audio'], result?.['audio'], json['audio']].map(nonEmptyString).filter((url): url is string => url !== undefined);
  return [...new Set(found)];
}

/** The run's state at either level, when one is given. */
function stateOf(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  const result = isObject(json['result']) ? json['result'] : undefined;
  return nonEmptyString(result?.['state']) ?? nonEmptyString(json['state']);
}

export interface CloudflareErrorInfo {
  /** Numeric codes from errors[], error[], error{}, internalCode, result.error. */
  readonly codes: readonly number[];
  /** The provider's words, joined. */
  readonly message: string | undefined;
}

/** Reads every error form seen from Cloudflare, live or documented. */
export function cloudflareErrorInfo(json: unknown): CloudflareErrorInfo {
  const codes: number[] = [];
  const messages: string[] = [];
  const take = (entry: unknown): void => {
    if (typeof entry === 'string') {
      if (entry.trim()) messages.push(entry.trim());
      return;
    }
    if (!isObject(entry)) return;
    const code = Number(entry['code']);
    if (entry['code'] !== undefined && Number.isFinite(code)) codes.push(code);
    const message = nonEmptyString(entry['message']);
    const shownCode = typeof entry['code'] === 'number' || typeof entry['code'] === 'string' ? entry['code'] : undefined;
    if (message) messages.push(shownCode !== undefined ? `${shownCode}: ${message}` : message);
  };
  const takeAll = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(take);
    else take(value);
  };
  if (isObject(json)) {
    takeAll(json['errors']);
    takeAll(json['error']);
    const result = isObject(json['result']) ? json['result'] : undefined;
    if (result) {
      takeAll(result['errors']);
      takeAll(result['error']);
    }
    const internal = Number(json['internalCode']);
    if (json['internalCode'] !== undefined && Number.isFinite(internal)) codes.push(internal);
  }
  const unique = [...new Set(messages)];
  return { codes: [...new Set(codes)], message: unique.length ? unique.join('; ') : undefined };
}

const AI_GATEWAY_LOGS = 'Cloudflare dashboard → AI → AI Gateway → your gateway → Logs';

/** What a status and its codes mean: the kind, our words, and advice where the kind's default would mislead. */
function classify(status: number, info: CloudflareErrorInfo): { kind: GenerationErrorKind; message: string; advice?: string } {
  const has = (code: number): boolean => info.codes.includes(code);
  if (has(2021) || (status === 402 && info.codes.length === 0)) {
    return {
      kind: 'quota',
      message: 'Cloudflare refused the request: the account’s Unified Billing credits are used up',
      advice: 'Load credits in the Cloudflare dashboard (AI → AI Gateway → Credits).',
    };
  }
  if (has(2045)) {
    return {
      kind: 'quota',
      message: 'Cloudflare refused the request: the AI Gateway’s spend limit is reached',
      advice: 'Raise or reset the spend limit in the AI Gateway’s settings; waiting will not help.',
    };
  }
  if (has(2003)) return { kind: 'rate-limit', message: 'Cloudflare’s AI Gateway is rate limiting requests' };
  if (has(2009)) {
    return {
      kind: 'auth',
      message: 'Cloudflare refused the request: the provider key stored in your AI Gateway was rejected',
      advice: 'Update or remove the MiniMax key stored in the AI Gateway (Provider Keys); your Cloudflare token is fine.',
    };
  }
  if (has(7003) && status === 404) {
    return {
      kind: 'invalid-request',
      message: `Cloudflare could not find ${CLOUDFLARE_MODEL} for this account`,
      advice: 'Check the account ID, and that the account can use the model (Workers AI → Models).',
    };
  }
  if (has(7003)) return { kind: 'invalid-request', message: 'Cloudflare’s model rejected the input' };
  if (status === 503 && info.codes.length === 0) {
    return {
      kind: 'server',
      message: 'Cloudflare could not reach the model: the provider refused Cloudflare’s own credentials (Unified Billing)',
      advice: 'This is on Cloudflare’s side; try again later, or store your own MiniMax key in the AI Gateway.',
    };
  }
  const kind = kindFromWords(info.message, status >= 400 ? kindForStatus(status) : 'server');
  if (kind === 'auth') {
    return { kind, message: 'Cloudflare refused the request: the account ID or API token is wrong, or the token lacks Workers AI / AI Gateway permission' };
  }
  return { kind, message: 'Cloudflare refused the request' };
}

/** A 429 is worth waiting out only when it is a rate limit, not a used-up allocation or spend limit. */
function retryHint(answer: TextResponse): boolean | undefined {
  if (answer.status !== 429) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return undefined;
  }
  const kind = classify(answer.status, cloudflareErrorInfo(json)).kind;
  return kind === 'quota' ? false : undefined;
}

/** 504, 524, or Cloudflare's HTML error page: the edge gave up, the generation may well have gone on. */
function isGatewayTimeout(response: TextResponse): boolean {
  return response.status === 504 || response.status === 524 || (response.status >= 500 && /^\s*</.test(response.text));
}

export const cloudflareClient: ProviderClient<'cloudflare'> = {
  id: 'cloudflare',
  defaultBaseUrl: 'https://api.cloudflare.com/client/v4',
  modelId: (_model: SongModel) => CLOUDFLARE_MODEL,

  async generate(input, credentials, context) {
    context.onStage({ stage: 'submitting' });
    const url = `${context.baseUrl}/accounts/${encodeURIComponent(credentials.accountId)}/ai/run`;
    const response = await step(
      'cloudflare',
      'generating the song',
      async () => {
        const pending = sendForText(context.session, {
          method: 'POST',
          url,
          headers: {
            authorization: `Bearer ${credentials.apiToken}`,
            'content-type': 'application/json',
            // A gateway with caching on must not hand back the previous song for an identical request.
            'cf-aig-skip-cache': 'true',
          },
          body: JSON.stringify(cloudflareBody(input)),
          mode: 'submit',
          headersTimeoutMs: 0, // bounded by the whole generation's timeout instead
          requestIdOf: (headers) => cloudflareRequestId(headers),
          retryHint,
        });
        // The call is synchronous: once it is under way, the song is being generated.
        context.onStage({ stage: 'generating' });
        return pending;
      },
      {
        startsGeneration: true,
        oversizeRequestId: (tooLarge) => cloudflareRequestId(tooLarge.headers),
        // A 2xx far too large to read may still be the paid song: keep what was read, as for a 2xx that is not JSON.
        onOversizeAnswer: async (tooLarge) => {
          if (oversizeMayBeSong(tooLarge)) await context.onAccepted({ requestId: cloudflareRequestId(tooLarge.headers), answer: tooLarge.head });
        },
      },
    );
    const requestId = cloudflareRequestId(response.headers);

    if (isGatewayTimeout(response)) {
      throw new GenerationError(
        'timeout',
        `Cloudflare’s edge gave up waiting (HTTP ${response.status}), but the song may still have been generated and billed`,
        {
          provider: 'cloudflare',
          status: response.status,
          requestId,
          mayBeBilled: true,
          advice: `Look the request up in the AI Gateway logs${requestId ? ` (log or ray id ${requestId})` : ''} — ${AI_GATEWAY_LOGS} — before generating again.`,
        },
      );
    }

    let json: unknown;
    let parsed = true;
    try {
      json = JSON.parse(response.text) as unknown;
    } catch {
      parsed = false;
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!parsed) {
      if (ok && !/^\s*</.test(response.text)) {
        // A 2xx we cannot read may still be a paid song: keep the answer.
        await context.onAccepted({ requestId, answer: response.text });
      }
      throw new GenerationError(
        ok ? 'server' : kindForStatus(response.status),
        /^\s*</.test(response.text)
          ? 'Cloudflare answered with a web page instead of JSON (is the base URL right, or is a proxy in the way?)'
          : 'Cloudflare sent a response that is not valid JSON',
        // A web page with 200 is a proxy or portal talking, not the provider: nothing says the song was accepted.
        { provider: 'cloudflare', status: response.status, requestId, mayBeBilled: ok && !/^\s*</.test(response.text) },
      );
    }

    const info = cloudflareErrorInfo(json);
    const state = stateOf(json);
    const failedState = state !== undefined && state !== 'Completed';
    const declaredFailure = isObject(json) && json['success'] === false;
    if (ok && !failedState && !declaredFailure) {
      const urls = cloudflareAudioUrls(json);
      await context.onAccepted({ requestId, answer: response.text, audioUrls: urls });
      if (urls.length === 0) {
        throw new GenerationError('server', 'Cloudflare answered without an audio URL we could find', {
          provider: 'cloudflare',
          status: response.status,
          requestId,
          providerMessage: info.message,
        });
      }
      return { audio: { kind: 'urls', urls }, model: CLOUDFLARE_MODEL, requestId, durationMs: undefined, expectedFormat: input.format };
    }

    if (ok && failedState) {
      throw new GenerationError(kindFromWords(info.message, 'server'), `Cloudflare’s run ended in state “${state}”`, {
        provider: 'cloudflare',
        status: response.status,
        requestId,
        providerMessage: info.message,
      });
    }
    const { kind, message, advice } = classify(response.status, info);
    throw new GenerationError(kind, message, {
      provider: 'cloudflare',
      status: response.status,
      requestId,
      providerMessage: info.message,
      advice,
      // A long Retry-After is not waited out (see withRetries): pass it on.
      retryAfterSeconds: retryAfterSeconds(response.headers),
    });
  },
};
