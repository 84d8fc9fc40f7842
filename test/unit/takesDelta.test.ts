/**
 * Incremental takes lists: after `init`, a file event posts only the takes it changed
 * (issue 8 item 13), and the webview rebuilds exactly the list the host has.
 */
import { strict as assert } from 'node:assert';
import { parseHostMessage, type HostMessage, type PendingView, type TakeView } from '../../src/shared/playerProtocol';
import { pendingView, takeView } from './playerFixtures';
import { applyTakesDelta, diffTakes, EMPTY_BASELINE, takesBaseline, type TakesBaseline } from '../../src/shared/takesDelta';

const LYRICS = '[Verse]\n' + 'Neon rain on the boulevard, we drive until the morning light\n'.repeat(40);

function take(index: number): TakeView {
  const stamp = `20261121-${String(100000 + index).padStart(6, '0')}`;
  return takeView({
    id: `song-${stamp}.json`,
    fileName: `song-${stamp}.mp3`,
    audioSrc: `https://file+.vscode-resource.vscode-cdn.net/w/takes/song-${stamp}.mp3`,
    provider: 'minimax',
    durationMs: 180_000,
    prompt: 'Dreamy synthwave, female vocals, 96 bpm',
    lyrics: LYRICS,
  });
}

const PENDING: PendingView = pendingView({ prompt: 'p', lyrics: null, reason: 'HTTP 403', requestId: null });

const bytes = (message: HostMessage | null): number => (message === null ? 0 : Buffer.byteLength(JSON.stringify(message)));

/** Posts like the panel does, and checks the webview (applying what was posted) ends with the host's list. */
class Channel {
  baseline: TakesBaseline;
  webview: TakeView[];
  pending: PendingView[];
  constructor(takes: TakeView[], pending: PendingView[]) {
    // `init` carries both lists whole.
    this.baseline = takesBaseline(takes, pending);
    this.webview = [...takes];
    this.pending = [...pending];
  }
  post(takes: TakeView[], pending: PendingView[]): HostMessage | null {
    const { message, baseline } = diffTakes(this.baseline, takes, pending);
    this.baseline = baseline;
    if (message) {
      // What the webview receives went through postMessage and the schema.
      const parsed = parseHostMessage(JSON.parse(JSON.stringify(message)));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      const received = parsed.value;
      if (received.type === 'takes') {
        this.webview = received.takes;
        this.pending = received.pending;
      } else if (received.type === 'takesDelta') {
        const applied = applyTakesDelta(this.webview, received);
        assert.deepEqual(applied.missing, []);
        this.webview = applied.takes;
        if (received.pending) this.pending = received.pending;
      } else assert.fail(`unexpected ${received.type}`);
    }
    assert.deepEqual(this.webview, takes);
    assert.deepEqual(this.pending, pending);
    return message;
  }
}

describe('takes: incremental lists for the player', () => {
  const COUNT = 3000;
  let takes: TakeView[];
  let channel: Channel;
  let full: number;

  beforeEach(() => {
    takes = Array.from({ length: COUNT }, (_, index) => take(index));
    channel = new Channel(takes, [PENDING]);
    full = bytes({ type: 'takes', takes, pending: [PENDING] });
  });

  it('posts nothing when nothing changed', () => {
    assert.equal(
      channel.post(
        takes.map((t) => ({ ...t })),
        [{ ...PENDING }],
      ),
      null,
    );
  });

  it('posts only the take whose sidecar changed, in a small message', () => {
    assert.ok(full > 3_000_000, `the full list is ${full} bytes`);
    const changed = [...takes];
    changed[1234] = { ...take(1234), prompt: 'Edited prompt' };
    const message = channel.post(changed, [PENDING]);
    assert.ok(message && message.type === 'takesDelta');
    assert.deepEqual(
      message.upsert.map((t) => t.id),
      [takes[1234]?.id],
    );
    assert.deepEqual(message.remove, []);
    assert.equal(message.order, null);
    assert.equal(message.pending, null);
    assert.ok(bytes(message) < 5_000, `the delta is ${bytes(message)} bytes (the full list ${full})`);
  });

  it('posts only the id of a removed take', () => {
    const gone = takes[42]?.id ?? '';
    const message = channel.post(
      takes.filter((t) => t.id !== gone),
      [PENDING],
    );
    assert.ok(message && message.type === 'takesDelta');
    assert.deepEqual(message, { type: 'takesDelta', upsert: [], remove: [gone], order: null, pending: null });
    assert.ok(bytes(message) < 200, `the delta is ${bytes(message)} bytes`);
  });

  it('places a new take with the order, and carries pending only when it changed', () => {
    const added = take(COUNT);
    const message = channel.post([added, ...takes], [{ ...PENDING, busy: true }]);
    assert.ok(message && message.type === 'takesDelta');
    assert.deepEqual(message.upsert, [added]);
    assert.equal(message.order?.[0], added.id);
    assert.equal(message.pending?.[0]?.busy, true);
    // Ids, not contents: a fraction of the full list.
    assert.ok(bytes(message) < full / 20, `the delta is ${bytes(message)} bytes (the full list ${full})`);
    assert.deepEqual(channel.post([added, ...takes], []), { type: 'takesDelta', upsert: [], remove: [], order: null, pending: [] });
  });

  it('follows reordering, mixed changes and a list replaced wholesale', () => {
    const reversed = [...takes].reverse();
    const reorder = channel.post(reversed, [PENDING]);
    assert.ok(reorder && reorder.type === 'takesDelta' && reorder.upsert.length === 0 && reorder.order?.length === COUNT);
    const mixed = reversed.filter((_, index) => index % 100 !== 0).map((t, index) => (index % 500 === 0 ? { ...t, problem: 'gone' } : t));
    channel.post([take(COUNT + 1), ...mixed], [PENDING]);
    // Nothing carries over: the full list is no bigger than a delta.
    const replaced = Array.from({ length: 3 }, (_, index) => take(COUNT + 10 + index));
    assert.equal(channel.post(replaced, [PENDING])?.type, 'takes');
    assert.deepEqual(channel.post([], []), { type: 'takesDelta', upsert: [], remove: replaced.map((t) => t.id), order: null, pending: [] });
    assert.equal(channel.post([], []), null);
  });

  it('starts from an empty baseline with the full list', () => {
    const { message, baseline } = diffTakes(EMPTY_BASELINE, takes.slice(0, 2), []);
    assert.deepEqual(message, { type: 'takes', takes: takes.slice(0, 2), pending: [] });
    assert.deepEqual(
      baseline.order,
      takes.slice(0, 2).map((t) => t.id),
    );
    assert.equal(diffTakes(EMPTY_BASELINE, [], []).message, null);
  });

  it('reports ids the webview never got instead of inventing takes', () => {
    const applied = applyTakesDelta([take(1)], { type: 'takesDelta', upsert: [], remove: [], order: [take(1).id, 'unknown.json'], pending: null });
    assert.deepEqual(applied.takes, [take(1)]);
    assert.deepEqual(applied.missing, ['unknown.json']);
  });
});
