import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '@gradcam/core';
import { VERSION } from '../version';
import { writeDurable } from './durable-file';
import { type BatchItem, itemsDigest } from './items';
import type { BatchSettings } from './settings';

/** run.json: what a run explains and how, so that --resume and workers elsewhere need nothing else. */
export interface RunFile {
  command: 'gradcam batch';
  version: string;
  settings: BatchSettings;
  items: number;
  digest: string;
}

const RUN = 'run.json';
const ITEMS = 'items.jsonl';

export async function writeRunFiles(out: string, settings: BatchSettings, items: readonly BatchItem[]) {
  const run: RunFile = {
    command: 'gradcam batch',
    version: VERSION,
    settings,
    items: items.length,
    digest: itemsDigest(items),
  };
  await writeDurable(join(out, ITEMS), items.map((item) => `${JSON.stringify(item)}\n`).join(''));
  await writeDurable(join(out, RUN), `${JSON.stringify(run, null, 2)}\n`);
}

/** The run recorded in `out`, checked whole: a folder of another kind is refused with the fix. */
export async function readRunFiles(out: string): Promise<{ run: RunFile; items: BatchItem[] }> {
  const runPath = join(out, RUN);
  if (!existsSync(runPath))
    fail(
      `${out} holds no gradcam batch run (no ${RUN}): --resume continues a run in its --out folder; start one without --resume`,
    );
  const run = JSON.parse(await readFile(runPath, 'utf8')) as RunFile;
  const text = await readFile(join(out, ITEMS), 'utf8');
  const items = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as BatchItem);
  if (items.length !== run.items || itemsDigest(items) !== run.digest)
    fail(
      `${join(out, ITEMS)} does not match ${RUN}: the run folder was edited; start the run again in a new --out`,
    );
  return { run, items };
}
