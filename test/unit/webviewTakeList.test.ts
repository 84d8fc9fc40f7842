/**
 * The take list, the records and the lyrics view in happy-dom. Text from files
 * must stay text: a take whose lyrics, prompt, file name or problem is markup
 * shows that markup literally and creates no element (a switch to innerHTML
 * anywhere on the way fails here).
 */
import { strict as assert } from 'node:assert';
import type { TakeAction, TakeView } from '../../src/shared/playerProtocol';
import { LyricsView } from '../../src/webview/player/lyricsView';
import { PendingList, type RecordRequest } from '../../src/webview/player/pendingList';
import { TakeList } from '../../src/webview/player/takeList';
import { pendingView, takeView } from './playerFixtures';
import { playerPage, startPlayer, type PlayerPage } from './webviewHarness';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const FIRST = takeView({ id: 'song-20261121-113000.json', fileName: 'song-20261121-113000.wav', provider: 'minimax', providerName: 'MiniMax', format: 'wav' });
const SECOND = takeView({ id: 'song-20261121-101500.json', fileName: 'song-20261121-101500.mp3', hasSidecar: false, canUseSettings: false });

/** No element was made from file text, and no handler in it ran. */
function assertNoMarkup(page: PlayerPage): void {
  assert.equal(page.document.querySelectorAll('img').length, 0, 'an <img> was created from file text');
  assert.equal((page.window as unknown as { __pwned?: unknown }).__pwned, undefined);
}

describe('webview: file text stays text', () => {
  let page: PlayerPage | undefined;
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  it('a take whose lyrics, prompt, file name and problem are markup: shown literally, no element made', () => {
    page = playerPage();
    const hostile = takeView({ fileName: HOSTILE, prompt: HOSTILE, problem: HOSTILE, lyrics: `[${HOSTILE}]\n${HOSTILE}\n(${HOSTILE})` });
    new TakeList(page.document, { choose: () => undefined, action: () => undefined }).render([hostile], hostile.id);
    new LyricsView(page.document).render(hostile, true);

    assertNoMarkup(page);
    const row = page.element('take-list');
    assert.equal(row.querySelector('.take-prompt')?.textContent, HOSTILE);
    assert.equal(row.querySelector('.take-problem')?.textContent, HOSTILE);
    assert.equal(row.querySelector('.take-main')?.getAttribute('title'), HOSTILE);
    assert.equal(row.querySelector('.take-actions')?.getAttribute('aria-label'), `Actions for ${HOSTILE}`);
    assert.equal(page.element('now-playing').textContent, HOSTILE);
    const lyrics = page.element('lyrics');
    assert.deepEqual(
      Array.from(lyrics.children).map((line) => [line.tagName, line.textContent]),
      [
        ['H3', HOSTILE],
        ['P', HOSTILE],
        ['P', `(${HOSTILE})`],
      ],
    );
  });

  it('a recovery record whose title, prompt, lyrics, reason and ids are markup: shown literally', () => {
    page = playerPage();
    const record = pendingView({ title: HOSTILE, prompt: HOSTILE, lyrics: HOSTILE, reason: HOSTILE, model: HOSTILE, requestId: HOSTILE, problem: HOSTILE });
    new PendingList(page.document, () => undefined).render([record]);

    assertNoMarkup(page);
    const item = page.element('pending-list');
    assert.equal(item.querySelector('.pending-meta')?.textContent, `MiniMax · ${HOSTILE} · “${HOSTILE}”`);
    assert.equal(item.querySelector('.pending-full-prompt')?.textContent, HOSTILE);
    assert.equal(item.querySelector('.pending-lyrics')?.textContent, HOSTILE);
    assert.equal(item.querySelector('.pending-reason')?.textContent, HOSTILE);
    assert.equal(item.querySelector('.pending-problem')?.textContent, HOSTILE);
    assert.equal(item.querySelector('.pending-ids')?.textContent, `Request id ${HOSTILE}`);
  });

  it('the same through the host’s messages, the notice included', () => {
    const player = startPlayer();
    page = player.page;
    const hostile = takeView({ fileName: HOSTILE, prompt: HOSTILE, lyrics: HOSTILE, audioSrc: null, problem: null });
    player.controller.receive({
      type: 'init',
      target: { kind: 'audio', uri: 'file:///songs/x.mp3' },
      heading: HOSTILE,
      takes: [hostile],
      pending: [pendingView({ title: HOSTILE })],
      select: null,
      autoplay: false,
    });

    assertNoMarkup(page);
    assert.equal(page.element('heading').textContent, HOSTILE);
    assert.equal(page.element('notice-text').textContent, `${HOSTILE} has no audio to play.`);
    assert.equal(page.element('lyrics').textContent, HOSTILE);
  });
});

describe('webview: the take list', () => {
  let page: PlayerPage | undefined;
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  function rows(): HTMLElement[] {
    return Array.from(page?.document.querySelectorAll<HTMLElement>('#take-list .take') ?? []);
  }

  it('draws a row per take, the selected one marked, with the provider name the host sent', () => {
    page = playerPage();
    const list = new TakeList(page.document, { choose: () => undefined, action: () => undefined });
    list.render([FIRST, SECOND], SECOND.id);

    assert.deepEqual(
      rows().map((row) => [row.dataset['takeId'], row.classList.contains('selected'), row.querySelector('.take-main')?.getAttribute('aria-current')]),
      [
        [FIRST.id, false, 'false'],
        [SECOND.id, true, 'true'],
      ],
    );
    assert.equal(rows()[0]?.querySelector('.take-meta')?.textContent, 'MiniMax · WAV · 0:03');
    assert.equal(page.element('no-takes').hidden, true);

    list.render([{ ...FIRST, providerName: null, provider: null, demo: true }], null);
    assert.equal(rows()[0]?.querySelector('.take-meta')?.textContent, 'unknown provider · WAV · 0:03 · demo');

    list.render([], null);
    assert.equal(rows().length, 0);
    assert.equal(page.element('no-takes').hidden, false);
  });

  it('disables the actions a take cannot offer', () => {
    page = playerPage();
    new TakeList(page.document, { choose: () => undefined, action: () => undefined }).render([SECOND], null);
    const disabled = Array.from(page.document.querySelectorAll<HTMLButtonElement>('[data-action]')).map((button) => [
      button.dataset['action'],
      button.disabled,
    ]);
    assert.deepEqual(disabled, [
      ['reveal', false],
      ['openSidecar', true],
      ['useSettings', true],
      ['delete', false],
    ]);
  });

  it('a click on a row chooses the take; one on an action button asks for the action', () => {
    page = playerPage();
    const chosen: string[] = [];
    const actions: Array<[TakeAction, string]> = [];
    new TakeList(page.document, { choose: (id) => chosen.push(id), action: (action, id) => actions.push([action, id]) }).render([FIRST, SECOND], FIRST.id);

    rows()[1]?.querySelector<HTMLElement>('.take-prompt')?.click(); // inside the row's button
    rows()[0]?.querySelector<HTMLButtonElement>('[data-action="delete"]')?.click();
    rows()[0]?.querySelector<HTMLElement>('.take-actions')?.click(); // between the buttons: nothing
    assert.deepEqual(chosen, [SECOND.id]);
    assert.deepEqual(actions, [['delete', FIRST.id]]);
  });

  it('keeps keyboard focus on the same control across a redraw', () => {
    page = playerPage();
    const list = new TakeList(page.document, { choose: () => undefined, action: () => undefined });
    list.render([FIRST, SECOND], null);
    rows()[1]?.querySelector<HTMLButtonElement>('[data-action="delete"]')?.focus();

    list.render([{ ...FIRST, prompt: 'changed' }, SECOND], null);
    const focused = page.document.activeElement as HTMLElement | null;
    assert.equal(focused?.dataset['action'], 'delete');
    assert.equal(focused.closest<HTMLElement>('[data-take-id]')?.dataset['takeId'], SECOND.id);
  });
});

describe('webview: recovery records', () => {
  let page: PlayerPage | undefined;
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  it('offers the record’s recovery, disables it while busy, and asks the host on a click', () => {
    page = playerPage();
    const requests: Array<[RecordRequest, string]> = [];
    const list = new PendingList(page.document, (request, id) => requests.push([request, id]));
    const record = pendingView();
    list.render([record, pendingView({ id: 'b.pending.json', action: 'resume', busy: true }), pendingView({ id: 'c.pending.json', action: 'none' })]);

    const buttons = (id: string): Array<[string | undefined, boolean]> =>
      Array.from(page?.document.querySelectorAll<HTMLButtonElement>(`[data-pending-id="${id}"] button`) ?? []).map((b) => [
        b.textContent ?? undefined,
        b.disabled,
      ]);
    assert.deepEqual(buttons(record.id), [
      ['Retry download', false],
      ['Open record', false],
      ['Discard', false],
    ]);
    assert.deepEqual(buttons('b.pending.json'), [
      ['Resume waiting', true],
      ['Open record', false],
      ['Discard', true],
    ]);
    assert.deepEqual(buttons('c.pending.json'), [
      ['Open record', false],
      ['Discard', false],
    ]);
    assert.equal(page.element('pending').hidden, false);

    page.document.querySelector<HTMLButtonElement>(`[data-pending-id="${record.id}"] [data-request="recover"]`)?.click();
    page.document.querySelector<HTMLButtonElement>('[data-pending-id="c.pending.json"] [data-request="discard"]')?.click();
    assert.deepEqual(requests, [
      ['recover', record.id],
      ['discard', 'c.pending.json'],
    ]);

    list.render([]);
    assert.equal(page.element('pending').hidden, true);
  });
});

describe('webview: the lyrics view', () => {
  let page: PlayerPage | undefined;
  afterEach(async () => {
    await page?.close();
    page = undefined;
  });

  function shown(take: TakeView | null, anyTakes = true): { nowPlaying: string | null; empty: string | null; emptyHidden: boolean; lines: string[] } {
    assert.ok(page);
    new LyricsView(page.document).render(take, anyTakes);
    return {
      nowPlaying: page.element('now-playing').textContent,
      empty: page.element('lyrics-empty').textContent,
      emptyHidden: page.element('lyrics-empty').hidden,
      lines: Array.from(page.element('lyrics').children).map((line) => `${line.className}:${line.textContent ?? ''}`),
    };
  }

  it('sets off tags and cues, and says why there are no lyrics', () => {
    page = playerPage();
    assert.deepEqual(shown(takeView({ lyrics: '[Verse]\nla la\n\n(ooh)' })).lines, ['lyric-tag:Verse', 'lyric-line:la la', 'lyric-blank:', 'lyric-cue:(ooh)']);
    assert.equal(shown(takeView({ lyrics: '' })).empty, 'Instrumental: no lyrics were sent.');
    assert.equal(shown(takeView({ lyrics: null })).empty, 'No sidecar: the lyrics sent for this take are unknown.');
    const none = shown(null);
    assert.deepEqual([none.nowPlaying, none.empty, none.emptyHidden, none.lines], ['No take selected', 'Select a take to see its lyrics.', false, []]);
    assert.equal(shown(null, false).nowPlaying, '');
  });

  it('draws at most 500 lines and says how many more there are', () => {
    page = playerPage();
    const { lines } = shown(takeView({ lyrics: Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n') }));
    assert.equal(lines.length, 501);
    assert.equal(lines.at(-1), 'lyric-note:… 1,500 more lines not shown (the sidecar holds them all).');
  });
});
