/**
 * The player's keys, anywhere in the panel: Space plays or pauses, Left and
 * Right seek five seconds, Home and End jump to either end. A key meant for
 * the focused control (Space on a button, arrows on the volume slider) is
 * left to it, and so is any key with a modifier (VS Code's own shortcuts).
 */
import type { Transport } from './transport';

export const SEEK_STEP_SECONDS = 5;

/** What the keys drive: the transport's play and seek actions. */
export type KeyedTransport = Pick<Transport, 'togglePlay' | 'seekBy' | 'seekTo' | 'duration'>;

/** Listens for the player's keys on the whole document. */
export function bindKeyboard(doc: Document, transport: KeyedTransport): void {
  doc.addEventListener('keydown', (event) => handleKey(event, transport));
}

/** Acts on one key press; calls preventDefault only for the keys it used. */
export function handleKey(event: KeyboardEvent, transport: KeyedTransport): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  // Compared by tag name rather than instanceof, which would need the page's globals.
  const target = event.target as HTMLElement | null;
  const tag = target?.tagName;
  const inRange = tag === 'INPUT' && (target as HTMLInputElement).type === 'range';
  // A <summary> (a record's "Prompt and lyrics") opens on Space like a button does.
  const onButton = tag === 'BUTTON' || tag === 'SUMMARY';
  switch (event.key) {
    case ' ':
      if (onButton) return; // the button's own click
      event.preventDefault();
      transport.togglePlay();
      break;
    case 'ArrowLeft':
    case 'ArrowRight':
      if (inRange) return; // the volume slider
      event.preventDefault();
      transport.seekBy(event.key === 'ArrowLeft' ? -SEEK_STEP_SECONDS : SEEK_STEP_SECONDS);
      break;
    case 'Home':
      if (inRange) return;
      event.preventDefault();
      transport.seekTo(0);
      break;
    case 'End':
      if (inRange) return;
      event.preventDefault();
      transport.seekTo(transport.duration);
      break;
  }
}
