import { type Job, Worker } from 'bullmq';
import { explainChunk } from '../explain-chunk';
import type { BatchItem } from '../items';
import { ExplainPool, poolAvailable } from '../pool';
import { readRunFiles } from '../run-file';
import type { BatchSettings } from '../settings';
import { connectRedis } from './connection';
import { type ChunkJob, QUEUE } from './names';

export interface QueueWorkerOptions {
  url: string;
  /** Chunks explained at once, each on its own thread (1: on the main thread). */
  threads: number;
  /**
   * How long a chunk stays claimed without a sign of life. A worker killed mid-chunk holds it that
   * long; then another worker's stalled-job check puts it back in the queue.
   */
  lockSeconds: number;
  say: (line: string) => void;
}

/**
 * `gradcam worker`: takes chunks from the queue until SIGINT or SIGTERM, explains them into the
 * run's output folder (read from the shared folder the job names) and completes each job only
 * once every row of the chunk is durable; a chunk retried after a crash skips the rows already
 * there. Resolves when it has stopped.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const client = await connectRedis(options.url);
  const pool = options.threads > 1 && poolAvailable() ? new ExplainPool(options.threads) : undefined;
  const runs = new Map<string, Promise<{ settings: BatchSettings; items: BatchItem[] }>>();
  const runIn = (out: string) => {
    if (!runs.has(out)) {
      const read = readRunFiles(out).then(({ run, items }) => ({ settings: run.settings, items }));
      // A folder not (yet) visible here, e.g. a share still mounting, is read again by the retry.
      read.catch(() => runs.delete(out));
      runs.set(out, read);
    }
    return runs.get(out) as Promise<{ settings: BatchSettings; items: BatchItem[] }>;
  };
  const explainJob = async (job: Job<ChunkJob>) => {
    const { settings, items } = await runIn(job.data.out);
    const chunk = items.slice(job.data.start, job.data.end);
    const { out } = job.data;
    const outcomes = pool ? await pool.run(chunk, settings, out) : await explainChunk(chunk, settings, out);
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    options.say(`${job.id}: ${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} already done`);
    return { ok: count('ok'), failed: count('failed'), skipped: count('skipped') };
  };
  const lockDuration = options.lockSeconds * 1000;
  const worker = new Worker<ChunkJob>(QUEUE, explainJob, {
    connection: client,
    concurrency: pool ? options.threads : 1,
    lockDuration,
    stalledInterval: lockDuration,
    // A chunk whose workers keep dying is still retried; a chunk that throws uses its attempts.
    maxStalledCount: 10,
  });
  worker.on('error', (error) => options.say(`queue error: ${error.message}`));
  options.say(`worker: taking chunks from ${options.url} on ${pool ? options.threads : 1} thread(s)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  options.say('worker: finishing the chunks in hand, then stopping');
  await worker.close();
  await pool?.destroy();
  client.disconnect();
}
