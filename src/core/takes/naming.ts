/**
 * Take file names: `<song stem>-<YYYYMMDD-HHMMSS>.<ext>` in local time, with
 * `-2`, `-3` … when that name is taken. Nothing is ever overwritten.
 */
import * as path from 'node:path';

export const DEFAULT_OUTPUT_FOLDER = 'takes';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function timestampForName(date: Date): string {
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/** The base name (no extension) of the n-th candidate: n = 1 has no suffix. */
export function takeBaseName(songPath: string, date: Date, n: number): string {
  const stem = path.basename(songPath).replace(/\.lyrics$/i, '');
  return `${stem}-${timestampForName(date)}${n > 1 ? `-${n}` : ''}`;
}

/**
 * The output folder for a song: `setting` relative to the song's folder
 * (absolute paths are used as they are), `takes/` by default.
 */
export function outputFolderFor(songPath: string, setting: string | undefined): string {
  const folder = setting && setting.trim() !== '' ? setting.trim() : DEFAULT_OUTPUT_FOLDER;
  return path.resolve(path.dirname(songPath), folder);
}
