/**
 * Scenario, model `model_minimax-music-2-6`: Basic auth, `POST /v1/generate/custom/{modelId}`
 * creates a job; `GET /v1/jobs/{jobId}` walks it through its statuses one poll
 * at a time; `GET /v1/assets/{assetId}` gives the signed audio URL.
 */
import { SCENARIO_WALK, type Fault, type ScenarioJobStatus } from './types';
import type { ProviderContext, StatusFault } from './context';
import type { StoredFile } from './files';
import { isRecord, musicInputProblems, retryAfterHeader, statusText, type ParsedRequest } from './music';
import { jsonReply, randomHex, randomId, type Reply } from './wire';

export const SCENARIO_MODEL = 'model_minimax-music-2-6';
export const SCENARIO_GENERATE_PATH = /^\/scenario\/v1\/generate\/custom\/([^/]+)$/;
export const SCENARIO_JOB_PATH = /^\/scenario\/v1\/jobs\/([^/]+)$/;
export const SCENARIO_ASSET_PATH = /^\/scenario\/v1\/assets\/([^/]+)$/;

type JobOutcome = 'success' | 'failure' | 'canceled' | 'never';

interface ScenarioJob {
  readonly id: string;
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

  private jobIdFields(id: string): Record<string, string> {
    const field = this.settings().jobIdField;
    return field === 'both' ? { jobId: id, id } : { [field]: id };
  }

  private pollsFor(status: ScenarioJobStatus): number {
    const setting = this.settings().pollsPerStatus;
    return Math.max(0, typeof setting === 'number' ? setting : (setting[status] ?? 1));
  }

  private jobBody(job: ScenarioJob, status: ScenarioJobStatus, progress: number): Record<string, unknown> {
    const metadata: Record<string, unknown> = { assetIds: status === 'success' ? [job.assetId] : [], input: job.input };
    if (job.error !== undefined) metadata.error = job.error;
    if (job.hint !== undefined) metadata.hint = job.hint;
    return {
      ...this.jobIdFields(job.id),
      jobType: 'inference',
      modelId: SCENARIO_MODEL,
      status,
      progress,
      metadata,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
  }

  generate(request: ParsedRequest, modelId: string): Reply {
    if (!this.authorized(request)) return this.unauthorized();
    if (modelId !== SCENARIO_MODEL) return this.errorReply(404, `Model ${modelId} not found`);
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
    return jsonReply(200, { job: this.jobBody(job, settings.createdStatus, 0), creativeUnitsCost: 5 });
  }

  /** Where the job stands after `job.polls` polls, given its outcome. */
  private advance(job: ScenarioJob): { status: ScenarioJobStatus; progress: number } {
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
    const terminal = job.lastStatus === 'success' || job.lastStatus === 'failure' || job.lastStatus === 'canceled';
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
    return jsonReply(200, { job: this.jobBody(job, status, progress) });
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
        metadata: { type: 'inference-txt2audio', modelId: SCENARIO_MODEL, size: job.file.byteLength },
        createdAt: job.updatedAt,
      },
    });
  }
}
