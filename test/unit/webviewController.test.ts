/**
 * The player's controller in happy-dom: the host's messages (a full list, then
 * deltas) update what is drawn, and what a reload restores goes through
 * setState and comes back through getState.
 */
import { strict as assert } from 'node:assert';
import type { HostMessage, PlayerState, PlayerTarget, TakeView, WebviewMessage } from '../../src/shared/playerProtocol';
import { pendingView, takeView } from './playerFixtures';
import { giveDuration, startPlayer, type Player, type PlayerPage } from './webviewHarness';

const TARGET: PlayerTarget = { kind: 'song', uri: 'file:///songs/night-drive.lyrics' };
const AUDIO_BASE = 'https://file+.vscode-resource.vscode-cdn.net/songs/takes/';

function take(stem: string, overrides: Partial<TakeView> = {}): TakeView {
  return takeView({ id: `${stem}.json`, fileName: `${stem}.mp3`, audioSrc: `${AUDIO_BASE}${stem}.mp3`, ...overrides });
}

const NEWEST = take('song-20261121-113000', { provider: 'minimax', providerName: 'MiniMax', format: 'wav', lyrics: '[Chorus]\nneon rain' });
const OLDER = take('song-20261121-101500');
const OLDEST = take('song-20261120-080000');

function init(takes: TakeView[], overrides: Partial<Extract<HostMessage, { type: 'init' }>> = {}): HostMessage {
  return { type: 'init', target: TARGET, heading: 'Night Drive', takes, pending: [], select: null, autoplay: false, ...overrides };
}

/** The take ids in the list, top to bottom. */
function listedIds(page: PlayerPage): string[] {
  return Array.from(page.document.querySelectorAll<HTMLElement>('#take-list [data-take-id]')).map((item) => item.dataset['takeId'] ?? '');
}

function selectedId(page: PlayerPage): string | undefined {
  return page.document.querySelector<HTMLElement>('#take-list .take.selected')?.dataset['takeId'];
}

function isRequestPeaks(message: WebviewMessage): message is Extract<WebviewMessage, { type: 'requestPeaks' }> {
  return message.type === 'requestPeaks';
}

describe('webview: the player controller', () => {
  let player: Player | undefined;
  afterEach(async () => {
    await player?.page.close();
    player = undefined;
  });

  it('says it is ready, then draws the init message: heading, takes newest first, the first one selected', () => {
    player = startPlayer();
    const { page, host } = player;
    assert.deepEqual(host.posted[0], { type: 'ready', selectedId: null });

    player.controller.receive(init([NEWEST, OLDER], { pending: [pendingView()] }));

    assert.equal(page.element('heading').textContent, 'Night Drive');
    assert.deepEqual(listedIds(page), [NEWEST.id, OLDER.id]);
    assert.equal(selectedId(page), NEWEST.id);
    assert.equal(page.element('now-playing').textContent, NEWEST.fileName);
    assert.equal(page.element('lyrics').querySelector('h3')?.textContent, 'Chorus');
    assert.equal(page.element('pending').hidden, false);
    assert.equal(page.element<HTMLAudioElement>('audio').getAttribute('src'), NEWEST.audioSrc);
    assert.deepEqual(host.ofType('requestPeaks'), [{ type: 'requestPeaks', id: NEWEST.id }]);
    assert.equal(host.lastStatus()?.selectedId, NEWEST.id);
  });

  it('applies a full list, then a delta: new takes placed by the order, removed ones gone, changed ones redrawn', () => {
    player = startPlayer();
    const { page, host, controller } = player;
    controller.receive(init([OLDER]));
    controller.receive({ type: 'takes', takes: [NEWEST, OLDER, OLDEST], pending: [] });
    assert.deepEqual(listedIds(page), [NEWEST.id, OLDER.id, OLDEST.id]);
    assert.equal(selectedId(page), OLDER.id, 'a new list keeps the selection');

    const renamed = { ...OLDEST, prompt: 'slower, with strings' };
    const added = take('song-20261121-120000');
    controller.receive({ type: 'takesDelta', upsert: [added, renamed], remove: [NEWEST.id], order: [added.id, OLDER.id, OLDEST.id], pending: null });

    assert.deepEqual(listedIds(page), [added.id, OLDER.id, OLDEST.id]);
    const oldestRow = page.document.querySelector(`[data-take-id="${OLDEST.id}"] .take-prompt`);
    assert.equal(oldestRow?.textContent, 'slower, with strings');
    assert.equal(selectedId(page), OLDER.id);
    assert.deepEqual(host.ofType('log'), [], 'nothing went missing');
  });

  it('a delta with no take changes leaves the list alone, and one naming an unknown take is logged', () => {
    player = startPlayer();
    const { page, host, controller } = player;
    controller.receive(init([NEWEST, OLDER]));
    const firstRow = page.document.querySelector(`[data-take-id="${NEWEST.id}"]`);

    controller.receive({ type: 'takesDelta', upsert: [], remove: [], order: null, pending: [pendingView()] });
    assert.equal(page.document.querySelector(`[data-take-id="${NEWEST.id}"]`), firstRow, 'the same element: not redrawn');
    assert.equal(page.element('pending').hidden, false);

    controller.receive({ type: 'takesDelta', upsert: [], remove: [], order: [NEWEST.id, 'never-sent.json', OLDER.id], pending: null });
    assert.deepEqual(listedIds(page), [NEWEST.id, OLDER.id]);
    assert.match(host.ofType('log')[0]?.text ?? '', /named 1 take\(s\) the player never got/);
  });

  it('stops and says so when a delta removes the playing take', () => {
    player = startPlayer();
    const { page, host, controller, waveform } = player;
    controller.receive(init([NEWEST, OLDER], { autoplay: true }));
    const audio = page.element<HTMLAudioElement>('audio');
    assert.equal(audio.paused, false, 'autoplay');

    controller.receive({ type: 'takesDelta', upsert: [], remove: [NEWEST.id], order: null, pending: null });

    assert.equal(audio.paused, true);
    assert.equal(audio.getAttribute('src'), null);
    assert.equal(waveform.cleared, 1);
    assert.equal(selectedId(page), undefined);
    assert.equal(page.element('now-playing').textContent, 'No take selected');
    assert.equal(page.element('notice-text').textContent, `The take ${NEWEST.fileName} was deleted.`);
    assert.equal(host.lastStatus()?.notice?.level, 'warning');
    assert.equal(host.saved.at(-1)?.selectedId, null);
  });

  it('clicking another take selects it; an action button asks the host', () => {
    player = startPlayer();
    const { page, host, controller } = player;
    controller.receive(init([NEWEST, OLDER]));
    page.document.querySelector<HTMLButtonElement>(`[data-take-id="${OLDER.id}"] .take-main`)?.click();
    assert.equal(selectedId(page), OLDER.id);
    assert.equal(page.element<HTMLAudioElement>('audio').getAttribute('src'), OLDER.audioSrc);

    page.document.querySelector<HTMLButtonElement>(`[data-take-id="${NEWEST.id}"] [data-action="reveal"]`)?.click();
    assert.deepEqual(host.ofType('action'), [{ type: 'action', action: 'reveal', id: NEWEST.id }]);
    assert.equal(selectedId(page), OLDER.id, 'an action does not select');
  });

  it('draws the waveform from the peaks the host sends, then reports it drawn', async () => {
    player = startPlayer();
    const { host, controller, waveform } = player;
    const asked = host.next(isRequestPeaks);
    controller.receive(init([NEWEST]));
    const request = await asked;

    const drawn = host.next((message): message is Extract<WebviewMessage, { type: 'mark' }> => message.type === 'mark' && message.name === 'waveformDrawn');
    controller.receive({ type: 'peaks', id: request.id, durationSeconds: 12, peaks: [[0.5, -0.5]] });
    await drawn;

    assert.deepEqual(waveform.loads, [{ url: NEWEST.audioSrc, precomputed: { peaks: [[0.5, -0.5]], durationSeconds: 12 } }]);
    assert.equal(host.lastStatus()?.waveformDrawn, true);
  });

  it('says so when the waveform cannot be drawn', async () => {
    player = startPlayer();
    const { page, host, controller, waveform } = player;
    controller.receive(init([NEWEST]));
    waveform.failNext = new Error('EncodingError');
    const logged = host.next((message): message is Extract<WebviewMessage, { type: 'log' }> => message.type === 'log');
    controller.receive({ type: 'peaks', id: NEWEST.id, durationSeconds: 0, peaks: null });

    assert.equal((await logged).text, `No waveform for ${NEWEST.fileName}: EncodingError`);
    assert.deepEqual(waveform.loads, [{ url: NEWEST.audioSrc, precomputed: undefined }], 'no peaks: decoded here');
    assert.equal(page.element('notice-text').textContent, `No waveform for ${NEWEST.fileName}: the audio could not be decoded.`);
  });

  it('an audio error is logged and shown, and disables play', () => {
    player = startPlayer();
    const { page, host, controller } = player;
    controller.receive(init([NEWEST]));
    const audio = page.element<HTMLAudioElement>('audio');
    // happy-dom never fails to load media: the element reports its error as a browser's would.
    Object.defineProperty(audio, 'error', { configurable: true, get: () => ({ code: 4, message: '' }) });
    audio.dispatchEvent(new page.window.Event('error'));

    const reason = 'the file is missing, damaged, or not audio this player can play';
    assert.deepEqual(host.ofType('log').at(-1), { type: 'log', level: 'error', text: `Can't play ${NEWEST.fileName}: ${reason}` });
    assert.equal(page.element('notice-text').textContent, `Can't play ${NEWEST.fileName}: ${reason}.`);
    assert.equal(page.element('notice').getAttribute('role'), 'alert');
    assert.equal(page.element<HTMLButtonElement>('play').disabled, true);
  });

  it('ignores a malformed message, and tells both the log and the listener', () => {
    player = startPlayer();
    const { page, host, controller } = player;
    controller.receive({ type: 'takes', takes: 'all of them' });
    assert.match(host.ofType('log')[0]?.text ?? '', /^Ignored a malformed message from the extension \(type "takes": /);
    assert.equal(page.element('notice').hidden, false);
    assert.equal(page.element('take-list').childElementCount, 0);
  });

  describe('persistence (vscode.getState / setState)', () => {
    it('saves the target, the selection, volume, loop and position', () => {
      player = startPlayer();
      const { page, host, controller } = player;
      controller.receive(init([NEWEST, OLDER]));
      assert.deepEqual(host.saved.at(-1), { target: TARGET, selectedId: NEWEST.id, volume: 1, loop: false, time: 0 });

      page.element<HTMLButtonElement>('loop').click();
      const volume = page.element<HTMLInputElement>('volume');
      volume.value = '0.25';
      volume.dispatchEvent(new page.window.Event('input'));
      page.document.querySelector<HTMLButtonElement>(`[data-take-id="${OLDER.id}"] .take-main`)?.click();

      const audio = page.element<HTMLAudioElement>('audio');
      audio.currentTime = 42;
      audio.dispatchEvent(new page.window.Event('timeupdate'));
      assert.deepEqual(host.saved.at(-1), { target: TARGET, selectedId: OLDER.id, volume: 0.25, loop: true, time: 42 });
    });

    it('a reload restores the saved take, volume, loop and position', () => {
      const saved: PlayerState = { target: TARGET, selectedId: OLDER.id, volume: 0.5, loop: true, time: 42 };
      player = startPlayer(saved);
      const { page, host, controller } = player;
      assert.deepEqual(host.posted[0], { type: 'ready', selectedId: OLDER.id }, 'the host is told which take to keep');
      const audio = page.element<HTMLAudioElement>('audio');
      assert.equal(audio.volume, 0.5);
      assert.equal(page.element<HTMLInputElement>('volume').value, '0.5');
      assert.equal(audio.loop, true);
      assert.equal(page.element('loop').getAttribute('aria-pressed'), 'true');

      controller.receive(init([NEWEST, OLDER]));
      assert.equal(selectedId(page), OLDER.id);
      giveDuration(audio, 60);
      audio.dispatchEvent(new page.window.Event('loadedmetadata'));
      assert.equal(audio.currentTime, 42, 'back where it was');
    });

    it('ignores saved state that is not a player state', () => {
      player = startPlayer({ selectedId: 42, volume: 'loud' });
      const { page, host } = player;
      assert.deepEqual(host.posted[0], { type: 'ready', selectedId: null });
      assert.equal(page.element<HTMLAudioElement>('audio').volume, 1);
    });
  });
});
