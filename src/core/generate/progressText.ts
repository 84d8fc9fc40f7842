/**
 * The words for each stage of a generation, said once so the notification
 * and `lyrics generate` tell the user the same thing.
 */
import type { GenerationProgress } from './pipeline';

/** "48 KB", "3.2 MB": a small take is not "0.0 MB". */
export function formatSize(bytes: number): string {
  return bytes < 1e6 ? `${Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / 1e3))} KB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** e.g. "submitting to Cloudflare…", "generating… 40 %", "downloading… 1.2 MB of 5.0 MB", "downloading… 12 KB of 48 KB". */
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
      return `downloading… ${formatSize(progress.receivedBytes)}${progress.totalBytes ? ` of ${formatSize(progress.totalBytes)}` : ''}`;
    case 'saving':
      return 'saving…';
  }
}

/** Share of a download done, 0–1, or undefined when its size is unknown. */
export function downloadFraction(progress: GenerationProgress): number | undefined {
  return progress.stage === 'downloading' && 'receivedBytes' in progress && progress.totalBytes ? progress.receivedBytes / progress.totalBytes : undefined;
}

/**
 * Whether a download's progress is worth a line of its own, for outputs that
 * keep every line (the CLI's stderr): each tenth of a known size, and with no
 * size known, each doubling from 1 MB (1, 2, 4, 8 … MB) — a few lines for any
 * take, where every change of the MB figure made 900 lines for 90 MB.
 */
export function downloadMilestone(receivedBytes: number, totalBytes: number | undefined): number {
  if (totalBytes) return Math.floor((receivedBytes / totalBytes) * 10);
  return receivedBytes < 1e6 ? 0 : 1 + Math.floor(Math.log2(receivedBytes / 1e6));
}
