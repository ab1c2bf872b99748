import { outputFolder } from '../output-folder';
import { startProgress } from '../progress';
import { type ChunkOutcome, checkedModel, explainChunk, releaseModel } from './explain-chunk';
import type { BatchItem } from './items';
import { explainOnPool, poolAvailable } from './pool';
import { finishedIds, type MergedIndex, mergeIndex, prepareFolders } from './row-store';
import { readRunFiles, writeRunFiles } from './run-file';
import type { BatchSettings } from './settings';

export interface LocalRun {
  out: string;
  /** Worker threads; 1 explains on the main thread. */
  threads: number;
  /** Items per task a thread takes at a time. */
  chunk: number;
  quiet: boolean;
}

export interface BatchOutcome extends MergedIndex {
  /** Items this invocation explained (a resumed run skips the finished ones). */
  explained: number;
  skipped: number;
  seconds: number;
}

/** A new run: claims the output folder and records what it explains, then explains it. */
export async function startLocalRun(
  settings: BatchSettings,
  items: readonly BatchItem[],
  run: LocalRun,
): Promise<BatchOutcome> {
  // What would fail every item (a wrong --layer, --labels of another model) fails before the folder is claimed.
  await checkedModel(settings);
  const out = await outputFolder(run.out);
  await prepareFolders(out, true);
  await writeRunFiles(out, settings, items);
  return explainLocally(settings, items, { ...run, out });
}

/** --resume: the run recorded in the folder, from where it stopped. */
export async function resumeLocalRun(run: LocalRun): Promise<BatchOutcome> {
  const recorded = await readRunFiles(run.out);
  await prepareFolders(run.out, false);
  return explainLocally(recorded.run.settings, recorded.items, run);
}

async function explainLocally(
  settings: BatchSettings,
  items: readonly BatchItem[],
  run: LocalRun,
): Promise<BatchOutcome> {
  const started = performance.now();
  const finished = await finishedIds(run.out);
  const todo = items.filter((item) => !finished.has(item.id));
  let explained = 0;
  const progress = startProgress(todo.length, { title: 'explaining', quiet: run.quiet, rate: 'items' });
  const tick = (outcome: ChunkOutcome) => {
    if (outcome.status !== 'skipped') explained++;
    progress.tick(outcome.id);
  };
  try {
    if (run.threads > 1 && poolAvailable() && todo.length > run.chunk) {
      // Each thread loads its own model; the main thread's would only hold memory.
      await releaseModel();
      await explainOnPool(todo, settings, run.out, {
        threads: run.threads,
        chunk: run.chunk,
        onChunk: (outcomes) => outcomes.forEach(tick),
      });
    } else await explainChunk(todo, settings, run.out, tick);
  } finally {
    progress.stop();
  }
  const merged = await mergeIndex(run.out, items);
  return {
    ...merged,
    explained,
    skipped: items.length - todo.length,
    seconds: (performance.now() - started) / 1000,
  };
}
