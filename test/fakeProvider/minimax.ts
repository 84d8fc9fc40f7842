/**
 * MiniMax's own API: `POST /v1/music_generation`, Bearer key. Errors come back
 * as a non-zero `base_resp.status_code`, usually with HTTP 200, so clients must
 * check `base_resp` whatever the HTTP status says.
 */
import type { FaultOf, ProviderContext, StatusFault } from './context';
import { bearerToken, isRecord, musicInputProblems, retryAfterHeader, type ParsedRequest } from './music';
import { jsonReply, randomHex, type Reply } from './wire';

export const MINIMAX_MODEL = 'music-2.6';
/** Models the fake accepts: 2.6, its free tier (3 requests a minute), and 3.0 (same fields). Anything else is base_resp 2013. */
export const MINIMAX_MODELS: readonly string[] = [MINIMAX_MODEL, 'music-2.6-free', 'music-3.0'];
export const MINIMAX_GENERATE_PATH = '/minimax/v1/music_generation';

/** Messages of the documented `base_resp.status_code` values. */
export const MINIMAX_STATUS_MESSAGES: Readonly<Record<number, string>> = {
  1000: 'unknown error',
  1001: 'request timeout',
  1002: 'rate limit exceeded, please try again later',
  1004: 'login fail: Please carefully check the authorization header',
  1008: 'insufficient balance',
  1013: 'internal service error',
  1024: 'internal error',
  1026: 'input new_sensitive',
  1027: 'output new_sensitive',
  1033: 'system error',
  1039: 'token limit',
  1041: 'connection limit',
  1042: 'too many invisible characters',
  2013: 'invalid params',
  2038: 'real-name verification required',
  2045: 'rate growth limit',
  2049: 'invalid api key',
  2056: 'usage limit exceeded',
};

type BaseRespFault = FaultOf<'minimaxBaseResp'>;

/**
 * `base_resp` errors worth a named preset, ready to use as faults. A key used on the other region's host
 * (platform.minimax.io key on api.minimaxi.com, or a mainland key on api.minimax.io) fails with 2049 or 1004, both with HTTP 200.
 */
export const MINIMAX_LIVE_ERRORS = {
  regionMismatchInvalidKey: { kind: 'minimaxBaseResp', statusCode: 2049 },
  regionMismatchLoginFail: { kind: 'minimaxBaseResp', statusCode: 1004 },
  insufficientBalance: { kind: 'minimaxBaseResp', statusCode: 1008 },
  serverTimeout: { kind: 'minimaxBaseResp', statusCode: 1001 },
  rateLimited: { kind: 'minimaxBaseResp', statusCode: 1002 },
  internalServiceError: { kind: 'minimaxBaseResp', statusCode: 1013 },
  realNameVerificationRequired: { kind: 'minimaxBaseResp', statusCode: 2038 },
  sensitiveInput: { kind: 'minimaxBaseResp', statusCode: 1026 },
} as const satisfies Record<string, BaseRespFault>;

/** The code an injected HTTP status is paired with in the body. */
const CODES_BY_STATUS: Record<number, number> = { 400: 2013, 401: 1004, 403: 1004, 404: 1000, 408: 1001, 429: 1002, 500: 1024, 503: 1033 };

export class MinimaxFake {
  constructor(private readonly context: ProviderContext) {}

  /** An error answer; `withTraceId` false for the lyrics endpoint, whose answers carry none. */
  baseRespReply(httpStatus: number, statusCode: number, statusMsg?: string, headers: Record<string, string> = {}, withTraceId = true): Reply {
    return jsonReply(
      httpStatus,
      {
        ...(withTraceId ? { trace_id: randomHex(16) } : {}),
        base_resp: { status_code: statusCode, status_msg: statusMsg ?? MINIMAX_STATUS_MESSAGES[statusCode] ?? 'error' },
      },
      headers,
    );
  }

  statusFaultReply(fault: StatusFault): Reply {
    return this.baseRespReply(fault.status, CODES_BY_STATUS[fault.status] ?? 1000, fault.message, retryAfterHeader(fault.status, fault.retryAfter));
  }

  baseRespFaultReply(fault: BaseRespFault): Reply {
    return this.baseRespReply(fault.status ?? 200, fault.statusCode, fault.statusMsg);
  }

  async generate(request: ParsedRequest): Promise<Reply> {
    // MiniMax answers bad credentials with HTTP 200 and base_resp 1004.
    if (bearerToken(request.headers) !== this.context.credentials.minimax.apiKey) return this.baseRespReply(200, 1004);
    const body = request.body;
    if (!isRecord(body)) return this.baseRespReply(200, 2013, 'invalid params, body must be a JSON object');
    if (typeof body.model !== 'string' || !MINIMAX_MODELS.includes(body.model))
      return this.baseRespReply(200, 2013, `invalid params, unknown model: ${String(body.model)}`);
    const audioSetting = body.audio_setting;
    if (audioSetting !== undefined && !isRecord(audioSetting)) return this.baseRespReply(200, 2013, 'invalid params, audio_setting must be an object');
    const setting = audioSetting ?? {};
    const problems = musicInputProblems(
      { ...body, sample_rate: setting.sample_rate, bitrate: setting.bitrate, format: setting.format },
      { sample_rate: 'audio_setting.sample_rate', bitrate: 'audio_setting.bitrate', format: 'audio_setting.format' },
    );
    const outputFormat = body.output_format ?? 'hex';
    if (outputFormat !== 'url' && outputFormat !== 'hex') problems.push('output_format: must be url or hex');
    if (problems.length > 0) return this.baseRespReply(200, 2013, `invalid params, ${problems.join('; ')}`);

    const file = this.context.files.create({
      provider: 'minimax',
      format: setting.format === 'wav' ? 'wav' : 'mp3',
      ...(typeof setting.sample_rate === 'number' ? { sampleRate: setting.sample_rate } : {}),
    });
    // output_format defaults to hex on the real API: the audio itself, hex-encoded, in the JSON. Some models were seen
    // live answering hex even when asked for a URL ('hex'); some clients read `data.audio_url` ('audio_url').
    const audioField = this.context.settings().minimax.audioField;
    const data: Record<string, unknown> = { status: 2 };
    if (outputFormat === 'hex' || audioField === 'hex') data.audio = (await this.context.files.bytes(file)).toString('hex');
    else if (audioField === 'audio_url') data.audio_url = file.url;
    else data.audio = file.url;
    return jsonReply(200, {
      data,
      trace_id: randomHex(16),
      extra_info: {
        music_duration: file.durationMs,
        music_sample_rate: file.sampleRate,
        music_channel: file.channels,
        bitrate: typeof setting.bitrate === 'number' ? setting.bitrate : 256000,
        music_size: file.byteLength,
      },
      base_resp: { status_code: 0, status_msg: 'success' },
    });
  }
}
