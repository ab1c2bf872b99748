import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type DurableWrites, writeDurable } from './durable-file';
import type { IndexRow } from './index-row';
import type { BatchItem } from './items';

/**
 * Rows live one file per item in rows/ while a run goes on; index.jsonl is merged from them. One
 * file per item makes "done" a property of the item that no second writer can duplicate (the
 * same id is the same file), that survives kill -9 at any instant (written whole, then renamed),
 * and that many processes on many machines can write into a shared folder without a lock, where
 * appends to one file would interleave or tear over NFS.
 */
export const ROWS = 'rows';
export const MAPS = 'maps';
export const INDEX = 'index.jsonl';

/**
 * The run's folders. A new run (`fresh`) first removes a previous run's rows, maps and index, which
 * --overwrite allows into its folder: kept, they would pass for this run's finished items.
 */
export async function prepareFolders(out: string, fresh: boolean): Promise<void> {
  if (fresh)
    for (const old of [ROWS, MAPS, INDEX]) await rm(join(out, old), { recursive: true, force: true });
  else await removeTemporaryFiles(out);
  await mkdir(join(out, ROWS), { recursive: true });
  await mkdir(join(out, MAPS), { recursive: true });
}

export function rowPath(out: string, id: string): string {
  return join(out, ROWS, `${id}.json`);
}

/**
 * The item's row, or undefined if it has none or only a torn one: after a machine crash, a row
 * renamed into place before the chunk's flush can come back empty; its item is then redone.
 */
function readRow(path: string): IndexRow | undefined {
  try {
    const row = JSON.parse(readFileSync(path, 'utf8')) as IndexRow;
    return typeof row.id === 'string' ? row : undefined;
  } catch {
    return undefined;
  }
}

export function hasRow(out: string, id: string): boolean {
  return readRow(rowPath(out, id)) !== undefined;
}

export async function writeRow(out: string, row: IndexRow, writes: DurableWrites): Promise<void> {
  await writes.write(rowPath(out, row.id), `${JSON.stringify(row)}\n`);
}

/** The ids that have a whole row: finished items, ok or failed. Torn rows are removed. */
export async function finishedIds(out: string): Promise<Set<string>> {
  const dir = join(out, ROWS);
  if (!existsSync(dir)) return new Set();
  const done = new Set<string>();
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    if (readRow(join(dir, name))) done.add(name.slice(0, -5));
    else await rm(join(dir, name), { force: true });
  }
  return done;
}

/** Row files present, whole or not: cheap enough to poll for progress. */
export async function rowCount(out: string): Promise<number> {
  const dir = join(out, ROWS);
  if (!existsSync(dir)) return 0;
  return (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).length;
}

export interface MergedIndex {
  rows: number;
  failed: number;
  missing: number;
}

/**
 * index.jsonl, one line per finished item in item order, written whole and renamed into place:
 * whoever opens it sees the previous complete index or the new one, never a torn line.
 */
export async function mergeIndex(out: string, items: readonly BatchItem[]): Promise<MergedIndex> {
  const lines: string[] = [];
  let failed = 0;
  let missing = 0;
  for (const item of items) {
    const path = rowPath(out, item.id);
    const row = existsSync(path) ? readRow(path) : undefined;
    if (!row) {
      missing++;
      continue;
    }
    if (row.status === 'failed') failed++;
    lines.push((await readFile(path, 'utf8')).trim());
  }
  await writeDurable(join(out, INDEX), lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return { rows: lines.length, failed, missing };
}

/**
 * What a killed writer left half-written (`.<name>.<random>.tmp`, never renamed into place). Only
 * a local --resume does this: in a queued run another worker may be writing one right now.
 */
async function removeTemporaryFiles(out: string): Promise<void> {
  for (const dir of [ROWS, MAPS]) {
    const path = join(out, dir);
    if (!existsSync(path)) continue;
    for (const name of await readdir(path))
      if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(path, name), { force: true });
  }
}
