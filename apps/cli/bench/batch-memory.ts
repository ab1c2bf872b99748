/**
 * Memory over a long run (not part of `pnpm bench`: 10,000 items take minutes): `gradcam batch`
 * with 2 worker threads over a manifest of BENCH_ITEMS rows (default 10,000) cycling over 100
 * seeded pictures, then, from the index rows (each records its thread's live TF.js tensors and
 * the process's RSS after the item): the tensor counts per thread (first and last item) and the
 * RSS at each tenth of the run. Needs the built CLI. `npx tsx bench/batch-memory.ts`.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import type { IndexRow } from '../src/batch/index-row';
import { tinyClassifier, writePictures } from '../test/helpers/tiny-classifier';

const BIN = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const items = Number(process.env.BENCH_ITEMS ?? 10_000);

await selectBackend('cpu');
const root = mkdtempSync(join(tmpdir(), 'gradcam-batch-memory-'));
const built = tinyClassifier();
await built.save(fileSystemSaver(join(root, 'tiny')));
built.dispose();
mkdirSync(join(root, 'images'));
const pictures = await writePictures(join(root, 'images'), 100, 13);
const manifest = join(root, 'manifest.jsonl');
writeFileSync(
  manifest,
  Array.from({ length: items }, (_, i) => `${JSON.stringify({ image: pictures[i % 100] })}\n`).join(''),
);

const out = join(root, 'out');
const t0 = performance.now();
const args = [
  'batch',
  '--model',
  join(root, 'tiny'),
  '--manifest',
  manifest,
  '--workers',
  '2',
  '--chunk',
  '16',
];
execFileSync(process.execPath, [BIN, ...args, '--out', out, '--quiet', '--backend', 'wasm'], {
  stdio: 'inherit',
});
const wall = (performance.now() - t0) / 1000;
const rows = readFileSync(join(out, 'index.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as IndexRow);
console.log(
  `${rows.length} rows in ${wall.toFixed(0)} s (${(rows.length / wall).toFixed(1)} items/s), ${rows.filter((r) => r.status !== 'ok').length} failed`,
);
// Rows come in item order; the time order within a thread is the item order too (chunks in order).
for (const worker of new Set(rows.map((r) => r.worker))) {
  const mine = rows.filter((r) => r.worker === worker).map((r) => r.memory.tensors);
  console.log(
    `thread ${worker}: ${mine.length} items, tensors first ${mine[0]}, last ${mine.at(-1)}, min ${Math.min(...mine)}, max ${Math.max(...mine)}`,
  );
}
const tenth = Math.floor(rows.length / 10);
const rss = Array.from({ length: 10 }, (_, k) =>
  Math.max(...rows.slice(k * tenth, (k + 1) * tenth).map((r) => r.memory.rssMB)),
);
console.log(`RSS (MB, max per tenth of the run): ${rss.join(' ')}`);
console.log(`RSS growth from the 2nd tenth to the last: ${rss[9] - rss[1]} MB`);
