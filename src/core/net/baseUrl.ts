/**
 * Base URLs receive the user's credentials, so only `https:` is accepted,
 * except for loopback hosts (a local proxy, the fake provider in tests and
 * the demo), where plain `http:` never leaves the machine.
 */
export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

// URL.hostname keeps IPv6 literals in brackets, so '[::1]' is the only spelling of that address.
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

export function checkBaseUrl(raw: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: `"${raw}" is not a URL` };
  }
  if (url.username || url.password) return { ok: false, reason: `${url.origin} must not carry a user name or password` };
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    // No trailing slash, so `${base}/path` joins cleanly.
    return { ok: true, url: url.toString().replace(/\/+$/, '') };
  }
  return {
    ok: false,
    reason: `${url.protocol}//${url.host} is not allowed: base URLs receive your credentials, so they must use https (plain http only for localhost)`,
  };
}
