/**
 * The resume check of #18 at full size (not part of `pnpm bench`): BENCH_ITEMS (default 2,000)
 * generated pictures explained by `gradcam batch` with 2 threads, once uninterrupted and once
 * killed with SIGKILL after a random number of rows, then --resume: prints how many items the
 * resumed run explained against how many were missing, and whether its index and every map
 * equal the uninterrupted run's. Exit 1 if not. Needs the built CLI. `npx tsx bench/batch-resume.ts`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@gradcam/core';
import { fileSystemSaver } from '@gradcam/tfjs';
import type { IndexRow } from '../src/batch/index-row';
import { tinyClassifier, writePictures } from '../test/helpers/tiny-classifier';

const BIN = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const items = Number(process.env.BENCH_ITEMS ?? 2000);

await selectBackend('cpu');
const root = mkdtempSync(join(tmpdir(), 'gradcam-batch-resume-'));
const built = tinyClassifier();
await built.save(fileSystemSaver(join(root, 'tiny')));
built.dispose();
mkdirSync(join(root, 'images'));
await writePictures(join(root, 'images'), items, 17);
const args = (out: string) => [
  'batch',
  '--model',
  join(root, 'tiny'),
  '--image',
  join(root, 'images'),
  '--top',
  '2',
  '--out',
  out,
  '--workers',
  '2',
  '--quiet',
  '--backend',
  'wasm',
];

execFileSync(process.execPath, [BIN, ...args(join(root, 'full'))], { stdio: 'inherit' });
const cut = join(root, 'cut');
const killAt = 1 + Math.floor(Math.random() * (items - 1));
const child = spawn(process.execPath, [BIN, ...args(cut)], { stdio: 'ignore' });
const rowsIn = (out: string) => {
  try {
    return readdirSync(join(out, 'rows')).filter((n) => !n.startsWith('.')).length;
  } catch {
    return 0;
  }
};
while (rowsIn(cut) < killAt && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
child.kill('SIGKILL');
await new Promise((r) => child.on('exit', r));
const survived = rowsIn(cut);
const resumed = execFileSync(
  process.execPath,
  [BIN, 'batch', '--resume', '--out', cut, '--quiet', '--workers', '2', '--backend', 'wasm'],
  { encoding: 'utf8' },
);
const explained = Number(/explained (\d+) item/.exec(resumed)?.[1]);
const content = (out: string) =>
  readFileSync(join(out, 'index.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as IndexRow)
    .map((r) => JSON.stringify({ ...r, timing: undefined, worker: undefined, memory: undefined }));
const sameIndex = JSON.stringify(content(cut)) === JSON.stringify(content(join(root, 'full')));
const maps = readdirSync(join(root, 'full', 'maps'));
const sameMaps = maps.every((m) =>
  readFileSync(join(cut, 'maps', m)).equals(readFileSync(join(root, 'full', 'maps', m))),
);
console.log(
  `killed after ${killAt} rows asked (${survived} on disk); resume explained ${explained} (missing ${items - survived}); index equal: ${sameIndex}; ${maps.length} maps equal: ${sameMaps}`,
);
if (explained !== items - survived || !sameIndex || !sameMaps) process.exitCode = 1;
