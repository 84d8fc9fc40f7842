/**
 * Keeps the recovery record of one accepted song in step with what we know:
 * written the moment the provider accepts (so a crash, a closed window or a
 * killed process still leaves it), updated as URLs and ids arrive, given the
 * reason when the take could not be saved, and removed once it is.
 *
 * Writing a record never hides the generation's own outcome: if the disk
 * refuses the record too, the failure says so, and the ids are still in it.
 */
import type { Acceptance } from '../providers/types';
import { createRecord, recoveryAction, redactAnswer, removeRecord, updateRecord, withAttempt, type RecoveryRecord } from '../takes/recoveryRecord';
import { cleanId, type GenerationError } from '../errors';

/** What the record says while the take is still on its way: what a crash leaves behind. */
export const IN_PROGRESS_REASON = 'The take was not saved yet: the generation was interrupted (the window closed or the process stopped) before it finished.';

export class PaidSongKeeper {
  private record: RecoveryRecord;
  private recordPath: string | undefined;
  private writeError: unknown;
  /** Writes run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  accepted = false;

  constructor(
    private readonly options: {
      readonly folder: string;
      readonly songPath: string;
      readonly createdAt: Date;
      readonly initial: RecoveryRecord;
      /** Strings never to write into the record (the credentials). */
      readonly secrets: readonly string[];
      readonly now: () => Date;
      /** An existing record (recovery): updated in place, never created anew. */
      readonly existingPath?: string;
    },
  ) {
    this.record = options.initial;
    this.recordPath = options.existingPath;
    if (options.existingPath) this.accepted = true;
  }

  get path(): string | undefined {
    return this.recordPath;
  }

  get current(): RecoveryRecord {
    return this.record;
  }

  /** The provider accepted the song (or told us more about it): persist at once. */
  async accept(acceptance: Acceptance): Promise<void> {
    this.accepted = true;
    const record = this.record;
    this.record = {
      ...record,
      requestId: acceptance.requestId ?? record.requestId,
      jobId: acceptance.jobId ?? record.jobId,
      answer: acceptance.answer !== undefined ? redactAnswer(acceptance.answer, this.options.secrets).text : record.answer,
      audioUrls: [...new Set([...record.audioUrls, ...(acceptance.audioUrls ?? [])])],
    };
    await this.persist();
  }

  inlineKept(name: string): void {
    this.record = { ...this.record, inlineAudio: name };
  }

  audioSavedWithoutSidecar(name: string): void {
    this.record = { ...this.record, savedAudio: name, audioUrls: [], inlineAudio: null };
  }

  /** The take could not be saved: record why, and point the error at the record. */
  async fail(error: GenerationError): Promise<void> {
    error.mayBeBilled = true;
    this.record = withAttempt(this.record, error.describe(), this.options.now());
    await this.persist();
    if (this.recordPath) {
      error.recovery = {
        recordPath: this.recordPath,
        action: recoveryAction(this.record),
        // Shown in messages: cleaned like any of the provider's text (the record keeps it as sent, to resume with).
        requestId: cleanId(this.record.requestId ?? this.record.jobId ?? undefined),
      };
    }
  }

  /** Why the record could not be written, if it could not. */
  get problem(): string | undefined {
    if (this.writeError === undefined) return undefined;
    const code = (this.writeError as NodeJS.ErrnoException).code;
    return code ?? (this.writeError instanceof Error ? this.writeError.message : 'unknown error');
  }

  /** The take is saved: the record has served its purpose. */
  async done(): Promise<void> {
    await this.queue;
    if (this.recordPath) await removeRecord(this.recordPath, null).catch(() => undefined);
  }

  private persist(): Promise<void> {
    const snapshot = this.record;
    this.queue = this.queue.then(async () => {
      try {
        if (this.recordPath) await updateRecord(this.recordPath, snapshot);
        else this.recordPath = await createRecord(this.options.folder, this.options.songPath, this.options.createdAt, snapshot);
        this.writeError = undefined;
      } catch (error) {
        this.writeError = error;
      }
    });
    return this.queue;
  }
}
