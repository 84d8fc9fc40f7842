/**
 * "Not downloaded yet": the songs the provider made (and billed) whose take is
 * not saved yet, one recovery record each, with Retry download / Resume
 * waiting, Open record and Discard. A record's text (title, prompt, lyrics,
 * reason, ids) comes from a file and is set with textContent only.
 */
import type { PendingView } from '../../shared/playerProtocol';
import { elementMaker, requireElement } from './dom';
import { formatTakeTime, promptGlimpse, providerLabel, recordIdsLine, recoveryBusyText, recoveryButtonLabel } from './format';

/** What a recovery record's buttons ask the host (the message types of the same names). */
export type RecordRequest = 'recover' | 'openRecord' | 'discard';
const RECORD_REQUESTS: readonly RecordRequest[] = ['recover', 'openRecord', 'discard'];

export class PendingList {
  private readonly section: HTMLElement;
  private readonly list: HTMLElement;

  /** `request` runs when one of a record's buttons is clicked. */
  constructor(
    private readonly doc: Document,
    request: (request: RecordRequest, id: string) => void,
  ) {
    this.section = requireElement(doc, 'pending');
    this.list = requireElement(doc, 'pending-list');
    this.list.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest('button');
      const id = button?.closest<HTMLElement>('[data-pending-id]')?.dataset['pendingId'];
      const asked = RECORD_REQUESTS.find((candidate) => candidate === button?.dataset['request']);
      // The host decides; a busy entry's buttons are disabled, so a click there never arrives.
      if (id && asked) request(asked, id);
    });
  }

  /** Draws the records (the section hides when there are none); keyboard focus stays on the same record. */
  render(pending: readonly PendingView[]): void {
    const list = this.list;
    // On the record itself when its focused button got disabled.
    const focused = this.doc.activeElement as HTMLElement | null;
    const focusedId = list.contains(focused) ? focused?.closest<HTMLElement>('[data-pending-id]')?.dataset['pendingId'] : undefined;
    const focusedRequest = focused?.dataset['request'] ?? '';

    list.replaceChildren(...pending.map((entry) => this.item(entry)));
    this.section.hidden = pending.length === 0;

    if (focusedId) {
      const item = Array.from(list.querySelectorAll<HTMLElement>('[data-pending-id]')).find((li) => li.dataset['pendingId'] === focusedId);
      const button = focusedRequest ? item?.querySelector<HTMLButtonElement>(`[data-request="${focusedRequest}"]`) : null;
      (button && !button.disabled ? button : item)?.focus();
    }
  }

  private item(entry: PendingView): HTMLElement {
    const make = elementMaker(this.doc);
    const item = make('li', `pending-item${entry.busy ? ' busy' : ''}${entry.problem ? ' broken' : ''}`);
    item.dataset['pendingId'] = entry.id;
    item.setAttribute('aria-busy', String(entry.busy));
    // Focusable from script only: where the keyboard lands when the focused button is disabled by a re-render.
    item.tabIndex = -1;

    const when = formatTakeTime(entry.createdAt);
    const label = entry.title ? `“${entry.title}”, ${when}` : when;
    const head = make('div', 'pending-head');
    head.append(make('span', 'pending-time', when));
    const meta = [providerLabel(entry.providerName), ...(entry.model ? [entry.model] : []), ...(entry.title ? [`“${entry.title}”`] : [])];
    head.append(make('span', 'pending-meta', meta.join(' · ')));
    item.append(head);
    if (entry.prompt) item.append(make('p', 'pending-prompt', promptGlimpse(entry.prompt)));

    if (entry.reason) {
      const reason = make('p', 'pending-reason');
      reason.append(make('span', 'codicon codicon-warning'), make('span', undefined, entry.reason));
      item.append(reason);
    }
    const ids = recordIdsLine(entry.requestId, entry.jobId, entry.attempts);
    if (ids) item.append(make('p', 'pending-ids', ids));
    if (entry.problem) {
      const problem = make('p', 'pending-reason pending-problem');
      problem.append(make('span', 'codicon codicon-error'), make('span', undefined, entry.problem));
      item.append(problem);
    } else if (entry.action === 'none') {
      item.append(
        make(
          'p',
          'pending-note',
          'The provider’s answer held no audio we could find, so there is nothing to download. The answer is kept in the record; open it to read it.',
        ),
      );
    }
    if (entry.prompt || entry.lyrics) {
      const details = make('details', 'pending-details');
      details.append(make('summary', undefined, 'Prompt and lyrics as sent'));
      if (entry.prompt) details.append(make('p', 'pending-full-prompt', entry.prompt));
      if (entry.lyrics) details.append(make('pre', 'pending-lyrics', entry.lyrics));
      item.append(details);
    }

    const actions = make('div', 'pending-actions');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', `Actions for the song from ${label}`);
    if (entry.busy) {
      const busy = make('span', 'pending-busy');
      busy.setAttribute('role', 'status');
      busy.append(make('span', 'codicon codicon-loading codicon-modifier-spin'), make('span', undefined, recoveryBusyText(entry.action)));
      actions.append(busy);
    }
    const button = (request: RecordRequest, text: string, primary: boolean): HTMLButtonElement => {
      const element = make('button', `text-button${primary ? ' primary' : ''}`, text);
      element.type = 'button';
      element.dataset['request'] = request;
      element.setAttribute('aria-label', `${text}: the song from ${label}`);
      element.disabled = entry.busy && request !== 'openRecord';
      return element;
    };
    const recover = recoveryButtonLabel(entry.action);
    if (recover && !entry.problem) actions.append(button('recover', recover, true));
    actions.append(button('openRecord', 'Open record', false), button('discard', 'Discard', false));
    item.append(actions);
    return item;
  }
}
