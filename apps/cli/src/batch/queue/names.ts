import { fail } from '@gradcam/core';

/** The one queue every gradcam worker takes chunks from; a job names its run and output folder. */
export const QUEUE = 'gradcam-batch';

/** A chunk of a queued run: items [start, end) of the run recorded in `out`. */
export interface ChunkJob {
  run: string;
  out: string;
  start: number;
  end: number;
}

/** What the coordinator records about a run in Redis, for --status and --resume. */
export interface RunRecord {
  out: string;
  items: number;
  /** Items per chunk: the chunks' ids depend on it, so a resumed run keeps the first one's. */
  chunk: number;
  chunks: number;
}

export function checkRunName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
    fail(`--name ${name}: a run name is 1 to 64 letters, digits, '.', '_' or '-'`);
  return name;
}

export const runKey = (run: string) => `gradcam:batch:run:${run}`;

/** Fixed ids make enqueueing idempotent: a resumed coordinator adds no chunk twice. */
export const chunkJobId = (run: string, chunk: number) => `${run}-chunk-${chunk}`;
