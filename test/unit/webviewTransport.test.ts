/**
 * The transport and its keys in happy-dom, on the player's real <audio>
 * element: a key press plays, pauses or seeks; a key meant for the focused
 * control is left to it.
 */
import { strict as assert } from 'node:assert';
import type { TakeView } from '../../src/shared/playerProtocol';
import { SEEK_STEP_SECONDS } from '../../src/webview/player/keyboard';
import { takeView } from './playerFixtures';
import { giveDuration, pressKey, startPlayer, type Player } from './webviewHarness';

const PLAYABLE = takeView();
const SILENT = takeView({ id: 'song-20261121-120000.json', fileName: 'song-20261121-120000.mp3', audioSrc: null, problem: 'The audio file is missing.' });

/** The player with `take` selected and its audio `seconds` long. */
function playerWith(take: TakeView, seconds = 60): Player & { audio: HTMLAudioElement } {
  const player = startPlayer();
  const audio = player.page.element<HTMLAudioElement>('audio');
  giveDuration(audio, seconds);
  player.controller.receive({
    type: 'init',
    target: { kind: 'song', uri: 'file:///songs/night-drive.lyrics' },
    heading: 'Night Drive',
    takes: [take],
    pending: [],
    select: null,
    autoplay: false,
  });
  return { ...player, audio };
}

describe('webview: transport and keys', () => {
  let player: Player | undefined;
  afterEach(async () => {
    await player?.page.close();
    player = undefined;
  });

  it('Space plays and pauses; the play button and the status follow', () => {
    const p = playerWith(PLAYABLE);
    player = p;
    const play = p.page.element<HTMLButtonElement>('play');
    assert.equal(play.disabled, false);
    assert.equal(p.audio.paused, true);

    const event = pressKey(p.page, ' ');
    assert.equal(event.defaultPrevented, true, 'the page does not scroll');
    assert.equal(p.audio.paused, false);
    assert.equal(play.getAttribute('aria-label'), 'Pause');
    assert.equal(p.page.element('play-icon').className, 'codicon codicon-debug-pause');
    assert.equal(p.host.lastStatus()?.playing, true);

    pressKey(p.page, ' ');
    assert.equal(p.audio.paused, true);
    assert.equal(play.getAttribute('aria-label'), 'Play');
    assert.equal(p.host.lastStatus()?.playing, false);
  });

  it('arrows seek five seconds, Home and End jump, within the take', () => {
    const p = playerWith(PLAYABLE, 12);
    player = p;
    const at = (key: string): number => {
      pressKey(p.page, key);
      return p.audio.currentTime;
    };
    assert.equal(at('ArrowRight'), SEEK_STEP_SECONDS);
    assert.equal(at('ArrowRight'), 10);
    assert.equal(at('ArrowRight'), 12, 'not past the end');
    assert.equal(at('ArrowLeft'), 7);
    assert.equal(at('Home'), 0);
    assert.equal(at('ArrowLeft'), 0, 'not before the start');
    assert.equal(at('End'), 12);
  });

  it('leaves keys to the focused control and to shortcuts with a modifier', () => {
    const p = playerWith(PLAYABLE);
    player = p;
    const volume = p.page.element<HTMLInputElement>('volume');
    volume.focus();
    const arrow = pressKey(p.page, 'ArrowRight');
    assert.equal(arrow.defaultPrevented, false, 'the volume slider moves instead');
    assert.equal(p.audio.currentTime, 0);

    const loop = p.page.element<HTMLButtonElement>('loop');
    loop.focus();
    assert.equal(pressKey(p.page, ' ').defaultPrevented, false, 'Space presses the focused button');
    assert.equal(p.audio.paused, true);

    p.page.document.body.focus();
    assert.equal(pressKey(p.page, ' ', { on: p.page.document.body, ctrlKey: true }).defaultPrevented, false);
    assert.equal(p.audio.paused, true);
    assert.equal(pressKey(p.page, 'k', { on: p.page.document.body }).defaultPrevented, false);
  });

  it('does nothing for a take without audio', () => {
    const p = playerWith(SILENT);
    player = p;
    assert.equal(p.page.element<HTMLButtonElement>('play').disabled, true);
    assert.equal(p.page.element('waveform').getAttribute('aria-disabled'), 'true');
    pressKey(p.page, ' ');
    pressKey(p.page, 'End');
    assert.equal(p.audio.paused, true);
    assert.equal(p.audio.currentTime, 0);
  });

  it('the play button toggles too, and shows the time', () => {
    const p = playerWith(PLAYABLE, 75);
    player = p;
    p.audio.dispatchEvent(new p.page.window.Event('durationchange'));
    assert.equal(p.page.element('total').textContent, '1:15');
    p.page.element<HTMLButtonElement>('play').click();
    assert.equal(p.audio.paused, false);
    p.audio.currentTime = 61;
    p.audio.dispatchEvent(new p.page.window.Event('timeupdate'));
    assert.equal(p.page.element('elapsed').textContent, '1:01');
    assert.equal(p.page.element('waveform').getAttribute('aria-valuetext'), '1:01 of 1:15');
  });

  it('asks for a press on play when the browser refuses to start without one', async () => {
    const p = playerWith(PLAYABLE);
    player = p;
    // The autoplay policy: happy-dom has none, so this one element refuses as a browser would.
    const refused = new Promise<void>((resolve) => {
      p.audio.play = () => {
        resolve();
        return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
      };
    });
    const noticed = p.host.next((message) => message.type === 'status' && message.status.notice !== null);
    pressKey(p.page, ' ');
    await refused;
    await noticed;
    assert.deepEqual(p.host.lastStatus()?.notice, { level: 'info', text: 'Press play to start the take.' });
  });
});
