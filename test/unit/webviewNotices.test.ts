/** The player's notice area in happy-dom: shown with its level, its text as text, and dismissed. */
import { strict as assert } from 'node:assert';
import { Notices } from '../../src/webview/player/notices';
import { takeView } from './playerFixtures';
import { playerPage, startPlayer, type PlayerPage } from './webviewHarness';

describe('webview: notices', () => {
  let page: PlayerPage | undefined;
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  it('shows a notice with its level, its text escaped, and dismisses it with the close button', () => {
    page = playerPage();
    let changes = 0;
    const notices = new Notices(page.document, () => changes++);
    const box = page.element('notice');
    assert.equal(box.hidden, true);

    const text = 'Can’t play <b onmouseover="x()">take</b> & more';
    notices.show('error', text);
    assert.equal(box.hidden, false);
    assert.equal(box.className, 'notice notice-error');
    assert.equal(box.getAttribute('role'), 'alert', 'an error interrupts a screen reader');
    assert.equal(page.element('notice-icon').className, 'codicon codicon-error');
    assert.equal(page.element('notice-text').textContent, text);
    assert.equal(box.querySelectorAll('b').length, 0, 'no element made from the text');
    assert.deepEqual(notices.current, { level: 'error', text });
    assert.equal(changes, 1);

    notices.show('info', 'Press play to start the take.');
    assert.equal(box.className, 'notice notice-info');
    assert.equal(box.getAttribute('role'), 'status', 'the rest wait their turn');
    assert.equal(page.element('notice-icon').className, 'codicon codicon-info');

    page.element<HTMLButtonElement>('notice-close').click();
    assert.equal(box.hidden, true);
    assert.equal(page.element('notice-text').textContent, '');
    assert.equal(notices.current, null);
    assert.equal(changes, 3);

    notices.clear();
    assert.equal(changes, 3, 'nothing to dismiss: no change reported');
  });

  it('a notice from the host is shown and reported; selecting another take dismisses it', () => {
    const player = startPlayer();
    page = player.page;
    const first = takeView();
    const second = takeView({ id: 'song-20261121-113000.json', fileName: 'song-20261121-113000.wav' });
    player.controller.receive({
      type: 'init',
      target: { kind: 'song', uri: 'file:///songs/night-drive.lyrics' },
      heading: 'Night Drive',
      takes: [first, second],
      pending: [],
      select: null,
      autoplay: false,
    });
    player.controller.receive({ type: 'notice', level: 'warning', text: 'The song file was deleted.' });
    assert.equal(page.element('notice').className, 'notice notice-warning');
    assert.deepEqual(player.host.lastStatus()?.notice, { level: 'warning', text: 'The song file was deleted.' });

    page.document.querySelector<HTMLButtonElement>(`[data-take-id="${second.id}"] .take-main`)?.click();
    assert.equal(page.element('notice').hidden, true);
    assert.equal(player.host.lastStatus()?.notice, null);
  });
});
