/**
 * What the compiler refuses, checked by compiling this file: a song goes to
 * runGeneration only with its own provider's credentials. Each
 * `@ts-expect-error` line fails the build (`tsc -p .`) if the pairing it
 * holds ever compiles again, as Scenario credentials for a Cloudflare song
 * did under `runGeneration<P>`.
 */
import { strict as assert } from 'node:assert';
import { withCredentials } from '../../src/core/generate/orchestrate';
import { prepareSong, runGeneration, type PreparedSong, type RunTarget, type SongWithCredentials } from '../../src/core/generate/pipeline';
import type { Credentials } from '../../src/core/providers/types';

const cloudflareCredentials: Credentials<'cloudflare'> = { accountId: 'account', apiToken: 'token' };
const scenarioCredentials: Credentials<'scenario'> = { apiKey: 'key', apiSecret: 'secret' };
const target: RunTarget = { songPath: '/songs/song.lyrics', baseUrl: 'https://example.invalid', outputFolder: '/songs/takes', timeoutMs: 1000 };

/** Never called: only compiled. */
function pairings(cloudflareSong: PreparedSong<'cloudflare'>, anySong: PreparedSong): unknown[] {
  const right: SongWithCredentials = { song: cloudflareSong, credentials: cloudflareCredentials };
  // @ts-expect-error Scenario credentials can't go with a Cloudflare song
  const wrong: SongWithCredentials = { song: cloudflareSong, credentials: scenarioCredentials };
  // @ts-expect-error a song of unknown provider has no known credentials: they come from withCredentials
  const unpaired: SongWithCredentials = { song: anySong, credentials: cloudflareCredentials };
  return [
    right,
    wrong,
    unpaired,
    runGeneration({ ...target, ...right }),
    // @ts-expect-error the same pairing, refused at runGeneration's door
    runGeneration({ ...target, song: cloudflareSong, credentials: scenarioCredentials }),
  ];
}

describe('generate types: a song only with its own provider’s credentials', () => {
  it('compiles only while the wrong pairings are refused (see the @ts-expect-error lines)', () => {
    assert.equal(typeof pairings, 'function');
  });

  it('withCredentials asks for the song’s own provider', async () => {
    const song = prepareSong('---\nprompt: p\nprovider: scenario\n---\nla', 'cloudflare');
    const asked: string[] = [];
    const paired = await withCredentials(song, (provider) => {
      asked.push(provider);
      return Promise.resolve({ ok: false, missing: [`${provider} key`] });
    });
    assert.deepEqual(asked, ['scenario']);
    assert.deepEqual(paired, { ok: false, missing: ['scenario key'] });
  });
});
