/**
 * `lyrics.requestTimeoutMinutes`: the longest a whole generation (submit,
 * wait, download) may take. A repository's `.vscode/settings.json` can set it,
 * and both ends are harmful — a tiny value sends the paid request and
 * abandons it a second later, a huge one overflows Node's timers (and fired
 * at once). So the value is bounded to the range the setting declares, and a
 * workspace's value counts only within that range; outside it the user's own
 * value (or the default) applies instead.
 */
export const MIN_TIMEOUT_MINUTES = 1;
export const MAX_TIMEOUT_MINUTES = 120;
export const DEFAULT_TIMEOUT_MINUTES = 10;

/** The values VS Code's `inspect()` reports for the setting, from the most specific scope to the user's own. */
export interface TimeoutSettingValues {
  readonly workspaceFolderValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly globalValue?: unknown;
}

function inRange(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= MIN_TIMEOUT_MINUTES && value <= MAX_TIMEOUT_MINUTES;
}

/** Clamps a number to the declared range; anything that is not a positive number gives the default. */
export function clampTimeoutMinutes(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) return DEFAULT_TIMEOUT_MINUTES;
  return Math.min(MAX_TIMEOUT_MINUTES, Math.max(MIN_TIMEOUT_MINUTES, value));
}

/** The minutes a generation gets: a workspace's value only within range, else the user's own (clamped), else the default. */
export function effectiveTimeoutMinutes(values: TimeoutSettingValues): number {
  if (inRange(values.workspaceFolderValue)) return values.workspaceFolderValue;
  if (inRange(values.workspaceValue)) return values.workspaceValue;
  return values.globalValue === undefined ? DEFAULT_TIMEOUT_MINUTES : clampTimeoutMinutes(values.globalValue);
}
