/**
 * The words for each stage of a generation, said once so the notification
 * and `lyrics generate` tell the user the same thing.
 */
import type { GenerationProgress } from './pipeline';

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** e.g. "submitting to Cloudflare…", "generating… 40 %", "downloading… 1.2 of 5.0 MB". */
export function describeProgress(progress: GenerationProgress, providerName: string): string {
  switch (progress.stage) {
    case 'submitting':
      return `submitting to ${providerName}…`;
    case 'queued':
      return `queued at ${providerName}…`;
    case 'generating': {
      const fraction = 'fraction' in progress ? progress.fraction : undefined;
      return fraction !== undefined
        ? `generating at ${providerName}… ${Math.round(fraction * 100)} %`
        : `generating at ${providerName}… (this takes a few minutes)`;
    }
    case 'downloading':
      if (!('receivedBytes' in progress)) return 'downloading…';
      return `downloading… ${megabytes(progress.receivedBytes)}${progress.totalBytes ? ` of ${megabytes(progress.totalBytes)}` : ''} MB`;
    case 'saving':
      return 'saving…';
  }
}

/** Share of a download done, 0–1, or undefined when its size is unknown. */
export function downloadFraction(progress: GenerationProgress): number | undefined {
  return progress.stage === 'downloading' && 'receivedBytes' in progress && progress.totalBytes
    ? progress.receivedBytes / progress.totalBytes
    : undefined;
}
