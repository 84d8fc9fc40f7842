/**
 * `lyrics recover` as a child process of dist/cli.js against the fake
 * provider: a take comes back from the record a failed download left, and
 * from an interrupted Scenario job, with no new generate request counted at
 * the fake; exit statuses and output as the help says.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FakeProvider } from '../fakeProvider';
import { lines, useCliSuite, type Running } from './cliHarness';

const SONG = '---\nprompt: Upbeat indie pop, 118 BPM\n---\n[Verse]\nStreetlights hum a borrowed tune\n\n[Chorus]\nSing it back to me\n';

describe('lyrics recover (child process of dist/cli.js ↔ fake provider)', function () {
  const suite = useCliSuite('recover', SONG);
  let fake: FakeProvider;
  let dir: string;
  beforeEach(() => ({ fake, dir } = suite));

  const lyrics = (args: string[]): Running => suite.lyrics(args);
  const takes = (): string[] => suite.takes();
  const records = (): string[] => takes().filter((name) => name.endsWith('.pending.json'));

  it('a failed download: generate says how to recover; recover downloads it (exit 0), no second generate request', async () => {
    fake.setFaults({ download: { kind: 'expiredUrl', times: 1 } });
    const failed = await lyrics(['generate', 'song.lyrics', '--provider', 'minimax']).finished;
    assert.equal(failed.code, 1, failed.stderr);
    const [record] = records();
    assert.ok(record, `a record in ${takes().join(', ')}`);
    assert.deepEqual(takes(), [record], 'the record and nothing else: no partial audio');
    const advice = lines(failed.stderr).at(-1) ?? '';
    assert.match(
      advice,
      /^lyrics: the song was generated and billed \(request id [0-9a-f]+\); retry the download, at no cost, with: lyrics recover takes\/song-\d{8}-\d{6}\.pending\.json$/,
    );

    const recovered = await lyrics(['recover', `takes/${record}`, '--json']).finished;
    assert.equal(recovered.code, 0, recovered.stderr);
    const printed = JSON.parse(recovered.stdout) as Array<Record<string, string>>;
    assert.equal(printed.length, 1);
    assert.deepEqual(Object.keys(printed[0] ?? {}).sort(), ['audio', 'record', 'sidecar']);
    assert.equal(printed[0]?.record, `takes/${record}`);
    assert.equal(printed[0]?.audio, `takes/${record.replace('.pending.json', '.mp3')}`);
    assert.ok(fs.statSync(path.join(dir, printed[0]?.audio ?? '')).size > 1000);
    assert.deepEqual(records(), [], 'the record is gone');
    assert.equal(fake.requestsFor('generate').length, 1, 'no second generate request');
  });

  it('an interrupted Scenario job: Ctrl-C leaves a record (exit 130); recover song.lyrics resumes the job without submitting again', async () => {
    fake.setScenario({ pollsPerStatus: 100_000 });
    const running = lyrics(['generate', 'song.lyrics', '--provider', 'scenario']);
    await running.stderrMatches(/^Queued at Scenario/);
    running.child.kill('SIGINT');
    const interrupted = await running.finished;
    assert.equal(interrupted.code, 130, interrupted.stderr);
    assert.match(
      interrupted.stderr,
      /keeps running \(and billing\) at Scenario; resume waiting, at no cost, with: lyrics recover takes\/song-\d{8}-\d{6}\.pending\.json/,
    );
    assert.equal(records().length, 1);

    fake.setScenario({ pollsPerStatus: 0 });
    const recovered = await lyrics(['recover', 'song.lyrics']).finished;
    assert.equal(recovered.code, 0, recovered.stderr);
    assert.match(recovered.stdout, /^takes\/song-\d{8}-\d{6}\.mp3\n$/);
    assert.deepEqual(records(), []);
    assert.equal(fake.requestsFor('generate').length, 1, 'no second generate request');
  });

  it('a record that still fails: exit 1, the record stays with the new reason added', async () => {
    fake.setFaults({ download: { kind: 'expiredUrl' } });
    await lyrics(['generate', 'song.lyrics']).finished;
    const [record] = records();
    assert.ok(record);
    const result = await lyrics(['recover', 'takes']).finished;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /download link was refused.*can’t be downloaded any more/);
    assert.match(result.stderr, /is kept with this reason added/);
    const kept = JSON.parse(fs.readFileSync(path.join(dir, 'takes', record), 'utf8')) as { attempts: unknown[] };
    assert.equal(kept.attempts.length, 2);
    assert.equal(fake.requestsFor('generate').length, 1);
  });

  it('nothing to recover: exit 0 and says so; usage errors exit 2', async () => {
    const none = await lyrics(['recover', 'song.lyrics', '--json']).finished;
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '[]\n');
    assert.match(none.stderr, /no recovery records/);
    const missing = await lyrics(['recover']).finished;
    assert.equal(missing.code, 2);
    const absent = await lyrics(['recover', 'nope.pending.json']).finished;
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /^lyrics: nope\.pending\.json does not exist\n/);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const wrong = await lyrics(['recover', 'notes.txt']).finished;
    assert.equal(wrong.code, 2);
    assert.equal(fake.requests.length, 0);
  });
});
