/**
 * A drafted song as a `.lyrics` file: front matter with the prompt as the
 * writer gave it and the title the model chose, the model's style tags as a
 * front-matter comment (they describe the music, but the prompt is the
 * writer's), then the lyrics. And the file's name, made from the title; a
 * draft never overwrites anything.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { cleanText } from '../net/redact';
import { offsetOfCodePoint } from '../text';

export interface DraftSong {
  /** The prompt as given. */
  readonly prompt: string;
  /** The title the model returned (else the one asked for). */
  readonly title: string | undefined;
  readonly styleTags: readonly string[];
  readonly lyrics: string;
}

/** The song's text: front matter, then the lyrics, then one final line break. */
export function draftSongText(draft: DraftSong): string {
  // yaml quotes what needs quoting (`true`, `a: b`, a leading `#`) and writes a prompt of several lines as a block.
  const settings = stringify({ ...(draft.title ? { title: draft.title } : {}), prompt: draft.prompt }, { lineWidth: 0 }).trimEnd();
  // One line, whatever the tags hold: a line break in them would end the comment and start a setting.
  const style = draft.styleTags.length > 0 ? [`# style tags from MiniMax: ${cleanText(draft.styleTags.join(', '))}`] : [];
  return ['---', settings, ...style, '---', draft.lyrics, ''].join('\n');
}

/** The longest file stem made from a title, in characters. */
const MAX_STEM_LENGTH = 80;
export const FALLBACK_DRAFT_STEM = 'draft';

/** `Midnight Drive` → `midnight-drive`: letters and digits (any script; accents dropped from Latin ones) joined by `-`; `draft` when none are left. */
export function draftFileStem(title: string | undefined): string {
  const stem = (title ?? '')
    // Accents off Latin letters (café → cafe); other scripts' marks (the kana's voicing marks) stay.
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = stem.slice(0, offsetOfCodePoint(stem, MAX_STEM_LENGTH) ?? stem.length).replace(/-+$/, '');
  return cut || FALLBACK_DRAFT_STEM;
}

/** The most names tried (`stem.lyrics`, `stem-2.lyrics`, …) before giving up. */
const MAX_ATTEMPTS = 1000;

/**
 * Writes `text` as a new file `<stem>.lyrics` in `folder`, or `<stem>-2.lyrics`,
 * `-3` … when the name is taken. Each name is created exclusively (`wx`), so
 * a file that appears meanwhile is never overwritten. Resolves with its path.
 */
export async function writeNewSongFile(folder: string, stem: string, text: string): Promise<string> {
  for (let n = 1; n <= MAX_ATTEMPTS; n++) {
    const file = path.join(folder, `${stem}${n > 1 ? `-${n}` : ''}.lyrics`);
    try {
      await fs.writeFile(file, text, { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${path.join(folder, `${stem}.lyrics`)} and ${MAX_ATTEMPTS - 1} numbered names after it are all taken`);
}
