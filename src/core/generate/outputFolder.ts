/**
 * Checked before anything is sent, because after that the song is paid for:
 * the output folder exists or can be created, is a folder, and takes a new
 * file (one is created and removed there). A folder that is a file, a
 * read-only folder or a dangling `takes` symlink each cost a paid generation
 * before this check existed.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_STEM_BYTES } from '../takes/naming';

/** The take can't be saved in the output folder: nothing was sent. */
export class OutputFolderError extends Error {
  override readonly name = 'OutputFolderError';
  constructor(
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`Can’t save the take in ${folder}: ${reason}. Nothing was sent.`);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'it is not writable (permission denied)';
    case 'EROFS':
      return 'it is on a read-only file system';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'ENAMETOOLONG':
      return 'its path is too long';
    case 'ELOOP':
      return 'its path has a symbolic link loop';
    case 'ENOENT':
      // The parent exists but will not hold new folders (/proc, a vanished mount).
      return 'a folder can’t be created there';
    default:
      return `it can’t be written (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(…, { recursive: true })`
 * never returns where a parent exists but refuses new entries with ENOENT
 * (`/proc/self/x`: it retries the parent forever); here each missing level
 * is created once, so any refusal is an answer.
 */
async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(folder); ;) {
    try {
      await fs.stat(current);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(current);
      const parent = path.dirname(current);
      if (parent === current) throw error;
      current = parent;
    }
  }
  for (const level of missing.reverse()) {
    try {
      await fs.mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Creates the folder if needed and proves a take-sized name can be written there; throws OutputFolderError. */
export async function checkOutputFolder(folder: string): Promise<void> {
  try {
    const link = await fs.lstat(folder);
    if (link.isSymbolicLink()) {
      try {
        await fs.stat(folder);
      } catch {
        const target = await fs.readlink(folder).catch(() => '?');
        throw new OutputFolderError(folder, `it is a symbolic link to ${target}, which does not exist`);
      }
    }
  } catch (error) {
    if (error instanceof OutputFolderError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputFolderError(folder, describe(error));
  }
  try {
    await makeFolder(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputFolderError(folder, describe(error));
  }
  let stat;
  try {
    stat = await fs.stat(folder);
  } catch (error) {
    throw new OutputFolderError(folder, describe(error));
  }
  if (!stat.isDirectory()) throw new OutputFolderError(folder, 'it is a file, not a folder');

  // A probe as long as the longest name we will create there, so a too-long name fails now too.
  const probe = path.join(folder, `.lyrics-write-check-${randomBytes(4).toString('hex')}-${'x'.repeat(MAX_STEM_BYTES + 20)}.tmp`);
  try {
    await fs.writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    throw new OutputFolderError(folder, describe(error));
  } finally {
    await fs.rm(probe, { force: true }).catch(() => undefined);
  }
}
