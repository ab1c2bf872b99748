import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurable } from './durable-file';
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

export async function prepareFolders(out: string): Promise<void> {
  await mkdir(join(out, ROWS), { recursive: true });
  await mkdir(join(out, MAPS), { recursive: true });
}

export function rowPath(out: string, id: string): string {
  return join(out, ROWS, `${id}.json`);
}

export function hasRow(out: string, id: string): boolean {
  return existsSync(rowPath(out, id));
}

export async function writeRow(out: string, row: IndexRow): Promise<void> {
  await writeDurable(rowPath(out, row.id), `${JSON.stringify(row)}\n`);
}

/** The ids that have a row: finished items, ok or failed. */
export async function finishedIds(out: string): Promise<Set<string>> {
  const dir = join(out, ROWS);
  if (!existsSync(dir)) return new Set();
  const names = await readdir(dir);
  return new Set(names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5)));
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
    if (!existsSync(path)) {
      missing++;
      continue;
    }
    const text = (await readFile(path, 'utf8')).trim();
    if ((JSON.parse(text) as IndexRow).status === 'failed') failed++;
    lines.push(text);
  }
  await writeDurable(join(out, INDEX), lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return { rows: lines.length, failed, missing };
}
