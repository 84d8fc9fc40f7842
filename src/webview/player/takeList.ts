/**
 * The list of takes: one row per take (time, provider, format, length, the
 * prompt's first words, a problem if any) with its action buttons, the
 * selected one marked. Everything from files (prompt, file name, problem) is
 * set with textContent only, never parsed as HTML.
 */
import type { TakeAction, TakeView } from '../../shared/playerProtocol';
import { elementMaker, requireElement } from './dom';
import { formatDuration, formatTakeTime, promptGlimpse, providerLabel } from './format';

const ACTION_BUTTONS: ReadonlyArray<{ action: TakeAction; icon: string; label: string }> = [
  { action: 'reveal', icon: 'codicon-folder-opened', label: 'Reveal in Explorer' },
  { action: 'openSidecar', icon: 'codicon-json', label: 'Open sidecar' },
  { action: 'useSettings', icon: 'codicon-settings-gear', label: 'Use these settings in the song' },
  { action: 'delete', icon: 'codicon-trash', label: 'Delete take' },
];

export interface TakeListHandlers {
  /** A take's row was clicked (the selected one's too: the handler decides). */
  choose(id: string): void;
  /** One of a take's action buttons was clicked. */
  action(action: TakeAction, id: string): void;
}

export class TakeList {
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;

  constructor(
    private readonly doc: Document,
    handlers: TakeListHandlers,
  ) {
    this.list = requireElement(doc, 'take-list');
    this.empty = requireElement(doc, 'no-takes');
    this.list.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest('button');
      const item = button?.closest<HTMLElement>('[data-take-id]');
      const id = item?.dataset['takeId'];
      if (!button || !id) return;
      const action = button.dataset['action'] as TakeAction | undefined;
      if (action) handlers.action(action, id);
      else handlers.choose(id);
    });
  }

  /** Draws the takes in this order, `selectedId` marked; keyboard focus stays on the control it was on. */
  render(takes: readonly TakeView[], selectedId: string | null): void {
    const list = this.list;
    const focused = this.doc.activeElement as HTMLElement | null;
    const focusedTake = focused?.closest<HTMLElement>('[data-take-id]')?.dataset['takeId'];
    const focusedAction = focused?.dataset['action'] ?? '';

    list.replaceChildren(...takes.map((take) => this.item(take, take.id === selectedId)));
    this.empty.hidden = takes.length > 0;

    if (focusedTake && !list.contains(focused)) {
      const item = Array.from(list.querySelectorAll<HTMLElement>('[data-take-id]')).find((li) => li.dataset['takeId'] === focusedTake);
      const again = focusedAction ? item?.querySelector<HTMLElement>(`[data-action="${focusedAction}"]`) : item?.querySelector<HTMLElement>('.take-main');
      again?.focus();
    }
  }

  private item(take: TakeView, isSelected: boolean): HTMLElement {
    const make = elementMaker(this.doc);
    const item = make('li', `take${isSelected ? ' selected' : ''}${take.problem ? ' broken' : ''}`);
    item.dataset['takeId'] = take.id;

    const main = make('button', 'take-main');
    main.type = 'button';
    main.setAttribute('aria-current', String(isSelected));
    const when = formatTakeTime(take.createdAt);
    const meta = [providerLabel(take.providerName), (take.format ?? '?').toUpperCase(), formatDuration(take.durationMs)];
    if (take.demo) meta.push('demo');
    main.setAttribute('aria-label', `Take ${when}, ${meta.join(', ')}: ${promptGlimpse(take.prompt)}${take.problem ? `. Problem: ${take.problem}` : ''}`);
    main.title = take.prompt || take.fileName;
    main.append(make('span', 'take-time', when), make('span', 'take-meta', meta.join(' · ')), make('span', 'take-prompt', promptGlimpse(take.prompt)));
    if (take.problem) {
      const problem = make('span', 'take-problem');
      problem.append(make('span', 'codicon codicon-warning'), make('span', undefined, take.problem));
      main.append(problem);
    }

    const actions = make('div', 'take-actions');
    actions.setAttribute('role', 'toolbar');
    actions.setAttribute('aria-label', `Actions for ${take.fileName}`);
    for (const { action, icon, label } of ACTION_BUTTONS) {
      const button = make('button', 'icon-button');
      button.type = 'button';
      button.dataset['action'] = action;
      button.setAttribute('aria-label', `${label}: ${take.fileName}`);
      button.title = label;
      button.disabled = (action === 'openSidecar' && !take.hasSidecar) || (action === 'useSettings' && !take.canUseSettings);
      button.append(make('span', `codicon ${icon}`));
      actions.append(button);
    }
    item.append(main, actions);
    return item;
  }
}
