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
  // The request id and an error's words may come from the provider: cleaned like its other text.
  const failed = `failed (${providerText(entry.error ?? 'unknown error')})`;
  // A status and an error both: the answer came but could not be used (e.g. it was far too large).
  const outcome = entry.status === undefined ? failed : entry.error === undefined ? String(entry.status) : `${entry.status}, ${failed}`;
  const details = [
    `${Math.round(entry.durationMs)} ms`,
    entry.requestId ? `request id ${providerText(entry.requestId, PROVIDER_ID_MAX)}` : undefined,
    entry.attempt > 1 ? `attempt ${entry.attempt}` : undefined,
  ].filter((part) => part !== undefined);
  return `${entry.method} ${entry.url} → ${outcome} (${details.join(', ')})`;
}

/**
 * Text from a provider (error messages, status words, ids) is data: it is
 * shown in a terminal, a notification and the log, where escape sequences
 * could retitle the terminal or forge a line, and bidi overrides could make
 * it read differently from what it is. So it goes through one function that
 * drops terminal escape sequences, control characters (C0, DEL, C1) and
 * bidi controls, puts line breaks and tabs as spaces (every message is one
 * line), and cuts it to `max` characters.
 */
export function providerText(raw: string, max: number = PROVIDER_TEXT_MAX): string {
  return cutText(cleanText(raw), max);
}

/** providerText without the cut (the input is bounded, though: a 5 MB message is not cleaned whole). */
export function cleanText(raw: string): string {
  /* eslint-disable no-control-regex -- matching control characters is the point: they are what is removed. */
  return (
    raw
      .slice(0, PROVIDER_TEXT_READ_MAX)
      // CSI (ESC [ … final byte) and OSC (ESC ] … BEL or ST) sequences, whole, so no parameter bytes are left as text.
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]?/g, '')
      .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
      // Any other escape: ESC and the one character it introduces.
      .replace(/\u001b[\s\S]?/g, '')
      .replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
      // C0 and DEL, C1, and the bidi embeddings, overrides, isolates and marks.
      .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
  /* eslint-enable no-control-regex */
}

/** How much of a provider's text is read at all; the rest is not even cleaned. */
const PROVIDER_TEXT_READ_MAX = 64 * 1024;

/** A few hundred characters: enough for any real provider error, short enough for a notification. */
export const PROVIDER_TEXT_MAX = 300;
/** Request and job ids are short; a longer one is cut like any text. */
export const PROVIDER_ID_MAX = 200;
/** The whole of a provider's text as the log keeps it (still cleaned): far above any real message, bounded all the same. */
export const PROVIDER_TEXT_LOG_MAX = 16 * 1024;

/** Cuts at `max` UTF-16 units (never inside a surrogate pair), saying how much was left out. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const highSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
  const end = highSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… [${(text.length - end).toLocaleString('en-US')} more characters cut]`;
}

/**
 * Every form in which a credential may come back in a provider's words: the
 * value itself, URL-encoded, JSON-escaped and base64 (alone and, for a
 * key/secret pair, as `key:secret`, which is what HTTP Basic sends). Values
 * shorter than 4 characters are left out: replacing them would mangle
 * ordinary words and hides nothing.
 */
export function secretForms(values: readonly string[]): string[] {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (form.length >= 4) forms.add(form);
  };
  const base64 = (text: string): string[] => {
    const encoded = Buffer.from(text, 'utf8').toString('base64');
    return [encoded, encoded.replace(/=+$/, ''), encoded.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')];
  };
  const usable = values.filter((value) => value.length >= 4);
  for (const value of usable) {
    add(value);
    add(encodeURIComponent(value));
    add(encodeURIComponent(value).replace(/%20/g, '+'));
    add(JSON.stringify(value).slice(1, -1));
    for (const encoded of base64(value)) add(encoded);
  }
  for (const first of usable) {
    for (const second of usable) {
      if (first !== second) for (const encoded of base64(`${first}:${second}`)) add(encoded);
    }
  }
  // Longest first, so a value inside a longer form (the key inside key:secret's base64 cannot be, but URL forms can) goes whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every form of every secret (see secretForms) with `***`. */
export function hideSecrets(text: string, forms: readonly string[]): string {
  let result = text;
  for (const form of forms) {
    if (result.includes(form)) result = result.split(form).join('***');
  }
  return result;
}
