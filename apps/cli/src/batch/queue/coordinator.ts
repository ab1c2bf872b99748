import { resolve } from 'node:path';
import { fail } from '@gradcam/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { outputFolder } from '../../output-folder';
import { startProgress } from '../../progress';
import type { BatchItem } from '../items';
import { finishedIds, mergeIndex, prepareFolders, rowCount } from '../row-store';
import type { BatchOutcome } from '../run-batch';
import { readRunFiles, writeRunFiles } from '../run-file';
import type { BatchSettings } from '../settings';
import { connectRedis } from './connection';
import { type ChunkJob, chunkJobId, QUEUE, type RunRecord, runKey } from './names';

export interface QueuedRun {
  url: string;
  name: string;
  out: string;
  chunk: number;
  quiet: boolean;
  /** A new run; absent with --resume, which reads the run from `out`. */
  start?: { settings: BatchSettings; items: readonly BatchItem[] };
  /** Lines for the user (waiting for workers, failed chunks). */
  say: (line: string) => void;
}

/** Chunks are tried this often before the run reports them failed (a retry after kill -9 is not one). */
const ATTEMPTS = 3;
const POLL_MS = 500;
/** After this long with no worker connected, say so once, with the command that starts one. */
const NO_WORKER_NOTE_MS = 5000;

/**
 * `gradcam batch --queue`: records the run in the shared output folder and in Redis, enqueues its
 * chunks, follows them to the end, then merges the index. Workers anywhere do the explaining.
 */
export async function runOnQueue(
  run: QueuedRun,
): Promise<BatchOutcome & { failedChunks: string[]; out: string }> {
  const started = performance.now();
  const client = await connectRedis(run.url);
  const queue = new Queue<ChunkJob>(QUEUE, { connection: client });
  try {
    const { items, out, chunk } = await recordRun(run, client);
    const done = await finishedIds(out);
    const skipped = done.size;
    const ids = await enqueue(queue, run.name, out, items.length, chunk);
    const progress = startProgress(items.length - skipped, {
      title: 'explaining',
      quiet: run.quiet,
      rate: 'items',
    });
    let failedChunks: string[];
    let explained = 0;
    try {
      failedChunks = await follow(queue, ids, run, async () => {
        const now = await rowCount(out);
        for (; skipped + explained < now; explained++) progress.tick();
      });
    } finally {
      progress.stop();
    }
    for (const id of failedChunks) run.say(`chunk ${id} failed: ${(await queue.getJob(id))?.failedReason}`);
    const merged = await mergeIndex(out, items);
    return {
      ...merged,
      explained: merged.rows - skipped,
      skipped,
      seconds: (performance.now() - started) / 1000,
      failedChunks,
      out,
    };
  } finally {
    await queue.close();
    client.disconnect();
  }
}

async function recordRun(
  run: QueuedRun,
  client: Redis,
): Promise<{ items: readonly BatchItem[]; out: string; chunk: number }> {
  const key = runKey(run.name);
  const existing = (await client.hgetall(key)) as Partial<Record<keyof RunRecord, string>>;
  let out: string;
  let items: readonly BatchItem[];
  if (run.start) {
    if (existing.out)
      fail(
        `a run named ${run.name} is already on ${run.url} (output ${existing.out}): continue it with --resume, or choose another --name`,
      );
    out = await outputFolder(run.out);
    await prepareFolders(out, true);
    await writeRunFiles(out, run.start.settings, run.start.items);
    items = run.start.items;
  } else {
    out = resolve(existing.out ?? run.out);
    items = (await readRunFiles(out)).items;
  }
  const chunk = run.start ? run.chunk : Number(existing.chunk ?? run.chunk);
  const record: RunRecord = { out, items: items.length, chunk, chunks: Math.ceil(items.length / chunk) };
  await client.hset(key, record);
  return { items, out, chunk };
}

/** Adds the chunks (ids fixed, so none twice) and retries those that failed before; returns the ids. */
async function enqueue(queue: Queue<ChunkJob>, run: string, out: string, total: number, size: number) {
  const jobs = [];
  for (let start = 0, chunk = 0; start < total; start += size, chunk++) {
    jobs.push({
      name: run,
      data: { run, out, start, end: Math.min(total, start + size) },
      opts: { jobId: chunkJobId(run, chunk), attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 1000 } },
    });
  }
  await queue.addBulk(jobs);
  const ids = jobs.map((job) => job.opts.jobId);
  for (const id of ids)
    if ((await queue.getJobState(id)) === 'failed') await (await queue.getJob(id))?.retry();
  return ids;
}

/** Polls the chunks until each is completed or failed for good; returns the failed ones. */
async function follow(queue: Queue<ChunkJob>, ids: string[], run: QueuedRun, onPoll: () => Promise<void>) {
  let open = ids;
  const failed: string[] = [];
  let lonelySince = performance.now();
  let noted = false;
  while (open.length > 0) {
    const states = await Promise.all(open.map((id) => queue.getJobState(id)));
    failed.push(...open.filter((_, i) => states[i] === 'failed'));
    open = open.filter((_, i) => states[i] !== 'completed' && states[i] !== 'failed');
    await onPoll();
    if ((await queue.getWorkersCount()) > 0) lonelySince = performance.now();
    else if (!noted && performance.now() - lonelySince > NO_WORKER_NOTE_MS) {
      noted = true;
      run.say(
        `waiting: no worker is connected; start one on each machine with: gradcam worker --queue ${run.url}`,
      );
    }
    if (open.length > 0) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return failed;
}
