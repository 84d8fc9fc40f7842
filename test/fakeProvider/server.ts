/**
 * The fake provider: one loopback HTTP server speaking the wire formats of
 * MiniMax Music 2.6's three providers (Cloudflare Workers AI, Scenario,
 * MiniMax), serving the audio they point at, recording every request, and
 * injecting faults on demand. Node built-ins only.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { C_MAJOR_CHORD } from './audio';
import { CloudflareFake, cloudflareEdgeTimeoutReply, CLOUDFLARE_LOG_ID_HEADER, CLOUDFLARE_RUN_PATH } from './cloudflare';
import type { ProviderContext, Settings } from './context';
import { FaultBook } from './faults';
import { expiredUrlReply, FileStore, s3StatusReply } from './files';
import { MinimaxFake, MINIMAX_GENERATE_PATH } from './minimax';
import { lyricsReply, MINIMAX_LYRICS_PATH } from './minimaxLyrics';
import { retryAfterHeader, type ParsedRequest } from './music';
import { ScenarioFake, SCENARIO_ASSET_PATH, SCENARIO_GENERATE_PATH, SCENARIO_JOB_PATH } from './scenario';
import type {
  AudioSettings,
  CloudflareSettings,
  DelayPlan,
  FakeCredentials,
  FakeProvider,
  FakeProviderOptions,
  Fault,
  FaultPlan,
  MinimaxSettings,
  ProviderName,
  RecordedRequest,
  ScenarioSettings,
  Stage,
} from './types';
import {
  bytesReply,
  HTML_ERROR_PAGE,
  HTML_LOGIN_PAGE,
  jsonReply,
  MALFORMED_JSON,
  repeatingStream,
  sendCutReply,
  sendReply,
  textReply,
  type Reply,
} from './wire';

/** Obviously fake credentials the server accepts unless told otherwise. The account id is 32 hex digits like a real one. */
export const DEFAULT_CREDENTIALS: FakeCredentials = {
  cloudflare: { accountId: 'feedfacefeedfacefeedfacefeedface', apiToken: 'fake-cloudflare-api-token' },
  scenario: { apiKey: 'fake_scenario_api_key', apiSecret: 'fake_scenario_api_secret' },
  minimax: { apiKey: 'fake-minimax-api-key' },
};

export const DEFAULT_AUDIO: AudioSettings = { wavSeconds: 3, wavChannels: 2, tone: C_MAJOR_CHORD };

export const DEFAULT_SCENARIO: ScenarioSettings = {
  pollsPerStatus: 1,
  createdStatus: 'queued',
  jobIdField: 'jobId',
  audioFormat: 'mp3',
  errorMessageField: 'message',
  traceIdField: 'traceId',
  statusWords: 'documented',
};

/** REST callers of /ai/run see the 'rest' envelope live; the other success forms stay selectable. */
export const DEFAULT_CLOUDFLARE: CloudflareSettings = { errorForm: 'envelope', successForm: 'rest' };

export const DEFAULT_MINIMAX: MinimaxSettings = { audioField: 'audio' };

/**
 * The `oversizedJson` fault's answer: `bytes` of valid JSON with a Content-Length, or, without `bytes`, a chunked body that
 * opens a string and never closes it.
 */
function oversizedJsonReply(status: number, bytes: number | undefined, headers: Record<string, string>): Reply {
  const head = Buffer.from('{"padding":"', 'utf8');
  const tail = Buffer.from('"}', 'utf8');
  const padding = bytes === undefined ? undefined : Math.max(0, bytes - head.length - tail.length);
  const filler = repeatingStream(Buffer.alloc(64 * 1024, 'x'), padding);
  async function* body(): AsyncGenerator<Buffer> {
    try {
      yield head;
      for await (const chunk of filler as AsyncIterable<Buffer>) yield chunk;
      yield tail;
    } finally {
      filler.destroy();
    }
  }
  const stream = Readable.from(body(), { objectMode: false });
  if (padding === undefined) return { ...bytesReply(status, 'application/json; charset=utf-8', stream, 0, headers), chunked: true };
  return bytesReply(status, 'application/json; charset=utf-8', stream, head.length + padding + tail.length, headers);
}

/** Request bodies beyond this are refused; real inputs are a few KB. */
const MAX_BODY_BYTES = 1024 * 1024;

/** One handled path: which provider and stage it belongs to, and how to answer it. */
interface Route {
  readonly provider: ProviderName | undefined;
  readonly stage: Stage | undefined;
  readonly respond: (request: ParsedRequest, fault: Fault | undefined) => Reply | Promise<Reply>;
  /** Replies for faults only this route knows how to give (a redirect needs the file's path). */
  readonly faultReply?: (fault: Fault) => Reply | undefined;
  /** The rest of something a fault started (a redirect hop): no fault applies, and it counts against no rule. */
  readonly faultFree?: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Notes what went out on the record, so tests can compare the ids the client saw with the ones handed out. */
function recordResponse(record: Mutable<RecordedRequest>, reply: Reply): void {
  record.response = { status: reply.status, headers: { ...reply.headers } };
  const logId = reply.headers[CLOUDFLARE_LOG_ID_HEADER];
  if (typeof logId === 'string') record.logId = logId;
}

function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined));
    request.on('error', () => resolve(undefined));
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const credentials: FakeCredentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const initialSettings = (): Settings => ({
    audio: { ...DEFAULT_AUDIO, ...options.audio },
    scenario: { ...DEFAULT_SCENARIO, ...options.scenario },
    cloudflare: { ...DEFAULT_CLOUDFLARE, ...options.cloudflare },
    minimax: { ...DEFAULT_MINIMAX, ...options.minimax },
  });
  let settings = initialSettings();
  let delays: DelayPlan = options.delaysMs ?? {};
  const faults = new FaultBook();
  faults.set(options.faults ?? {});
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer();
  // Keep-alive sockets and held-open requests must not delay close(); they are destroyed there.
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const baseUrls: Record<ProviderName, string> = {
    cloudflare: `${origin}/cloudflare/client/v4`,
    scenario: `${origin}/scenario/v1`,
    minimax: `${origin}/minimax/v1`,
  };

  const files = new FileStore(origin, () => settings.audio);
  const context: ProviderContext = { credentials, settings: () => settings, files };
  const cloudflare = new CloudflareFake(context);
  const scenario = new ScenarioFake(context);
  const minimax = new MinimaxFake(context);

  const notFound: Route = { provider: undefined, stage: undefined, respond: () => jsonReply(404, { error: 'not found' }) };
  const methodNotAllowed: Route = { provider: undefined, stage: undefined, respond: () => jsonReply(405, { error: 'method not allowed' }) };

  function route(method: string, url: URL): Route {
    const path = url.pathname;
    const only = (allowed: string[], chosen: Route): Route => (allowed.includes(method) ? chosen : methodNotAllowed);
    let match: RegExpExecArray | null;
    if ((match = CLOUDFLARE_RUN_PATH.exec(path))) {
      const accountId = decodeURIComponent(match[1] ?? '');
      return only(['POST'], { provider: 'cloudflare', stage: 'generate', respond: (request) => cloudflare.generate(request, accountId) });
    }
    if ((match = SCENARIO_GENERATE_PATH.exec(path))) {
      const modelId = decodeURIComponent(match[1] ?? '');
      return only(['POST'], { provider: 'scenario', stage: 'generate', respond: (request) => scenario.generate(request, modelId) });
    }
    if ((match = SCENARIO_JOB_PATH.exec(path))) {
      const jobId = decodeURIComponent(match[1] ?? '');
      return only(['GET'], { provider: 'scenario', stage: 'poll', respond: (request, fault) => scenario.poll(request, jobId, fault) });
    }
    if ((match = SCENARIO_ASSET_PATH.exec(path))) {
      const assetId = decodeURIComponent(match[1] ?? '');
      return only(['GET'], { provider: 'scenario', stage: 'asset', respond: (request) => scenario.asset(request, assetId) });
    }
    if (path === MINIMAX_GENERATE_PATH) {
      return only(['POST'], { provider: 'minimax', stage: 'generate', respond: (request) => minimax.generate(request) });
    }
    if (path === MINIMAX_LYRICS_PATH) {
      return only(['POST'], { provider: 'minimax', stage: 'lyrics', respond: (request) => lyricsReply(context, minimax, request) });
    }
    const filePath = FileStore.parsePath(path);
    if (filePath !== undefined) {
      const provider = files.get(filePath.id)?.provider;
      if (filePath.hop) {
        return only(['GET', 'HEAD'], { provider, stage: 'download', faultFree: true, respond: (request) => files.hop(filePath, url.search, request.query) });
      }
      return only(['GET', 'HEAD'], {
        provider,
        stage: 'download',
        respond: (request) => files.download(filePath.id, request.query),
        faultReply: (fault) =>
          fault.kind === 'redirect'
            ? files.redirectStart(filePath, url.search, fault)
            : files.faultyDownload(filePath.id, Object.fromEntries(url.searchParams), fault),
      });
    }
    if (path === '/' && method === 'GET') {
      return { provider: undefined, stage: undefined, respond: () => jsonReply(200, { origin, baseUrls, credentials }) };
    }
    return notFound;
  }

  function delayFor(stage: Stage | undefined, provider: ProviderName | undefined): number {
    const entry = stage ? delays[stage] : undefined;
    if (typeof entry === 'number') return entry;
    return (entry && provider ? entry[provider] : undefined) ?? 0;
  }

  /** The reply for a fault that replaces the normal answer; undefined when the fault shapes the normal answer instead. */
  function faultReply(fault: Fault, stage: Stage, provider: ProviderName | undefined, chosen: Route): Reply | undefined {
    const own = chosen.faultReply?.(fault);
    if (own) return own;
    switch (fault.kind) {
      case 'status':
        if (stage === 'download' || provider === undefined) {
          return s3StatusReply(fault.status, fault.message, retryAfterHeader(fault.status, fault.retryAfter));
        }
        return { cloudflare, scenario, minimax }[provider].statusFaultReply(fault);
      case 'html':
        return textReply(fault.status ?? 200, 'text/html; charset=utf-8', HTML_ERROR_PAGE);
      case 'malformedJson':
        return textReply(fault.status ?? 200, 'application/json', MALFORMED_JSON);
      case 'expiredUrl':
        return expiredUrlReply();
      case 'htmlAsAudio':
        return textReply(200, 'text/html; charset=utf-8', HTML_LOGIN_PAGE);
      case 'minimaxBaseResp':
        return minimax.baseRespFaultReply(fault);
      case 'cloudflareGatewayFailed':
        return cloudflare.gatewayFailedReply(fault);
      case 'cloudflareAiGatewayError':
        return cloudflare.aiGatewayErrorReply(fault);
      case 'cloudflareUnifiedBillingRefused':
        return cloudflare.unifiedBillingRefusedReply(fault);
      case 'cloudflareFailedRun':
        return cloudflare.failedRunReply(fault);
      case 'oversizedJson':
        // A Cloudflare answer carries the gateway's ids whatever its body: the client can still name the request.
        return oversizedJsonReply(fault.status ?? 200, fault.bytes, provider === 'cloudflare' ? cloudflare.idHeaders() : {});
      default:
        return undefined;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // 'close' on the response fires when it finished or when the client went away; either way stop waiting.
    const clientGone = new AbortController();
    res.on('close', () => clientGone.abort());

    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const chosen = route(method, url);
    const request: ParsedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      rawBody: rawBody ?? '',
      body: parseJson(rawBody ?? ''),
    };
    const record: Mutable<RecordedRequest> = { ...request, provider: chosen.provider, stage: chosen.stage, receivedAt: new Date() };
    requests.push(record);
    if (rawBody === undefined) {
      const tooLarge = jsonReply(413, { error: 'request body too large' });
      recordResponse(record, tooLarge);
      await sendReply(res, tooLarge);
      return;
    }

    // Marks, for tests, that the client left before an answer; every early return below goes through it.
    const abandoned = (): boolean => {
      if (clientGone.signal.aborted) record.abandoned = true;
      return clientGone.signal.aborted;
    };
    const delayMs = delayFor(chosen.stage, chosen.provider);
    // The fake's own delay feature (a slow provider), not a test waiting: cancelled when the client disconnects.
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: clientGone.signal }).catch(() => undefined);
    if (abandoned()) return;

    const fault = chosen.stage && !chosen.faultFree ? faults.take(chosen.stage, chosen.provider) : undefined;
    if (fault?.kind === 'neverAnswer') return; // held until the client aborts or close() destroys the socket
    let replacement: Reply | undefined;
    if (fault?.kind === 'gatewayTimeout') {
      // The edge waits on the origin, then gives up; a client that left first must not get (or consume) anything.
      await sleep(fault.delayMs ?? 50, undefined, { signal: clientGone.signal }).catch(() => undefined);
      if (abandoned()) return;
      replacement = cloudflareEdgeTimeoutReply(fault.status ?? 524);
    } else if (fault?.kind === 'echoAuthorization' && chosen.provider) {
      // Needs the request itself: the answer repeats the header it came with.
      const header = typeof request.headers.authorization === 'string' ? request.headers.authorization : '';
      const echoed = fault.encoding === 'url' ? encodeURIComponent(header) : header;
      const status = fault.status ?? (chosen.provider === 'minimax' ? 200 : 401);
      const message = `${fault.prefix ?? 'Invalid credentials in header Authorization: '}${echoed}`;
      replacement =
        chosen.provider === 'minimax'
          ? minimax.baseRespReply(status, 1004, message, {}, chosen.stage !== 'lyrics')
          : { cloudflare, scenario }[chosen.provider].statusFaultReply({ kind: 'status', status, message, retryAfter: null });
    } else if (fault && chosen.stage) {
      replacement = faultReply(fault, chosen.stage, chosen.provider, chosen);
    }
    const reply = replacement ?? (await chosen.respond(request, fault));
    if (abandoned()) return;
    recordResponse(record, reply);
    if (fault?.kind === 'resetMidBody') await sendCutReply(res, reply, 0.5, 'destroy');
    else if (fault?.kind === 'truncated') await sendCutReply(res, reply, fault.fraction ?? 0.5, 'end');
    else await sendReply(res, reply, method === 'HEAD');
  }

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake must be loud in tests, but must not take the server down.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake provider error: ${message}`);
      else res.destroy();
    });
  });

  let closing: Promise<void> | undefined;
  const fake: FakeProvider = {
    origin,
    port,
    baseUrls,
    credentials,
    requests,
    requestsFor: (stage, provider) => requests.filter((r) => r.stage === stage && (provider === undefined || r.provider === provider)),
    setFaults: (plan: FaultPlan) => faults.set(plan),
    setDelays: (plan: DelayPlan) => {
      delays = plan;
    },
    setAudio: (audio) => {
      settings = { ...settings, audio: { ...settings.audio, ...audio } };
    },
    setScenario: (values) => {
      settings = { ...settings, scenario: { ...settings.scenario, ...values } };
    },
    setCloudflare: (values) => {
      settings = { ...settings, cloudflare: { ...settings.cloudflare, ...values } };
    },
    setMinimax: (values) => {
      settings = { ...settings, minimax: { ...settings.minimax, ...values } };
    },
    reset: () => {
      requests.length = 0;
      faults.set(options.faults ?? {});
      delays = options.delaysMs ?? {};
      settings = initialSettings();
      files.clear();
      scenario.clear();
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
  return fake;
}
