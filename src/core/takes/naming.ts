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
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` + `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/**
 * A song's stem in UTF-8 bytes at most. The longest name made from it is the
 * recovery record's temporary file, `.<stem>-<YYYYMMDD-HHMMSS>-<n>.pending.json.<8 hex>.tmp`
 * (49 bytes more), so every name stays well under the 255 bytes file systems allow.
 */
export const MAX_STEM_BYTES = 120;

/** The stem of a song whose name is only dots and `.lyrics` (`..lyrics`, `.lyrics`). */
export const FALLBACK_STEM = 'song';

/**
 * The song's file name without `.lyrics`, cut to MAX_STEM_BYTES at a
 * character boundary: the one place the stem of takes and records is made.
 * Leading dots are dropped: a song named `..lyrics` or `.demo.lyrics` would
 * otherwise make hidden takes (`.-20261121-101500.mp3`) that file managers,
 * the player's folder listing and `ls` all leave out.
 */
export function songStem(songPath: string): string {
  const full =
    path
      .basename(songPath)
      .replace(/\.lyrics$/i, '')
      .replace(/^\.+/, '') || FALLBACK_STEM;
  if (Buffer.byteLength(full, 'utf8') <= MAX_STEM_BYTES) return full;
  let stem = '';
  let bytes = 0;
  for (const character of full) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > MAX_STEM_BYTES) break;
    stem += character;
    bytes += size;
  }
  return stem;
}

/** The base name (no extension) of the n-th candidate: n = 1 has no suffix. */
export function takeBaseName(songPath: string, date: Date, n: number): string {
  return `${songStem(songPath)}-${timestampForName(date)}${n > 1 ? `-${n}` : ''}`;
}

const TAKE_NAME = /^(.*)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?$/;

/** The parts of a take's base name (`song-20261121-101500-2`), or undefined when it isn't one. */
export function parseTakeName(baseName: string): { stem: string; date: Date; sequence: number } | undefined {
  const match = TAKE_NAME.exec(baseName);
  if (!match) return undefined;
  const [, stem = '', year, month, day, hours, minutes, seconds, sequence] = match;
  // Names carry local time (timestampForName).
  const date = new Date(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds));
  if (Number.isNaN(date.getTime())) return undefined;
  return { stem, date, sequence: sequence ? Number(sequence) : 1 };
}

/** Whether a take's or record's base name was made for this song. */
export function belongsToSongByStem(baseName: string, songPath: string): boolean {
  return parseTakeName(baseName)?.stem === songStem(songPath);
}

/**
 * The output folder for a song: `setting` relative to the song's folder
 * (absolute paths are used as they are), `takes/` by default.
 */
export function outputFolderFor(songPath: string, setting: string | undefined): string {
  const folder = setting && setting.trim() !== '' ? setting.trim() : DEFAULT_OUTPUT_FOLDER;
  return path.resolve(path.dirname(songPath), folder);
}
