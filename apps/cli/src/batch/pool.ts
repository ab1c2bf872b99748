import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ChunkOutcome } from './explain-chunk';
import type { BatchItem } from './items';
import type { ChunkTask } from './pool-worker';
import type { BatchSettings } from './settings';

/**
 * The pool's worker file: built beside the CLI's bundle (dist/pool-worker.js). Run from the
 * TypeScript sources there is none, so the sources' callers use one thread.
 */
export const POOL_WORKER = fileURLToPath(new URL('./pool-worker.js', import.meta.url));

export function poolAvailable(): boolean {
  return existsSync(POOL_WORKER);
}

/**
 * Explains `items` on `threads` worker threads, chunk by chunk. At most two chunks per thread are
 * queued, so that a run of a million items holds a few chunks in memory, not the whole list of
 * tasks; each thread decodes, explains and writes its own items, so that one thread's file
 * writes and image decodes (off the JS thread, in libuv) overlap another's explaining.
 */
export async function explainOnPool(
  items: readonly BatchItem[],
  settings: BatchSettings,
  out: string,
  options: { threads: number; chunk: number; onChunk: (outcomes: ChunkOutcome[]) => void },
): Promise<void> {
  const pool = new Piscina<ChunkTask, ChunkOutcome[]>({
    filename: POOL_WORKER,
    minThreads: options.threads,
    maxThreads: options.threads,
    // The default idle timeout would unload a model between two slow chunks.
    idleTimeout: 60_000,
  });
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for (let start = 0; start < items.length && failure === undefined; start += options.chunk) {
      const task: ChunkTask = {
        items: items.slice(start, start + options.chunk),
        settings,
        out,
        coresPerThread: coresPerThread(options.threads),
      };
      const done: Promise<void> = pool
        .run(task)
        .then(options.onChunk, (error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
      if (inFlight.size >= 2 * options.threads) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
  if (failure !== undefined) throw failure;
}

/**
 * onnxruntime's share of the cores per thread: by default each session takes every core, and
 * n threads' sessions then fight over them (ResNet-18: 2 threads no faster than 1).
 */
export function coresPerThread(threads: number): number {
  return Math.max(1, Math.floor(availableParallelism() / threads));
}
