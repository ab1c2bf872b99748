import { outputFolder } from '../output-folder';
import { startProgress } from '../progress';
import { type ChunkOutcome, checkedModel, explainChunk } from './explain-chunk';
import type { BatchItem } from './items';
import { ExplainPool, poolAvailable } from './pool';
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
  const pool = usePool(run, items.length) ? new ExplainPool(run.threads) : undefined;
  try {
    // What would fail every item (a wrong --layer, --labels of another model) fails before the
    // folder is claimed, on the thread that will use the model.
    if (pool) await pool.check(settings);
    else await checkedModel(settings);
    const out = await outputFolder(run.out);
    await prepareFolders(out, true);
    await writeRunFiles(out, settings, items);
    return await explainLocally(settings, items, { ...run, out }, pool);
  } finally {
    await pool?.destroy();
  }
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
  given?: ExplainPool,
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
    const pool = given ?? (usePool(run, todo.length) ? new ExplainPool(run.threads) : undefined);
    try {
      if (pool)
        await pool.explain(todo, settings, run.out, { chunk: run.chunk, onChunk: (o) => o.forEach(tick) });
      else await explainChunk(todo, settings, run.out, tick);
    } finally {
      if (pool !== given) await pool?.destroy();
    }
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

/** Threads pay off past one chunk; run from the TypeScript sources there is no worker file. */
function usePool(run: LocalRun, items: number): boolean {
  return run.threads > 1 && poolAvailable() && items > run.chunk;
}
