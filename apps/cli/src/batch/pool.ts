import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ChunkOutcome } from './explain-chunk';
import type { BatchItem } from './items';
import type { PoolTask } from './pool-worker';
import type { BatchSettings } from './settings';

/**
 * The pool's worker file: built beside the CLI's bundle (dist/pool-worker.js). Run from the
 * TypeScript sources there is none, so the sources' callers use one thread.
 */
export const POOL_WORKER = fileURLToPath(new URL('./pool-worker.js', import.meta.url));

export function poolAvailable(): boolean {
  return existsSync(POOL_WORKER);
}

/** Worker threads, each with its own TF.js engine, backend and model (loaded by its first task). */
export class ExplainPool {
  private readonly pool: Piscina<PoolTask, ChunkOutcome[]>;

  constructor(readonly threads: number) {
    this.pool = new Piscina<PoolTask, ChunkOutcome[]>({
      filename: POOL_WORKER,
      minThreads: threads,
      maxThreads: threads,
      // The default idle timeout would unload a model between two slow chunks.
      idleTimeout: 600_000,
    });
  }

  /**
   * Loads and checks the model on one thread (which keeps it for its chunks), so that what would
   * fail every item fails before the output folder is claimed, without a copy on the main thread.
   */
  async check(settings: BatchSettings): Promise<void> {
    await this.pool.run({ items: [], settings, out: '', coresPerThread: coresPerThread(this.threads) });
  }

  run(items: BatchItem[], settings: BatchSettings, out: string): Promise<ChunkOutcome[]> {
    return this.pool.run({ items, settings, out, coresPerThread: coresPerThread(this.threads) });
  }

  /**
   * Explains `items` chunk by chunk. At most two chunks per thread are queued, so that a run of a
   * million items holds a few chunks in memory, not the whole list of tasks; each thread decodes,
   * explains and writes its own items, so that one thread's image decodes and file writes (off
   * the JS thread, in libuv) overlap another's explaining.
   */
  async explain(
    items: readonly BatchItem[],
    settings: BatchSettings,
    out: string,
    options: { chunk: number; onChunk: (outcomes: ChunkOutcome[]) => void },
  ): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    for (let start = 0; start < items.length && failure === undefined; start += options.chunk) {
      const done: Promise<void> = this.run(items.slice(start, start + options.chunk), settings, out)
        .then(options.onChunk, (error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
      if (inFlight.size >= 2 * this.threads) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

/**
 * onnxruntime's share of the cores per thread: by default each session takes every core, and
 * n threads' sessions then fight over them.
 */
export function coresPerThread(threads: number): number {
  return Math.max(1, Math.floor(availableParallelism() / threads));
}
