/**
 * Cloudflare Workers AI, model `minimax/music-2.6`:
 * `POST /client/v4/accounts/{account_id}/ai/run`, Bearer token, body `{model, input}`.
 * The input schema has `additionalProperties: false`, so unknown input fields are a 400.
 * Third-party models run through the account's AI Gateway, so every answer carries the gateway's ids.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { CloudflareErrorForm } from './types';
import type { FaultOf, ProviderContext, StatusFault } from './context';
import { bearerToken, isRecord, musicInputProblems, retryAfterHeader, statusText, type ParsedRequest } from './music';
import { jsonReply, randomHex, textReply, type Reply } from './wire';

export const CLOUDFLARE_MODEL = 'minimax/music-2.6';
export const CLOUDFLARE_RUN_PATH = /^\/cloudflare\/client\/v4\/accounts\/([^/]+)\/ai\/run$/;
/** The response header naming the AI Gateway log entry (where the request and its cost are listed). */
export const CLOUDFLARE_LOG_ID_HEADER = 'cf-aig-log-id';
const INPUT_FIELDS: readonly string[] = ['prompt', 'lyrics', 'is_instrumental', 'lyrics_optimizer', 'sample_rate', 'bitrate', 'format'];

/** Workers AI internal codes (developers.cloudflare.com/workers-ai/platform/errors) by HTTP status. */
const CODES_BY_STATUS: Record<number, [number, string]> = {
  400: [5006, 'Input validation error'],
  401: [10000, 'Authentication error'],
  403: [10000, 'Authentication error'],
  404: [7003, 'Could not route to /ai/run, perhaps your object identifier is invalid?'],
  408: [3007, 'Request timeout'],
  413: [3006, 'Request is too large'],
  429: [3036, 'You have used up your daily allocation. Please load credits to continue.'],
  500: [3001, 'Server error'],
  503: [3040, 'No more data centers to forward the request to'],
};

type AiGatewayErrorFault = FaultOf<'cloudflareAiGatewayError'>;

/**
 * AI Gateway errors as third parties saw them live (see /work/shared/providers.md), ready to use as faults, e.g.
 * `fake.setFaults({ generate: { ...CLOUDFLARE_LIVE_ERRORS.gatewayRateLimit, times: 1 } })`. Only the gateway rate limit
 * sends Retry-After; the spend limit is a 429 that is final, not a reason to retry.
 */
export const CLOUDFLARE_LIVE_ERRORS = {
  creditsUsedUp: {
    kind: 'cloudflareAiGatewayError',
    status: 402,
    code: 2021,
    message: 'Insufficient Unified Billing credits: load credits in the Cloudflare dashboard to keep using third-party models',
  },
  spendLimit: { kind: 'cloudflareAiGatewayError', status: 429, code: 2045, message: 'AI Gateway spend limit reached' },
  gatewayRateLimit: { kind: 'cloudflareAiGatewayError', status: 429, code: 2003, message: 'Rate limited', retryAfter: 1 },
  byokKeyRejected: {
    kind: 'cloudflareAiGatewayError',
    status: 401,
    code: 2009,
    message: 'Unauthorized: the provider key stored in the gateway was rejected by the provider',
  },
  modelNotFound: { kind: 'cloudflareAiGatewayError', status: 404, code: 7003, message: `Model not found: ${CLOUDFLARE_MODEL}` },
  inputRejected: {
    kind: 'cloudflareAiGatewayError',
    status: 400,
    code: 7003,
    message: "Model execution failed (User Input Error): Invalid value at 'lyrics'",
  },
  authentication: { kind: 'cloudflareAiGatewayError', status: 401, code: 10000, message: 'Authentication error' },
} as const satisfies Record<string, AiGatewayErrorFault>;

/** Crockford's base32, the alphabet of ULIDs. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (10 characters of millisecond time, 16 random), the shape of AI Gateway log ids. */
export function ulid(now = Date.now()): string {
  let time = '';
  let rest = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD.charAt(byte % 32);
  return time + random;
}

/** `cf-ray` looks like `8f1e2d3c4b5a6978-SJC`; the edge's HTML pages show the part before the dash. */
function rayId(): string {
  return randomHex(8);
}

/** The ids the AI Gateway attaches to every answer; the same log id goes into `gatewayMetadata` on success. */
function gatewayHeaders(logId = ulid()): Record<string, string> {
  return {
    'cf-ray': `${rayId()}-SJC`,
    [CLOUDFLARE_LOG_ID_HEADER]: logId,
    'cf-aig-request-id': randomUUID(),
    'cf-aig-event-id': randomUUID(),
  };
}

const EDGE_TIMEOUT_TITLES: Record<number, string> = { 524: 'A timeout occurred', 504: 'Gateway time-out' };

/**
 * What Cloudflare's edge sends when the origin took too long: its HTML error page, with the Ray ID in the page and in `cf-ray`.
 * The edge, not the gateway, answers, so there are no `cf-aig-*` headers.
 */
export function cloudflareEdgeTimeoutReply(status: 524 | 504): Reply {
  const ray = rayId();
  const title = EDGE_TIMEOUT_TITLES[status] ?? statusText(status);
  const page =
    '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n' +
    `<title>api.cloudflare.com | ${status}: ${title}</title>\n<meta charset="UTF-8" />\n</head>\n<body>\n` +
    `<div id="cf-error-details"><h1><span>Error ${status}</span> · <span>${title}</span></h1>\n` +
    '<p>The origin web server timed out responding to this request.</p>\n' +
    `<p>Cloudflare Ray ID: <strong>${ray}</strong> · Your IP: 127.0.0.1 · Performance &amp; security by Cloudflare</p>\n` +
    '</div>\n</body>\n</html>\n';
  return textReply(status, 'text/html; charset=UTF-8', page, { 'cf-ray': `${ray}-SJC`, server: 'cloudflare' });
}

export class CloudflareFake {
  constructor(private readonly context: ProviderContext) {}

  /** The error body in the configured (or given) form. */
  errorReply(status: number, code: number, message: string, form?: CloudflareErrorForm, headers: Record<string, string> = {}): Reply {
    const chosen = form ?? this.context.settings().cloudflare.errorForm;
    let body: Record<string, unknown>;
    if (chosen === 'gateway') body = { state: 'Failed', error: { code, message } };
    else if (chosen === 'aiGateway') {
      body = { success: false, result: [], messages: [], error: [{ code, message }], name: 'AiGatewayError', httpCode: status, internalCode: code };
    } else body = { success: false, errors: [{ code, message }], messages: [], result: null };
    return jsonReply(status, body, { ...gatewayHeaders(), ...headers });
  }

  /** The AI Gateway's id headers alone, for answers the server builds itself (an `oversizedJson` fault). */
  idHeaders(): Record<string, string> {
    return gatewayHeaders();
  }

  statusFaultReply(fault: StatusFault): Reply {
    const [code, message] = CODES_BY_STATUS[fault.status] ?? [3001, statusText(fault.status)];
    return this.errorReply(fault.status, code, fault.message ?? message, fault.cloudflareErrorForm, retryAfterHeader(fault.status, fault.retryAfter));
  }

  gatewayFailedReply(fault: FaultOf<'cloudflareGatewayFailed'>): Reply {
    return jsonReply(
      fault.status ?? 200,
      { state: 'Failed', error: { code: fault.code ?? 2001, message: fault.message ?? 'Provider returned an error: upstream generation failed' } },
      gatewayHeaders(),
    );
  }

  aiGatewayErrorReply(fault: AiGatewayErrorFault): Reply {
    // Unlike a status fault, no Retry-After unless asked: a 429 here may be final (spend limit 2045).
    const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
    return this.errorReply(fault.status, fault.code, fault.message ?? statusText(fault.status), 'aiGateway', headers);
  }

  unifiedBillingRefusedReply(fault: FaultOf<'cloudflareUnifiedBillingRefused'>): Reply {
    // No code anywhere, and `error` a string: a client that only looks for codes must still report something useful.
    return jsonReply(fault.status ?? 503, { success: false, error: fault.message ?? 'Service Unavailable' }, gatewayHeaders());
  }

  failedRunReply(fault: FaultOf<'cloudflareFailedRun'>): Reply {
    const message = fault.message ?? 'Provider returned an error: upstream generation failed';
    const error = fault.errorAs === 'string' ? message : { code: fault.code ?? 2001, message };
    // HTTP 200 and success:true: only result.state tells the run failed.
    return jsonReply(200, { success: true, errors: [], messages: [], result: { state: 'Failed', error } }, gatewayHeaders());
  }

  generate(request: ParsedRequest, accountId: string): Reply {
    const expected = this.context.credentials.cloudflare;
    if (bearerToken(request.headers) !== expected.apiToken || accountId !== expected.accountId) {
      return this.errorReply(401, 10000, 'Authentication error');
    }
    const body = request.body;
    if (!isRecord(body)) return this.errorReply(400, 3003, 'Request is missing headers or body: body must be a JSON object');
    if (body.model !== CLOUDFLARE_MODEL) return this.errorReply(400, 5007, `No such model ${String(body.model)} or task`);
    const input = body.input;
    if (!isRecord(input)) return this.errorReply(400, 5006, "Error: required properties at '/' are 'input'");
    const unknown = Object.keys(input).filter((key) => !INPUT_FIELDS.includes(key));
    if (unknown.length > 0) {
      return this.errorReply(400, 5006, `Error: at '/input': must NOT have additional properties: ${unknown.join(', ')}`);
    }
    const problems = musicInputProblems(input);
    if (problems.length > 0) return this.errorReply(400, 5006, `Error: at '/input': ${problems.join('; ')}`);

    const format = input.format === 'wav' ? 'wav' : 'mp3';
    const file = this.context.files.create({
      provider: 'cloudflare',
      format,
      ...(typeof input.sample_rate === 'number' ? { sampleRate: input.sample_rate } : {}),
    });
    const logId = ulid();
    const headers = gatewayHeaders(logId);
    const audio = { audio: file.url };
    const gatewayMetadata = {
      keySource: 'Unified',
      gatewayId: typeof request.headers['cf-aig-gateway-id'] === 'string' ? request.headers['cf-aig-gateway-id'] : 'default',
      logId,
      provider: 'minimax',
      model: CLOUDFLARE_MODEL,
      cached: false,
    };
    switch (this.context.settings().cloudflare.successForm) {
      case 'envelope':
        return jsonReply(200, { result: audio, success: true, errors: [], messages: [] }, headers);
      case 'binding':
        return jsonReply(200, audio, headers);
      case 'gateway':
        return jsonReply(200, { gatewayMetadata, result: audio, state: 'Completed' }, headers);
      case 'rest':
        return jsonReply(200, { success: true, errors: [], messages: [], result: { state: 'Completed', result: audio, gatewayMetadata } }, headers);
    }
  }
}
