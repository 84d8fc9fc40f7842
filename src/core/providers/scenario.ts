/**
 * Scenario, model `model_minimax-music-2-6`: an asynchronous job.
 * POST {base}/generate/custom/model_minimax-music-2-6 (Basic auth, camelCase
 * fields, no `format`) → job id; poll GET {base}/jobs/{id} until success,
 * failure or canceled; then GET {base}/assets/{assetId} → signed URL.
 */
import * as z from 'zod/mini';
import { GenerationError, kindForStatus } from '../errors';
import { answerTooLarge, backoffMs, classifyTransportError, delay, retryAfterSeconds, sendForText, type TextResponse } from '../net/http';
import type { SongModel } from '../schema';
import { kindFromWords, oversizeMayBeSong, parseJson, step, stringAt, transportFailure } from './responses';
import type { GenerationInput, ProviderClient, ProviderContext, ProviderResult } from './types';

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

/** Documented words first; the official plugin also meets these. */
const SUCCESS = new Set(['success', 'succeeded', 'completed']);
const FAILURE = new Set(['failure', 'failed', 'error']);
const CANCELED = new Set(['canceled', 'cancelled']);
const QUEUED = new Set(['pending', 'queued']);

/** The model id per song model; music-3.0 also wants a prompt of at least 10 characters (lint checks that). */
export const SCENARIO_MODELS: Readonly<Partial<Record<SongModel, string>>> = {
  'music-2.6': 'model_minimax-music-2-6',
  'music-3.0': 'model_minimax-music-3-0',
};

/** Polls that fail are waited out, but never longer than this between two polls. */
export const MAX_POLL_WAIT_SECONDS = 30;

const jobSchema = z.object({
  /** Some clients read a top-level jobId: accept it too. */
  jobId: z.optional(z.string()),
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
    return stringAt(json, 'job', 'jobId') ?? stringAt(json, 'job', 'id') ?? stringAt(json, 'jobId') ?? traceIdOf(json);
  } catch {
    return undefined;
  }
}

/** A job id in the first part of an answer too large to parse (see AnswerTooLargeError). */
function jobIdInHead(head: string): string | undefined {
  return /"jobId"\s*:\s*"([^"\\]{1,100})"/.exec(head)?.[1] ?? /"job"\s*:\s*\{[^{}]*?"id"\s*:\s*"([^"\\]{1,100})"/.exec(head)?.[1];
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

function modelIdOf(model: SongModel): string {
  return SCENARIO_MODELS[model] ?? SCENARIO_MODEL;
}

function authorizationOf(credentials: { apiKey: string; apiSecret: string }): string {
  return `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`;
}

export const scenarioClient: ProviderClient<'scenario'> = {
  id: 'scenario',
  defaultBaseUrl: 'https://api.cloud.scenario.com/v1',
  modelId: modelIdOf,

  async generate(input, credentials, context) {
    const authorization = authorizationOf(credentials);
    const model = modelIdOf(input.model);

    context.onStage({ stage: 'submitting' });
    const submitted = await step(
      'scenario',
      'submitting the song',
      () =>
        sendForText(context.session, {
          method: 'POST',
          url: `${context.baseUrl}/generate/custom/${model}`,
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(scenarioBody(input)),
          mode: 'submit',
          headersTimeoutMs: context.session.timeouts.pollHeadersMs,
          requestIdOf: requestIdInText,
        }),
      // A submit lost after sending may still have launched a job we never heard the id of.
      {
        startsGeneration: true,
        oversizeRequestId: (tooLarge) => jobIdInHead(tooLarge.head),
        // A 2xx far too large to read may still have launched the job: keep its id if the start of the answer shows it.
        onOversizeAnswer: async (tooLarge) => {
          if (!oversizeMayBeSong(tooLarge)) return;
          const jobId = jobIdInHead(tooLarge.head);
          await context.onAccepted({ jobId, requestId: jobId, answer: tooLarge.head });
        },
      },
    );
    const submittedJson = parseJson('scenario', submitted, undefined);
    if (submitted.status < 200 || submitted.status >= 300) throw failure(submitted, submittedJson, 'submitting the song');
    const job = jobSchema.safeParse(submittedJson);
    const jobId = job.success ? (job.data.job.jobId ?? job.data.job.id ?? job.data.jobId) : stringAt(submittedJson, 'jobId');
    if (!jobId) {
      // Scenario said yes but we can't tell to what: the job may run and bill, so keep the answer.
      await context.onAccepted({ answer: submitted.text, requestId: traceIdOf(submittedJson) });
      throw new GenerationError('server', 'Scenario accepted the song but returned no job id we could read', {
        provider: 'scenario',
        status: submitted.status,
        requestId: traceIdOf(submittedJson),
      });
    }
    // A launched job is committed spend: from here on, the job id is kept.
    await context.onAccepted({ jobId, requestId: jobId, answer: submitted.text });
    return waitForJob(jobId, authorization, model, context);
  },

  async resume(jobId, _expectedFormat, credentials, context) {
    context.onStage({ stage: 'queued', providerStatus: 'resuming' });
    return waitForJob(jobId, authorizationOf(credentials), SCENARIO_MODEL, context);
  },
};

async function waitForJob(jobId: string, authorization: string, model: string, context: ProviderContext): Promise<ProviderResult> {
  const assetId = await pollUntilDone(jobId, authorization, context);
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
    await context.onAccepted({ jobId, answer: asset.text });
    throw new GenerationError('server', 'Scenario’s asset has no download URL', { provider: 'scenario', status: asset.status, requestId: jobId });
  }
  // A signed CDN URL: used exactly as given.
  const url = parsedAsset.data.asset.url;
  await context.onAccepted({ jobId, audioUrls: [url] });
  return { audio: { kind: 'urls' as const, urls: [url] }, model, requestId: jobId, durationMs: undefined, expectedFormat: undefined };
}

/** How long to wait after a failed poll: what Scenario asked for (capped), else our backoff. */
function waitAfterFailedPoll(askedSeconds: number | undefined, failures: number, context: ProviderContext): number {
  if (askedSeconds !== undefined && Number.isFinite(askedSeconds)) return Math.min(MAX_POLL_WAIT_SECONDS, Math.max(0, askedSeconds)) * 1000;
  return Math.min(MAX_POLL_WAIT_SECONDS * 1000, backoffMs(failures, context.session.retry, context.session.random));
}

/**
 * Polls until the job ends. A poll that fails (429, 5xx, a dropped
 * connection) is not the end of the generation — the job runs on at
 * Scenario either way — so polling goes on until the whole generation's
 * deadline, waiting what Scenario asks (remainingSeconds, Retry-After).
 */
async function pollUntilDone(jobId: string, authorization: string, context: ProviderContext): Promise<string> {
  let wait = context.pollIntervalMs.first;
  let failures = 0;
  for (;;) {
    await step('scenario', 'waiting for the song', () => delay(wait, context.session.signal));
    wait = Math.min(context.pollIntervalMs.max, wait * 1.5);

    let polled: TextResponse;
    try {
      polled = await sendForText(context.session, {
        method: 'GET',
        url: `${context.baseUrl}/jobs/${encodeURIComponent(jobId)}`,
        headers: { authorization },
        mode: 'idempotent',
        headersTimeoutMs: context.session.timeouts.pollHeadersMs,
        requestIdOf: requestIdInText,
        maxAttempts: 1,
      });
    } catch (error) {
      // An answer too large to read is not a poll that failed on the way: the job is fine, this server is not. Stop (the record keeps the job).
      if (answerTooLarge(error)) throw transportFailure('scenario', error, 'checking on the job');
      const transport = classifyTransportError(error, context.session.signal);
      if (transport.reason === 'aborted') throw transportFailure('scenario', transport, 'waiting for the song');
      failures += 1;
      await step('scenario', 'waiting for the song', () => delay(waitAfterFailedPoll(undefined, failures, context), context.session.signal));
      continue;
    }
    if (polled.status === 429 || polled.status >= 500) {
      failures += 1;
      let asked: number | undefined;
      try {
        const remaining = Number(stringAt(JSON.parse(polled.text) as unknown, 'remainingSeconds'));
        asked = Number.isFinite(remaining) ? remaining : undefined;
      } catch {
        asked = undefined;
      }
      asked ??= retryAfterSeconds(polled.headers);
      await step('scenario', 'waiting for the song', () => delay(waitAfterFailedPoll(asked, failures, context), context.session.signal));
      continue;
    }
    failures = 0;
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
    const { progress, metadata } = parsed.data.job;
    const status = (parsed.data.job.status ?? '').toLowerCase();
    if (SUCCESS.has(status)) {
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
    if (CANCELED.has(status)) {
      throw new GenerationError('canceled', 'The job was canceled on Scenario’s side', {
        provider: 'scenario',
        requestId: jobId,
        providerMessage,
        providerEnded: true,
      });
    }
    if (FAILURE.has(status)) {
      // Scenario reimburses failed jobs.
      throw new GenerationError(kindFromWords(providerMessage, 'server'), 'Scenario could not generate the song', {
        provider: 'scenario',
        requestId: jobId,
        providerMessage,
        providerEnded: true,
      });
    }
    context.onStage({
      stage: QUEUED.has(status) ? 'queued' : 'generating',
      fraction: typeof progress === 'number' ? Math.max(0, Math.min(1, progress)) : undefined,
      providerStatus: status,
    });
  }
}
