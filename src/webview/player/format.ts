/** Small pure helpers for the player's text. No DOM, so they are unit-testable in Node. */
import type { PendingView } from '../../shared/playerProtocol';

type RecoveryAction = PendingView['action'];

/**
 * The longest time shown as it is: 99:59:59. A sidecar (or a file's header)
 * can claim anything, e.g. 1e308 s, which would print as `2.77e+301:10:40`;
 * past this bound the display says `>99:59:59` instead.
 */
export const MAX_SHOWN_SECONDS = 100 * 3600 - 1;

/** At most this many lyrics lines are drawn; a song has a few dozen, and thousands would stall the panel. */
export const MAX_LYRICS_LINES = 500;

/** `m:ss` (or `h:mm:ss`) for a time in seconds; `0:00` for anything not finite; `>99:59:59` past the bound. */
export function formatTime(seconds: number): string {
  if (Number.isFinite(seconds) && seconds > MAX_SHOWN_SECONDS + 1) return `>${formatTime(MAX_SHOWN_SECONDS)}`;
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A take's time for the list: `21 Nov 2026, 10:15:00` in the viewer's locale and zone. */
export function formatTakeTime(iso: string | null): string {
  if (!iso) return 'unknown time';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function formatDuration(durationMs: number | null): string {
  return durationMs === null || !Number.isFinite(durationMs) ? '–:––' : formatTime(durationMs / 1000);
}

export type LyricsLine =
  | { readonly kind: 'tag'; readonly text: string }
  | { readonly kind: 'cue'; readonly text: string }
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'blank' };

/** Splits lyrics as sent into lines, marking section tags (`[Chorus]`) and whole-line cues (`(ooh)`) so they can be set off. */
export function classifyLyrics(lyrics: string): LyricsLine[] {
  return lyrics.split(/\r?\n/).map(classifyLine);
}

/** The first `max` lines of the lyrics, classified, and how many more there are (drawn as a note, not as lines). */
export function limitedLyrics(lyrics: string, max = MAX_LYRICS_LINES): { lines: LyricsLine[]; hidden: number } {
  const all = lyrics.split(/\r?\n/);
  return { lines: all.slice(0, max).map(classifyLine), hidden: Math.max(0, all.length - max) };
}

function classifyLine(raw: string): LyricsLine {
  const text = raw.trim();
  if (text === '') return { kind: 'blank' };
  if (/^\[[^\]]*\]$/.test(text)) return { kind: 'tag', text: text.slice(1, -1).trim() };
  if (/^\([^)]*\)$/.test(text)) return { kind: 'cue', text };
  return { kind: 'line', text: raw.trimEnd() };
}

/** The first words of a prompt for the list (the full prompt is in the tooltip). */
export function promptGlimpse(prompt: string, words = 8): string {
  const all = prompt.trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) return '(no prompt)';
  return all.length <= words ? all.join(' ') : `${all.slice(0, words).join(' ')}…`;
}

/** The provider's name for the list: the host sends it (core's PROVIDER_NAMES), so the webview keeps no copy of those words. */
export function providerLabel(providerName: string | null): string {
  return providerName || 'unknown provider';
}

/** The recovery button's label for a record's action; null when the record offers none (only Discard). */
export function recoveryButtonLabel(action: RecoveryAction): string | null {
  return action === 'download' ? 'Retry download' : action === 'resume' ? 'Resume waiting' : null;
}

/** What a busy record says while its recovery runs. */
export function recoveryBusyText(action: RecoveryAction): string {
  return action === 'resume' ? 'Waiting for the provider’s job…' : 'Downloading…';
}

/** The ids support asks for, and how often saving failed: `Request id abc · Job id j-1 · 3 attempts`. */
export function recordIdsLine(requestId: string | null, jobId: string | null, attempts: number): string {
  const parts: string[] = [];
  if (requestId) parts.push(`Request id ${requestId}`);
  if (jobId && jobId !== requestId) parts.push(`Job id ${jobId}`);
  if (attempts > 1) parts.push(`${attempts} attempts`);
  return parts.join(' · ');
}
