/**
 * Scenario, models `model_minimax-music-2-6` and `model_minimax-music-3-0`: Basic auth, `POST /v1/generate/custom/{modelId}`
 * creates a job; `GET /v1/jobs/{jobId}` walks it through its statuses one poll
 * at a time; `GET /v1/assets/{assetId}` gives the signed audio URL.
 * Jobs live until `reset()`: a launched job is committed spend, and a client may come back to it later by its id.
 */
import { SCENARIO_WALK, type Fault, type ScenarioJobStatus, type ScenarioSettings, type ScenarioStatusWords } from './types';
import type { ProviderContext, StatusFault } from './context';
import type { StoredFile } from './files';
import { isRecord, musicInputProblems, retryAfterHeader, statusText, type ParsedRequest } from './music';
import { jsonReply, randomHex, randomId, type Reply } from './wire';

export const SCENARIO_MODEL = 'model_minimax-music-2-6';
/** Same fields as 2.6, but `prompt` must be 10–2,000 characters. */
export const SCENARIO_MODEL_V3 = 'model_minimax-music-3-0';
export const SCENARIO_MODELS: readonly string[] = [SCENARIO_MODEL, SCENARIO_MODEL_V3];
/** Shortest prompt `model_minimax-music-3-0` accepts. */
export const SCENARIO_V3_PROMPT_MIN = 10;
export const SCENARIO_GENERATE_PATH = /^\/scenario\/v1\/generate\/custom\/([^/]+)$/;
export const SCENARIO_JOB_PATH = /^\/scenario\/v1\/jobs\/([^/]+)$/;
export const SCENARIO_ASSET_PATH = /^\/scenario\/v1\/assets\/([^/]+)$/;

type JobOutcome = 'success' | 'failure' | 'canceled' | 'never';

/** The official plugin's spellings of the terminal statuses. */
const PLUGIN_WORDS: Required<ScenarioStatusWords> = { success: 'succeeded', failure: 'failed', canceled: 'cancelled' };

const TERMINAL: readonly ScenarioJobStatus[] = ['success', 'failure', 'canceled'];

interface ScenarioJob {
  readonly id: string;
  readonly modelId: string;
  readonly assetId: string;
  readonly file: StoredFile;
  readonly input: Record<string, unknown>;
  readonly createdAt: string;
  updatedAt: string;
  polls: number;
  /** Set by a poll-stage job fault; sticky from then on. */
  outcome: JobOutcome;
  error?: string;
  hint?: string;
  /** What the last poll reported, so a failure keeps the progress it had reached. */
  lastStatus: ScenarioJobStatus;
  lastProgress: number;
}

const JOB_FAULTS = ['jobFailure', 'jobCanceled', 'jobNeverFinishes'] as const;
type JobFault = Extract<Fault, { kind: (typeof JOB_FAULTS)[number] }>;

export function isJobFault(fault: Fault): fault is JobFault {
  return (JOB_FAULTS as readonly string[]).includes(fault.kind);
}

export class ScenarioFake {
  private readonly jobs = new Map<string, ScenarioJob>();
  private readonly assets = new Map<string, ScenarioJob>();

  constructor(private readonly context: ProviderContext) {}

  clear(): void {
    this.jobs.clear();
    this.assets.clear();
  }

  private settings() {
    return this.context.settings().scenario;
  }

  /** Error bodies have no published schema: the message goes in the configured one of reason/message/error/detail. */
  errorReply(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply {
    const settings = this.settings();
    const traceId = randomHex(16);
    return jsonReply(status, { [settings.errorMessageField]: message, [settings.traceIdField]: traceId, ...extra }, headers);
  }

  statusFaultReply(fault: StatusFault): Reply {
    const extra = fault.remainingSeconds !== undefined ? { remainingSeconds: fault.remainingSeconds } : {};
    return this.errorReply(fault.status, fault.message ?? statusText(fault.status), extra, retryAfterHeader(fault.status, fault.retryAfter));
  }

  authorized(request: ParsedRequest): boolean {
    const { apiKey, apiSecret } = this.context.credentials.scenario;
    const expected = Buffer.from(`${apiKey}:${apiSecret}`, 'utf8').toString('base64');
    return /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() === expected;
  }

  private unauthorized(): Reply {
    return this.errorReply(401, 'Unauthorized: invalid API key or secret');
  }

  /** The id fields inside `job`. With 'topLevel' the POST's job has none (the id sits beside it) and polls say `jobId`. */
  private jobIdFields(id: string, answering: 'create' | 'poll'): Record<string, string> {
    const field = this.settings().jobIdField;
    if (field === 'topLevel') return answering === 'create' ? {} : { jobId: id };
    return field === 'both' ? { jobId: id, id } : { [field]: id };
  }

  /** The word the wire uses for a status; only terminal ones have other spellings. */
  private wireStatus(status: ScenarioJobStatus): string {
    if (status !== 'success' && status !== 'failure' && status !== 'canceled') return status;
    const setting: ScenarioSettings['statusWords'] = this.settings().statusWords;
    if (setting === 'documented') return status;
    if (setting === 'plugin') return PLUGIN_WORDS[status];
    return setting[status] ?? status;
  }

  private pollsFor(status: ScenarioJobStatus): number {
    const setting = this.settings().pollsPerStatus;
    return Math.max(0, typeof setting === 'number' ? setting : (setting[status] ?? 1));
  }

  private jobBody(job: ScenarioJob, status: ScenarioJobStatus, progress: number, answering: 'create' | 'poll'): Record<string, unknown> {
    const metadata: Record<string, unknown> = { assetIds: status === 'success' ? [job.assetId] : [], input: job.input };
    if (job.error !== undefined) metadata.error = job.error;
    if (job.hint !== undefined) metadata.hint = job.hint;
    return {
      ...this.jobIdFields(job.id, answering),
      jobType: 'inference',
      modelId: job.modelId,
      status: this.wireStatus(status),
      progress,
      metadata,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
  }

  generate(request: ParsedRequest, modelId: string): Reply {
    if (!this.authorized(request)) return this.unauthorized();
    if (!SCENARIO_MODELS.includes(modelId)) return this.errorReply(404, `Model ${modelId} not found`);
    const body = request.body;
    if (!isRecord(body)) return this.errorReply(400, 'Body must be a JSON object');
    // Scenario has no `format` field [?]; an extra field is not rejected here, tests assert on the recorded body instead.
    const problems = musicInputProblems(
      {
        prompt: body.prompt,
        lyrics: body.lyrics,
        is_instrumental: body.isInstrumental,
        lyrics_optimizer: body.lyricsOptimizer,
        sample_rate: body.sampleRate,
        bitrate: body.bitrate,
      },
      { is_instrumental: 'isInstrumental', lyrics_optimizer: 'lyricsOptimizer', sample_rate: 'sampleRate' },
    );
    if (modelId === SCENARIO_MODEL_V3 && typeof body.prompt === 'string' && body.prompt.trim() !== '' && body.prompt.length < SCENARIO_V3_PROMPT_MIN) {
      problems.push(`prompt: at least ${SCENARIO_V3_PROMPT_MIN} characters`);
    }
    if (problems.length > 0) return this.errorReply(400, `Invalid parameters: ${problems.join('; ')}`);

    const settings = this.settings();
    const file = this.context.files.create({
      provider: 'scenario',
      format: settings.audioFormat,
      ...(settings.labelledAs ? { labelledAs: settings.labelledAs } : {}),
      ...(typeof body.sampleRate === 'number' ? { sampleRate: body.sampleRate } : {}),
    });
    const now = new Date().toISOString();
    const job: ScenarioJob = {
      id: randomId('job_'),
      modelId,
      assetId: randomId('asset_'),
      file,
      input: body,
      createdAt: now,
      updatedAt: now,
      polls: 0,
      outcome: 'success',
      lastStatus: settings.createdStatus,
      lastProgress: 0,
    };
    this.jobs.set(job.id, job);
    this.assets.set(job.assetId, job);
    const created = { job: this.jobBody(job, settings.createdStatus, 0, 'create'), creativeUnitsCost: 5 };
    return jsonReply(200, settings.jobIdField === 'topLevel' ? { jobId: job.id, ...created } : created);
  }

  /** Where the job stands after `job.polls` polls, given its outcome. */
  private advance(job: ScenarioJob): { status: ScenarioJobStatus; progress: number } {
    // Terminal is for good, even if a test changes pollsPerStatus afterwards: a finished job never runs again.
    if (TERMINAL.includes(job.lastStatus)) return { status: job.lastStatus, progress: job.lastProgress };
    if (job.outcome === 'failure' || job.outcome === 'canceled') return { status: job.outcome, progress: job.lastProgress };
    if (job.outcome === 'never') {
      // Creeps towards 0.99 and never gets there, like a job stuck on the provider's side.
      return { status: 'in-progress', progress: Math.max(job.lastProgress, 0.99 - 0.89 * 0.8 ** job.polls) };
    }
    let remaining = job.polls;
    for (const status of SCENARIO_WALK) {
      const polls = this.pollsFor(status);
      if (remaining <= polls && polls > 0) {
        if (status === 'in-progress') return { status, progress: Number((0.1 + (0.8 * (remaining - 1)) / Math.max(1, polls - 1)).toFixed(3)) };
        return { status, progress: status === 'finalizing' ? 0.95 : 0 };
      }
      remaining -= polls;
    }
    return { status: 'success', progress: 1 };
  }

  poll(request: ParsedRequest, jobId: string, fault: Fault | undefined): Reply {
    if (!this.authorized(request)) return this.unauthorized();
    const job = this.jobs.get(jobId);
    if (!job) return this.errorReply(404, `Job ${jobId} not found`);
    job.polls += 1;
    const terminal = TERMINAL.includes(job.lastStatus);
    if (fault && isJobFault(fault) && !terminal) {
      if (fault.kind === 'jobFailure') {
        job.outcome = 'failure';
        job.error = fault.error ?? 'Generation failed: the model could not produce audio for this input';
        if (fault.hint !== undefined) job.hint = fault.hint;
      } else if (fault.kind === 'jobCanceled') {
        job.outcome = 'canceled';
      } else {
        job.outcome = 'never';
      }
    }
    const { status, progress } = this.advance(job);
    if (status !== job.lastStatus) job.updatedAt = new Date().toISOString();
    job.lastStatus = status;
    job.lastProgress = progress;
    return jsonReply(200, { job: this.jobBody(job, status, progress, 'poll') });
  }

  asset(request: ParsedRequest, assetId: string): Reply {
    if (!this.authorized(request)) return this.unauthorized();
    const job = this.assets.get(assetId);
    // An asset exists only once its job has succeeded.
    if (!job || job.lastStatus !== 'success') return this.errorReply(404, `Asset ${assetId} not found`);
    const mimeType = job.file.labelledAs === 'wav' ? 'audio/wav' : 'audio/mpeg';
    return jsonReply(200, {
      asset: {
        id: assetId,
        url: job.file.url,
        mimeType,
        kind: 'audio',
        status: 'success',
        metadata: { type: 'inference-txt2audio', modelId: job.modelId, size: job.file.byteLength },
        createdAt: job.updatedAt,
      },
    });
  }
}
