/**
 * The Lyrics Player's message protocol: one discriminated union per
 * direction, with zod schemas both sides validate on receipt. Imported by the
 * extension host (src/extension/player/) and by the webview bundle
 * (src/webview/player/), so the two cannot drift apart.
 *
 * Nothing received is trusted: a message that fails its schema is logged and
 * ignored, never acted on. The webview names takes and recovery records only
 * by the ids the host listed; the host resolves ids to files itself.
 */
import * as z from 'zod/mini';

/** `WebviewPanel.viewType` of the player; also in package.json's `onWebviewPanel:` activation event. */
export const PLAYER_VIEW_TYPE = 'lyrics.player';

/** Values per channel in a `peaks` message (max/min pairs); bounds the message's size. */
export const MAX_PEAKS = 20_000;

/**
 * Most takes (and recovery records) one list message may carry: far more than a folder sensibly holds,
 * and a bound that keeps a hostile message cheap to reject.
 */
export const MAX_LISTED = 50_000;

/** Ids are file names in one folder; the bound keeps a hostile message cheap to reject. */
const takeId = z.string().check(z.minLength(1), z.maxLength(512));
const shortText = z.string().check(z.maxLength(2000));

/** What the panel shows: a song's takes, or an audio file opened from the explorer (and its folder's takes). */
export const playerTargetSchema = z.strictObject({
  kind: z.enum(['song', 'audio']),
  /** `Uri.toString()` of the .lyrics file or the audio file. */
  uri: z.string().check(z.minLength(1), z.maxLength(4096)),
});
export type PlayerTarget = z.infer<typeof playerTargetSchema>;

/** One take as the webview sees it: display data only, plus the webview URI of its audio. */
export const takeViewSchema = z.strictObject({
  id: takeId,
  /** The audio's file name (or the sidecar's when the audio is unknown). */
  fileName: z.string(),
  /** `asWebviewUri` of the audio; null when there is nothing playable. */
  audioSrc: z.nullable(z.string()),
  /** ISO 8601; null when unknown. */
  createdAt: z.nullable(z.string()),
  provider: z.nullable(z.string()),
  /**
   * The provider as the user knows it (MiniMax, not minimax), filled by the host from core's PROVIDER_NAMES,
   * the one home of those words (the webview may not import core); null when unknown.
   */
  providerName: z.nullable(z.string()),
  format: z.nullable(z.string()),
  durationMs: z.nullable(z.number()),
  prompt: z.string(),
  /** The lyrics as sent; null when the take has no (usable) sidecar. */
  lyrics: z.nullable(z.string()),
  demo: z.boolean(),
  /** Why it can't be played or shown in full; null when fine. */
  problem: z.nullable(z.string()),
  hasSidecar: z.boolean(),
  /** Whether "use these settings" has a song to write to. */
  canUseSettings: z.boolean(),
});
export type TakeView = z.infer<typeof takeViewSchema>;

/** What a recovery record allows (as `recoveryAction` in core/takes/recoveryRecord.ts decides). */
export const RECOVERY_ACTIONS = ['download', 'resume', 'none'] as const;

/**
 * A song the provider made (and billed) whose take is not saved yet: one
 * recovery record (`<song>-<time>.pending.json`) as the webview sees it.
 * Display data only; the webview names it back by `id`.
 */
export const pendingViewSchema = z.strictObject({
  /** The record's file name. */
  id: takeId,
  /** The song's title as sent, if it had one. */
  title: z.nullable(z.string()),
  /** ISO 8601: when the provider accepted the song; null when unknown. */
  createdAt: z.nullable(z.string()),
  provider: z.nullable(z.string()),
  /** As a take's: from core's PROVIDER_NAMES, null when unknown. */
  providerName: z.nullable(z.string()),
  model: z.nullable(z.string()),
  prompt: z.string(),
  /** The lyrics as sent; null when the record can't be read. */
  lyrics: z.nullable(z.string()),
  /** Why the take is not saved yet (the latest attempt's reason); null when the record can't be read. */
  reason: z.nullable(z.string()),
  /** How many attempts to save the take failed so far. */
  attempts: z.number().check(z.gte(0)),
  /** The request's id at the provider, and the Scenario job id: what support asks for. */
  requestId: z.nullable(z.string()),
  jobId: z.nullable(z.string()),
  /** `download` (Retry download), `resume` (Resume waiting on the job), `none` (nothing to get the audio from). */
  action: z.enum(RECOVERY_ACTIONS),
  /** Why the record can't be used; null when fine. */
  problem: z.nullable(z.string()),
  /** A recovery of it is running. */
  busy: z.boolean(),
});
export type PendingView = z.infer<typeof pendingViewSchema>;

const takeList = z.array(takeViewSchema).check(z.maxLength(MAX_LISTED));
const pendingList = z.array(pendingViewSchema).check(z.maxLength(MAX_LISTED));

const noticeLevel = z.enum(['info', 'warning', 'error']);
export type NoticeLevel = z.infer<typeof noticeLevel>;

// ---- host → webview

export const hostMessageSchema = z.discriminatedUnion('type', [
  /** The answer to `ready`: everything the panel needs to draw. */
  z.strictObject({
    type: z.literal('init'),
    target: playerTargetSchema,
    heading: z.string(),
    takes: takeList,
    /** Recovery records: songs paid for but not downloaded yet, newest first. */
    pending: pendingList,
    /** The take to select: a new take after a generation, else what the webview had, else the newest. */
    select: z.nullable(takeId),
    /** Start playing the selected take (after a generation). */
    autoplay: z.boolean(),
  }),
  /** The lists changed on disk (the file-system watcher), or a recovery started or ended: both in full. */
  z.strictObject({ type: z.literal('takes'), takes: takeList, pending: pendingList }),
  /**
   * The same, as only what changed since the host's last `init`, `takes` or `takesDelta` (see shared/takesDelta.ts):
   * thousands of takes with their lyrics are megabytes, and a file event usually touches one.
   */
  z.strictObject({
    type: z.literal('takesDelta'),
    /** Takes added or changed, whole. */
    upsert: takeList,
    /** Ids of takes gone. */
    remove: z.array(takeId).check(z.maxLength(MAX_LISTED)),
    /** Every listed id in display order; null when it is the previous order minus the removed ids. */
    order: z.nullable(z.array(takeId).check(z.maxLength(MAX_LISTED))),
    /** The recovery records in full (a handful); null when unchanged. */
    pending: z.nullable(pendingList),
  }),
  /** Select (and maybe play) a take, e.g. one just generated while the panel was open. */
  z.strictObject({ type: z.literal('select'), id: takeId, autoplay: z.boolean() }),
  /** Something to tell the listener in the panel. */
  z.strictObject({ type: z.literal('notice'), level: noticeLevel, text: shortText }),
  /**
   * The answer to `requestPeaks`: a WAV's waveform computed by the host from the file
   * (max/min pairs per channel), or null when the webview should decode the audio itself.
   */
  z.strictObject({
    type: z.literal('peaks'),
    id: takeId,
    durationSeconds: z.number().check(z.gte(0)),
    peaks: z.nullable(z.array(z.array(z.number()).check(z.maxLength(MAX_PEAKS))).check(z.maxLength(2))),
  }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

// ---- webview → host

/** What the panel shows and plays, reported on every change (tests and the host's log read it). */
export const playerStatusSchema = z.strictObject({
  selectedId: z.nullable(takeId),
  /** The audio element's current source (a webview URI), '' when none. */
  audioSrc: z.string(),
  playing: z.boolean(),
  currentTime: z.number(),
  duration: z.number(),
  waveformDrawn: z.boolean(),
  /** The notice shown in the panel, if any. */
  notice: z.nullable(z.strictObject({ level: noticeLevel, text: shortText })),
});
export type PlayerStatus = z.infer<typeof playerStatusSchema>;

export const TAKE_ACTIONS = ['reveal', 'openSidecar', 'useSettings', 'delete'] as const;
export type TakeAction = (typeof TAKE_ACTIONS)[number];

export const webviewMessageSchema = z.discriminatedUnion('type', [
  /** The script is running and listening; the host answers with `init`. */
  z.strictObject({ type: z.literal('ready'), selectedId: z.nullable(takeId) }),
  z.strictObject({ type: z.literal('action'), action: z.enum(TAKE_ACTIONS), id: takeId }),
  /** Retry download / Resume waiting: get a listed recovery record's song without a new generate request. */
  z.strictObject({ type: z.literal('recover'), id: takeId }),
  /** Remove a listed recovery record (after the host's confirmation): the paid song can't be fetched again. */
  z.strictObject({ type: z.literal('discard'), id: takeId }),
  /** Open a listed recovery record's JSON in an editor (the provider's answer is kept there). */
  z.strictObject({ type: z.literal('openRecord'), id: takeId }),
  /** Ask for a take's waveform peaks (answered with `peaks`). */
  z.strictObject({ type: z.literal('requestPeaks'), id: takeId }),
  z.strictObject({ type: z.literal('status'), status: playerStatusSchema }),
  /** Timing marks for `npm run bench` and the log: milliseconds since the measured start. */
  z.strictObject({ type: z.literal('mark'), name: z.enum(['interactive', 'waveformDrawn']), ms: z.number(), id: z.optional(takeId) }),
  /** A problem the webview met (a malformed message, an audio error), for the host's log. */
  z.strictObject({ type: z.literal('log'), level: noticeLevel, text: shortText }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** What the webview keeps with `setState`, so a reload restores the panel on the same take. */
export const playerStateSchema = z.object({
  target: playerTargetSchema,
  selectedId: z.nullable(takeId),
  volume: z.number().check(z.gte(0), z.lte(1)),
  loop: z.boolean(),
  /** Playback position in seconds on the selected take. */
  time: z.number().check(z.gte(0)),
});
export type PlayerState = z.infer<typeof playerStateSchema>;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function parseWith<T>(schema: z.ZodMiniType<T>, data: unknown): Parsed<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'message';
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
}

export const parseHostMessage = (data: unknown): Parsed<HostMessage> => parseWith(hostMessageSchema, data);
export const parseWebviewMessage = (data: unknown): Parsed<WebviewMessage> => parseWith(webviewMessageSchema, data);
export const parsePlayerState = (data: unknown): Parsed<PlayerState> => parseWith(playerStateSchema, data);

/** A short description of a rejected message for logs, without echoing large or hostile payloads. */
export function describeRejected(data: unknown): string {
  if (data === null || typeof data !== 'object') return typeof data;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : 'object without a type';
}
