/** The player's CSP and nonce (src/extension/player/csp.ts, no vscode needed). */
import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, createNonce } from '../../src/extension/player/csp';

describe('player: Content-Security-Policy', () => {
  it('makes a fresh 128-bit nonce on every call', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50, 'never the same nonce twice');
    for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 16);
  });

  it('allows scripts only by that nonce, and nothing by default', () => {
    const nonce = createNonce();
    const csp = contentSecurityPolicy('https://webview.example', nonce);
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });
});
