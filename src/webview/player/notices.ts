/**
 * The notice area at the top of the player: one message at a time (a take
 * that can't play, a delete, a malformed message), with a level and a close
 * button. The text is set with textContent only: it often quotes file names.
 */
import type { NoticeLevel } from '../../shared/playerProtocol';
import { requireElement } from './dom';

export interface Notice {
  readonly level: NoticeLevel;
  readonly text: string;
}

const NOTICE_ICONS: Readonly<Record<NoticeLevel, string>> = {
  info: 'codicon-info',
  warning: 'codicon-warning',
  error: 'codicon-error',
};

export class Notices {
  private readonly box: HTMLElement;
  private readonly icon: HTMLElement;
  private readonly text: HTMLElement;
  private shown: Notice | null = null;

  /** `onChange` runs after a notice is shown or dismissed (the host's status report includes the notice). */
  constructor(
    doc: Document,
    private readonly onChange: () => void,
  ) {
    this.box = requireElement(doc, 'notice');
    this.icon = requireElement(doc, 'notice-icon');
    this.text = requireElement(doc, 'notice-text');
    requireElement<HTMLButtonElement>(doc, 'notice-close').addEventListener('click', () => this.clear());
  }

  /** The notice shown, or null. */
  get current(): Notice | null {
    return this.shown;
  }

  show(level: NoticeLevel, text: string): void {
    this.shown = { level, text };
    const box = this.box;
    box.hidden = false;
    box.className = `notice notice-${level}`;
    // Errors interrupt a screen reader; the rest wait their turn.
    box.setAttribute('role', level === 'error' ? 'alert' : 'status');
    this.icon.className = `codicon ${NOTICE_ICONS[level]}`;
    this.text.textContent = text;
    this.onChange();
  }

  clear(): void {
    if (!this.shown) return;
    this.shown = null;
    this.box.hidden = true;
    this.text.textContent = '';
    this.onChange();
  }
}
