import { existsSync } from 'node:fs';
import { fail } from '@gradcam/core';
import { Queue } from 'bullmq';
import { finishedIds } from '../row-store';
import { connectRedis } from './connection';
import { type ChunkJob, chunkJobId, QUEUE, type RunRecord, runKey } from './names';

/** `gradcam batch --status run1`: where a queued run stands, from Redis and the shared folder. */
export async function queuedRunStatus(url: string, name: string): Promise<string[]> {
  const client = await connectRedis(url);
  const queue = new Queue<ChunkJob>(QUEUE, { connection: client });
  try {
    const record = (await client.hgetall(runKey(name))) as Partial<Record<keyof RunRecord, string>>;
    if (!record.out)
      fail(`no run named ${name} on ${url}: start it with gradcam batch --queue ${url} --name ${name}`);
    const chunks = Number(record.chunks);
    const states = new Map<string, number>();
    for (let c = 0; c < chunks; c++) {
      const state = await queue.getJobState(chunkJobId(name, c));
      states.set(state, (states.get(state) ?? 0) + 1);
    }
    const lines = [
      `run ${name}: ${record.items} item(s) in ${chunks} chunk(s), output ${record.out}`,
      `chunks: ${[...states].map(([state, n]) => `${n} ${state}`).join(', ')}`,
      `workers connected: ${await queue.getWorkersCount()}`,
    ];
    if (existsSync(record.out))
      lines.push(`items done: ${(await finishedIds(record.out)).size} of ${record.items}`);
    else lines.push(`the output folder is not visible from this machine`);
    return lines;
  } finally {
    await queue.close();
    client.disconnect();
  }
}
