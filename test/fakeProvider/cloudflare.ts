/**
 * Cloudflare Workers AI, model `minimax/music-2.6`:
 * `POST /client/v4/accounts/{account_id}/ai/run`, Bearer token, body `{model, input}`.
 * The input schema has `additionalProperties: false`, so unknown input fields are a 400.
 */
import type { CloudflareErrorForm } from './types';
import type { FaultOf, ProviderContext, StatusFault } from './context';
import { bearerToken, isRecord, musicInputProblems, retryAfterHeader, statusText, type MusicInput, type ParsedRequest } from './music';
import { jsonReply, randomHex, type Reply } from './wire';

export const CLOUDFLARE_MODEL = 'minimax/music-2.6';
export const CLOUDFLARE_RUN_PATH = /^\/cloudflare\/client\/v4\/accounts\/([^/]+)\/ai\/run$/;
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

/** `cf-ray` looks like `8f1e2d3c4b5a6978-SJC`. */
function cfRayHeader(): Record<string, string> {
  return { 'cf-ray': `${randomHex(8)}-SJC` };
}

export class CloudflareFake {
  constructor(private readonly context: ProviderContext) {}

  /** The error body in either documented form [?]. */
  errorReply(status: number, code: number, message: string, form?: CloudflareErrorForm, headers: Record<string, string> = {}): Reply {
    const chosen = form ?? this.context.settings().cloudflare.errorForm;
    const body =
      chosen === 'gateway'
        ? { state: 'Failed', error: { code, message } }
        : { success: false, errors: [{ code, message }], messages: [], result: null };
    return jsonReply(status, body, { ...cfRayHeader(), ...headers });
  }

  statusFaultReply(fault: StatusFault): Reply {
    const [code, message] = CODES_BY_STATUS[fault.status] ?? [3001, statusText(fault.status)];
    return this.errorReply(fault.status, code, fault.message ?? message, fault.cloudflareErrorForm, retryAfterHeader(fault.status, fault.retryAfter));
  }

  gatewayFailedReply(fault: FaultOf<'cloudflareGatewayFailed'>): Reply {
    return jsonReply(
      fault.status ?? 200,
      { state: 'Failed', error: { code: fault.code ?? 2001, message: fault.message ?? 'Provider returned an error: upstream generation failed' } },
      cfRayHeader(),
    );
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
    const problems = musicInputProblems(input as MusicInput);
    if (problems.length > 0) return this.errorReply(400, 5006, `Error: at '/input': ${problems.join('; ')}`);

    const format = input.format === 'wav' ? 'wav' : 'mp3';
    const file = this.context.files.create({
      provider: 'cloudflare',
      format,
      ...(typeof input.sample_rate === 'number' ? { sampleRate: input.sample_rate } : {}),
    });
    const result = { audio: file.url };
    if (this.context.settings().cloudflare.successForm === 'envelope') {
      return jsonReply(200, { result, success: true, errors: [], messages: [] }, cfRayHeader());
    }
    const gatewayMetadata = {
      gatewayId: typeof request.headers['cf-aig-gateway-id'] === 'string' ? request.headers['cf-aig-gateway-id'] : 'default',
      logId: randomHex(13).toUpperCase(),
      provider: 'minimax',
      model: CLOUDFLARE_MODEL,
      cached: false,
    };
    return jsonReply(200, { gatewayMetadata, result, state: 'Completed' }, cfRayHeader());
  }
}
