// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend } from '@gradcam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipNote, skipWithout } from '../../../packages/core/test/helpers/required-resource';
import type { IndexRow } from '../src/batch/index-row';
import { batchDataset } from './helpers/batch-dataset';
import { type RunningRedis, redisServer, startRedis } from './helpers/redis-server';
import { assertBuilt, BIN, runCli } from './helpers/run-cli';

const skip = skipWithout(redisServer);
let redis: RunningRedis | undefined;

beforeAll(async () => {
  assertBuilt();
  await selectBackend('cpu');
  if (!skip) redis = await startRedis();
});
afterAll(async () => {
  // A failed test must not leave workers or a coordinator running.
  for (const p of running)
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await redis?.stop();
});

const readIndex = (out: string): IndexRow[] =>
  readFileSync(join(out, 'index.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
const content = (r: IndexRow) => ({ ...r, timing: undefined, worker: undefined, memory: undefined });

interface Running {
  child: ChildProcess;
  stdout: () => string;
  exit: Promise<number | null>;
}

const running: Running[] = [];

function start(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const started: Running = {
    child,
    stdout: () => text,
    exit: new Promise((resolve) => child.on('exit', resolve)),
  };
  running.push(started);
  return started;
}

const CHUNK = 10;
const ITEMS = 80;

describe.skipIf(skip)(`gradcam batch --queue on Redis with 3 workers${skipNote(redisServer)}`, () => {
  it('a worker killed with SIGKILL mid-chunk loses nothing: the index is complete, duplicate-free, and its maps equal a single-process run bit for bit', async () => {
    const url = (redis as RunningRedis).url;
    const data = await batchDataset(ITEMS);
    const common = [
      '--model',
      data.model,
      '--image',
      data.images,
      '--top',
      '2',
      '--quiet',
      '--backend',
      'wasm',
    ];
    const single = join(data.root, 'single');
    expect(runCli(['batch', ...common, '--out', single, '--workers', '1']).status).toBe(0);

    const shared = join(data.root, 'shared');
    const worker = () =>
      start(['worker', '--queue', url, '--workers', '1', '--lock-seconds', '2', '--backend', 'wasm']);
    const workers = [worker(), worker(), worker()];
    const coordinator = start([
      'batch',
      ...common,
      '--out',
      shared,
      '--queue',
      url,
      '--name',
      'run1',
      '--chunk',
      String(CHUNK),
    ]);

    // Kill the worker that just wrote the first or second row of a chunk: it is mid-chunk.
    const victim = await midChunkWorker(shared, workers);
    victim.child.kill('SIGKILL');
    const status = await coordinator.exit;
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exit));
    expect(status, coordinator.stdout()).toBe(0);
    expect(coordinator.stdout()).toContain(`${ITEMS} row(s), ${ITEMS} ok, 0 failed`);

    const rows = readIndex(shared);
    expect(rows.map((r) => r.id)).toEqual(readIndex(single).map((r) => r.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(ITEMS);
    expect(rows.map(content)).toEqual(readIndex(single).map(content));
    for (const name of readdirSync(join(single, 'maps')))
      expect(readFileSync(join(shared, 'maps', name)).equals(readFileSync(join(single, 'maps', name)))).toBe(
        true,
      );
    // The victim's chunk was finished by another worker: BullMQ gave it back after the lock expired.
    const victimName = `:${victim.child.pid}/`;
    const victimChunks = new Set(rows.filter((r) => r.worker.includes(victimName)).map((r) => chunkOf(r)));
    const finishedByOthers = rows.filter(
      (r) => victimChunks.has(chunkOf(r)) && !r.worker.includes(victimName),
    );
    expect(finishedByOthers.length).toBeGreaterThan(0);

    const report = runCli(['batch', '--queue', url, '--status', 'run1']);
    expect(report.stdout).toContain(`run run1: ${ITEMS} item(s) in ${ITEMS / CHUNK} chunk(s)`);
    expect(report.stdout).toContain(`chunks: ${ITEMS / CHUNK} completed`);
    expect(report.stdout).toContain(`items done: ${ITEMS} of ${ITEMS}`);
    // The coordinator again (as after its own crash): every chunk is already complete, nothing is redone.
    const again = runCli(['batch', '--queue', url, '--name', 'run1', '--resume', '--quiet']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`explained 0 item(s)`);
    expect(again.stdout).toContain(`${ITEMS} already done`);
  });

  it('an unreachable Redis is a clear error within seconds', () => {
    const run = runCli(['batch', '--queue', 'redis://127.0.0.1:1', '--status', 'run1']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^gradcam: cannot reach Redis at redis:\/\/127.0.0.1:1 .*start redis-server there, or correct --queue/,
    );
  });
});

const chunkOf = (row: IndexRow) => Math.floor(Number(row.id) / CHUNK);

/** Waits for a row that is the first or second of its chunk, and returns the worker that wrote it. */
async function midChunkWorker(shared: string, workers: Running[]): Promise<Running> {
  const seen = new Set<string>();
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    let names: string[] = [];
    try {
      names = readdirSync(join(shared, 'rows')).filter((n) => !n.startsWith('.') && !seen.has(n));
    } catch {}
    for (const name of names) {
      seen.add(name);
      const row = JSON.parse(readFileSync(join(shared, 'rows', name), 'utf8')) as IndexRow;
      if (Number(row.id) % CHUNK < 2) {
        const found = workers.find((w) => row.worker.includes(`:${w.child.pid}/`));
        if (found) return found;
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(
    `no worker wrote the first rows of a chunk within 60 s: ${workers.map((w) => w.stdout()).join(' | ')}`,
  );
}
