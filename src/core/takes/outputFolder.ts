/**
 * Where an output folder really is. `lyrics.outputFolder` can be an absolute
 * path, climb out with `..`, or be (or pass through) a symbolic link: the
 * folder written to and shown in the player is the real path, so what is
 * checked against the workspace is what is used. Pure Node (no `vscode`).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The real path of `folder`. A folder that does not exist yet (before the
 * first take) resolves through its deepest existing ancestor, so a `takes`
 * link's target is found even when a folder below it is still to be made.
 */
export async function resolveRealFolder(folder: string): Promise<string> {
  const absolute = path.resolve(folder);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(await fs.realpath(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      // The root always resolves; this guards a platform where it would not.
      if (parent === current) return absolute;
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

/** Whether `child` is `parent` or lies under it (both absolute, already resolved). */
export function isInsideFolder(child: string, parent: string): boolean {
  const normalise = (p: string): string => (process.platform === 'win32' ? path.resolve(p).toLowerCase() : path.resolve(p));
  const relative = path.relative(normalise(parent), normalise(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
