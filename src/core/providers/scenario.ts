/**
 * Scenario, model `model_minimax-music-2-6`: an asynchronous job.
 * POST {base}/generate/custom/model_minimax-music-2-6 (Basic auth, camelCase
 * fields, no `format`) → job id; poll GET {base}/jobs/{id} until success,
 * failure or canceled; then GET {base}/assets/{assetId} → signed URL.
 */
import * as z from 'zod/mini';
import { GenerationError, kindForStatus } from '../generate/errors';
import { delay, retryAfterSeconds, sendForText, type TextResponse } from '../net/http';
import { kindFromWords, parseJson, step, stringAt } from './responses';
import type { GenerationInput, ProviderClient, ProviderContext } from './types';

export const SCENARIO_MODEL = 'model_minimax-music-2-6';

export function scenarioBody(input: GenerationInput): Record<string, unknown> {
  return {
    prompt: input.prompt,
    ...(input.lyrics ? { lyrics: input.lyrics } : {}),
    isInstrumental: input.isInstrumental,
    lyricsOptimizer: input.lyricsOptimizer,
    sampleRate: input.sampleRate,
    bitrate: input.bitrate,
  };
}

const TERMINAL = new Set(['success', 'failure', 'canceled']);

const jobSchema = z.object({
  job: z.object({
    jobId: z.optional(z.string()),
    // One quickstart shows `job.id`: accept either.
    id: z.optional(z.string()),
    status: z.optional(z.string()),
    progress: z.optional(z.nullable(z.number())),
    metadata: z.optional(
      z.nullable(
        z.object({
          assetIds: z.optional(z.nullable(z.array(z.string()))),
          error: z.optional(z.nullable(z.string())),
          hint: z.optional(z.nullable(z.string())),
        }),
      ),
    ),
  }),
});

const assetSchema = z.object({ asset: z.object({ url: z.string().check(z.minLength(1)) }) });

function traceIdOf(json: unknown): string | undefined {
  return stringAt(json, 'trace_id') ?? stringAt(json, 'traceId');
}

/** For the request log: the job id of a submit's answer, else an error body's trace id. */
function requestIdInText(_headers: unknown, text?: string): string | undefined {
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as unknown;
    return stringAt(json, 'job', 'jobId') ?? stringAt(json, 'job', 'id') ?? traceIdOf(json);
  } catch {
    return undefined;
  }
}

/** Official code reads messages from `reason`, `message`, `error` or `detail`. */
function messageOf(json: unknown): string | undefined {
  return stringAt(json, 'reason') ?? stringAt(json, 'message') ?? stringAt(json, 'error') ?? stringAt(json, 'detail');
}

function failure(response: TextResponse, json: unknown, doing: string, jobId?: string): GenerationError {
  const providerMessage = messageOf(json);
  const kind = kindFromWords(providerMessage, kindForStatus(response.status));
  const remaining = Number(stringAt(json, 'remainingSeconds'));
  const retryAfter = Number.isFinite(remaining) ? remaining : retryAfterSeconds(response.headers);
  const message =
    kind === 'auth'
      ? `Scenario rejected the API key and secret while ${doing}`
      : kind === 'rate-limit'
        ? `Scenario is rate limiting requests${retryAfter !== undefined ? `; try again in ${Math.ceil(retryAfter)} s` : ''}`
        : `Scenario refused the request while ${doing}`;
  return new GenerationError(kind, message, {
    provider: 'scenario',
    status: response.status,
    requestId: jobId ?? traceIdOf(json),
    providerMessage,
    retryAfterSeconds: retryAfter,
  });
}

export const scenarioClient: ProviderClient<'scenario'> = {
  id: 'scenario',
  model: SCENARIO_MODEL,
  defaultBaseUrl: 'https://api.cloud.scenario.com/v1',

  async generate(input, credentials, context) {
    const authorization = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`;
    const headers = { authorization, 'content-type': 'application/json' };

    context.onStage({ stage: 'submitting' });
    const submitted = await step('scenario', 'submitting the song', () =>
      sendForText(context.session, {
        method: 'POST',
        url: `${context.baseUrl}/generate/custom/${SCENARIO_MODEL}`,
        headers,
        body: JSON.stringify(scenarioBody(input)),
        mode: 'submit',
        headersTimeoutMs: context.session.timeouts.pollHeadersMs,
        requestIdOf: requestIdInText,
      }),
    );
    const submittedJson = parseJson('scenario', submitted, undefined);
    if (submitted.status < 200 || submitted.status >= 300) throw failure(submitted, submittedJson, 'submitting the song');
    const job = jobSchema.safeParse(submittedJson);
    const jobId = job.success ? (job.data.job.jobId ?? job.data.job.id) : undefined;
    if (!jobId) {
      throw new GenerationError('server', 'Scenario accepted the song but returned no job id', {
        provider: 'scenario',
        status: submitted.status,
        requestId: traceIdOf(submittedJson),
      });
    }

    const assetId = await pollUntilDone(jobId, headers, context);
    const asset = await step('scenario', 'fetching the audio’s address', () =>
      sendForText(context.session, {
        method: 'GET',
        url: `${context.baseUrl}/assets/${encodeURIComponent(assetId)}`,
        headers: { authorization },
        mode: 'idempotent',
        headersTimeoutMs: context.session.timeouts.pollHeadersMs,
        requestIdOf: requestIdInText,
      }),
    );
    const assetJson = parseJson('scenario', asset, jobId);
    if (asset.status < 200 || asset.status >= 300) throw failure(asset, assetJson, 'fetching the audio’s address', jobId);
    const parsedAsset = assetSchema.safeParse(assetJson);
    if (!parsedAsset.success) {
      throw new GenerationError('server', 'Scenario’s asset has no download URL', { provider: 'scenario', status: asset.status, requestId: jobId });
    }
    // A signed CDN URL: used exactly as given.
    return { audioUrl: parsedAsset.data.asset.url, model: SCENARIO_MODEL, requestId: jobId, durationMs: undefined, expectedFormat: undefined };
  },
};

async function pollUntilDone(jobId: string, headers: Record<string, string>, context: ProviderContext): Promise<string> {
  let wait = context.pollIntervalMs.first;
  for (;;) {
    await step('scenario', 'waiting for the song', () => delay(wait, context.session.signal));
    wait = Math.min(context.pollIntervalMs.max, wait * 1.5);

    const polled = await step('scenario', 'checking on the job', () =>
      sendForText(context.session, {
        method: 'GET',
        url: `${context.baseUrl}/jobs/${encodeURIComponent(jobId)}`,
        headers: { authorization: headers['authorization'] ?? '' },
        mode: 'idempotent',
        headersTimeoutMs: context.session.timeouts.pollHeadersMs,
        requestIdOf: requestIdInText,
      }),
    );
    const json = parseJson('scenario', polled, jobId);
    if (polled.status < 200 || polled.status >= 300) throw failure(polled, json, 'checking on the job', jobId);
    const parsed = jobSchema.safeParse(json);
    if (!parsed.success || !parsed.data.job.status) {
      throw new GenerationError('server', 'Scenario sent a job status it could not be read from', {
        provider: 'scenario',
        status: polled.status,
        requestId: jobId,
      });
    }
    const { status, progress, metadata } = parsed.data.job;
    if (!TERMINAL.has(status)) {
      const queued = status === 'pending' || status === 'queued';
      context.onStage({
        stage: queued ? 'queued' : 'generating',
        fraction: typeof progress === 'number' ? Math.max(0, Math.min(1, progress)) : undefined,
        providerStatus: status,
      });
      continue;
    }
    if (status === 'success') {
      const assetId = metadata?.assetIds?.[0];
      if (!assetId) {
        throw new GenerationError('server', 'Scenario finished the job but listed no audio asset', {
          provider: 'scenario',
          requestId: jobId,
        });
      }
      return assetId;
    }
    const providerMessage = [metadata?.error, metadata?.hint].filter(Boolean).join(' — ') || undefined;
    if (status === 'canceled') {
      throw new GenerationError('canceled', 'The job was canceled on Scenario’s side', { provider: 'scenario', requestId: jobId, providerMessage });
    }
    throw new GenerationError(kindFromWords(providerMessage, 'server'), 'Scenario could not generate the song', {
      provider: 'scenario',
      requestId: jobId,
      providerMessage,
    });
  }
}

