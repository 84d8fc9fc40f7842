/**
 * The selected take in words: its file name in the header ("now playing") and
 * its lyrics as sent, section tags and cues set off. Lyrics come from a
 * sidecar anyone can edit, so each line is set with textContent only.
 */
import type { TakeView } from '../../shared/playerProtocol';
import { requireElement } from './dom';
import { limitedLyrics } from './format';

export class LyricsView {
  private readonly nowPlaying: HTMLElement;
  private readonly lyrics: HTMLElement;
  private readonly empty: HTMLElement;

  constructor(private readonly doc: Document) {
    this.nowPlaying = requireElement(doc, 'now-playing');
    this.lyrics = requireElement(doc, 'lyrics');
    this.empty = requireElement(doc, 'lyrics-empty');
  }

  /** Shows `take` (null: none selected; `anyTakes` tells whether there was one to select). */
  render(take: TakeView | null, anyTakes: boolean): void {
    this.nowPlaying.textContent = take ? take.fileName : anyTakes ? 'No take selected' : '';
    const lyrics = this.lyrics;
    lyrics.replaceChildren();
    const text = take?.lyrics ?? null;
    this.empty.hidden = Boolean(text);
    this.empty.textContent = !take
      ? 'Select a take to see its lyrics.'
      : take.lyrics === null
        ? 'No sidecar: the lyrics sent for this take are unknown.'
        : 'Instrumental: no lyrics were sent.';
    if (!text) return;
    // Capped: a sidecar may hold thousands of lines, and drawing them all stalls the panel.
    const { lines, hidden } = limitedLyrics(text);
    for (const line of lines) {
      const element = this.doc.createElement(line.kind === 'tag' ? 'h3' : 'p');
      element.className = `lyric-${line.kind}`;
      if (line.kind !== 'blank') element.textContent = line.text;
      lyrics.append(element);
    }
    if (hidden > 0) {
      const note = this.doc.createElement('p');
      note.className = 'lyric-note';
      note.textContent = `… ${hidden.toLocaleString('en-US')} more lines not shown (the sidecar holds them all).`;
      lyrics.append(note);
    }
  }
}
