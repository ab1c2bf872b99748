import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GradcamError } from '@gradcam/core';

/** Folders this process has claimed (a command may ask again for the same one) and created. */
const claimed = new Set<string>();
const created: string[] = [];
let overwrite = false;

/** `--overwrite`: a non-empty output folder is written into instead of refused. */
export function allowOverwrite(allowed: boolean): void {
  overwrite = allowed;
}

/**
 * Claims the output folder before any work, so that a bad --out fails first and says which: a
 * folder holding files of another run is refused (two runs' files would mix, their summaries
 * unlisted) unless --overwrite; one that cannot be created is an error, never a hang.
 */
export async function outputFolder(out: string): Promise<string> {
  const dir = resolve(out);
  if (claimed.has(dir)) return dir;
  const entries = await existingEntries(dir);
  if (entries === undefined) await createFolder(dir);
  else if (entries.length > 0 && !overwrite)
    throw new GradcamError(
      `the output folder ${dir} is not empty (${describeEntries(entries)}): choose another --out, empty it, or add --overwrite to write into it`,
    );
  claimed.add(dir);
  return dir;
}

/** Removes the folders this process created and left empty (a run that failed before writing). */
export async function removeEmptyOutputFolders(): Promise<void> {
  for (const dir of created.reverse()) {
    try {
      if ((await readdir(dir)).length === 0) await rmdir(dir);
    } catch {
      // Left as it is: nothing is lost by keeping an empty folder.
    }
  }
  created.length = 0;
}

async function existingEntries(dir: string): Promise<string[] | undefined> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory())
      throw new GradcamError(`the output folder ${dir} is a file: choose another --out`);
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof GradcamError) throw error;
    throw cannotCreate(dir, error);
  }
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's `mkdir({ recursive: true })`
 * loops forever where a parent exists but refuses children with ENOENT, as /proc does.
 */
async function createFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (await exists(d)) break;
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw cannotCreate(dir, error);
    }
    created.push(d);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function cannotCreate(dir: string, error: unknown): GradcamError {
  return new GradcamError(
    `cannot create the output folder ${dir}: ${(error as Error).message}; choose a folder you can write to with --out`,
  );
}

function describeEntries(entries: string[]): string {
  const shown = entries.slice(0, 3).join(', ');
  return entries.length > 3 ? `${shown} and ${entries.length - 3} more` : shown;
}
