/**
 * What may be logged of a request. URLs lose their query string (signed
 * download URLs carry their signature there) and any user:password part;
 * headers are never logged at all, so an Authorization header cannot leak.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    const hadQuery = parsed.search !== '';
    parsed.search = '';
    parsed.hash = '';
    return hadQuery ? `${parsed.toString()}?…` : parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** One line of the request log. */
export interface RequestLogEntry {
  readonly method: string;
  /** Already redacted with `redactUrl`. */
  readonly url: string;
  readonly status?: number | undefined;
  readonly durationMs: number;
  readonly requestId?: string | undefined;
  readonly attempt: number;
  readonly error?: string | undefined;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

export function formatLogEntry(entry: RequestLogEntry): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error ?? 'unknown error'})`;
  const details = [
    `${Math.round(entry.durationMs)} ms`,
    entry.requestId ? `request id ${entry.requestId}` : undefined,
    entry.attempt > 1 ? `attempt ${entry.attempt}` : undefined,
  ].filter((part) => part !== undefined);
  return `${entry.method} ${entry.url} → ${outcome} (${details.join(', ')})`;
}
