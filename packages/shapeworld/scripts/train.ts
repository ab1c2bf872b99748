/**
 * `pnpm train`: trains every ShapeWorld reference model in turn, deterministically by seed, on the
 * WASM backend, and saves each under packages/shapeworld/models/<name>/. `--only name[,name]`
 * trains a subset. The captioner and the VQA model start from the classifier's encoder, so the
 * classifier comes first.
 */

import { seconds } from './progress';
import { captionerEntry } from './train-captioner';
import { classifierEntry } from './train-classifier';
import { vqaEntry } from './train-vqa';
import type { TrainingEntry } from './training-entry';
import { useWasmForTraining } from './wasm-backend';

const ENTRIES: TrainingEntry[] = [classifierEntry, captionerEntry, vqaEntry];

function selected(): TrainingEntry[] {
  const at = process.argv.indexOf('--only');
  if (at < 0) return ENTRIES;
  const names = (process.argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !ENTRIES.some((e) => e.name === n));
  if (unknown.length)
    throw new Error(
      `unknown model(s) ${unknown.join(', ')}; known: ${ENTRIES.map((e) => e.name).join(', ')}`,
    );
  return ENTRIES.filter((e) => names.includes(e.name));
}

async function main() {
  const started = performance.now();
  const backend = await useWasmForTraining();
  const entries = selected();
  console.log(`training ${entries.map((e) => e.name).join(', ')} on ${backend}`);
  const results: [string, Record<string, number | string>][] = [];
  for (const entry of entries) results.push([entry.name, await entry.train()]);
  console.log(`\nall done in ${seconds(started).toFixed(0)} s`);
  for (const [name, figures] of results) {
    const budget = entries.find((e) => e.name === name)!.budgetMinutes;
    console.log(`  ${name} (budget ${budget} min): ${JSON.stringify(figures)}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
