import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';

/** host:pid/thread, so that an index row says which machine, process and thread explained it. */
export function workerName(): string {
  return `${hostname()}:${process.pid}/${threadId}`;
}
