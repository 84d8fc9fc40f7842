/**
 * The player's Content-Security-Policy and its nonce, apart from the HTML so
 * that they can be unit-tested without VS Code: a nonce that stopped being
 * fresh would let any injected script with the old value run.
 */
import { randomBytes } from 'node:crypto';

/** A fresh, unguessable nonce per page load (128 bits from the OS's CSPRNG). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    // Scripts: only ours, by nonce (no 'unsafe-inline', no 'unsafe-eval').
    `script-src 'nonce-${nonce}'`,
    // Our stylesheets; wavesurfer.js's shadow-root <style> carries the same nonce.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `media-src ${cspSource}`,
    // wavesurfer.js fetches the audio (a local webview resource) to draw its peaks.
    `connect-src ${cspSource}`,
  ].join('; ');
}
