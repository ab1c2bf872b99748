// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@tensorflow/tfjs-core';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { seededUniform, selectBackend } from '@gradcam/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexRow } from '../src/batch/index-row';
import { batchDataset } from './helpers/batch-dataset';
import { assertBuilt, BIN, runCli } from './helpers/run-cli';

beforeAll(async () => {
  assertBuilt();
  await selectBackend('cpu');
});

const readIndex = (out: string): IndexRow[] =>
  readFileSync(join(out, 'index.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

/** What must not depend on who explained an item, nor when. */
const content = (r: IndexRow) => ({ ...r, timing: undefined, worker: undefined, memory: undefined });

function expectSameMaps(a: string, b: string): void {
  const names = readdirSync(join(a, 'maps')).sort();
  expect(readdirSync(join(b, 'maps')).sort()).toEqual(names);
  for (const name of names)
    expect(readFileSync(join(b, 'maps', name)).equals(readFileSync(join(a, 'maps', name)))).toBe(true);
}

const batchArgs = (model: string, images: string, out: string) => [
  'batch',
  '--model',
  model,
  '--image',
  images,
  '--top',
  '2',
  '--out',
  out,
  '--backend',
  'wasm',
  '--quiet',
];

describe('gradcam batch on worker threads (built CLI)', () => {
  it('2 threads write the maps of 1 thread bit for bit; tensors per thread and RSS stay flat', async () => {
    const data = await batchDataset(120, { corrupt: true });
    const one = join(data.root, 'one');
    const two = join(data.root, 'two');
    const single = runCli([...batchArgs(data.model, data.images, one), '--workers', '1']);
    expect(single.status, single.stderr).toBe(1); // the corrupt image
    const pooled = runCli([...batchArgs(data.model, data.images, two), '--workers', '2', '--chunk', '4']);
    expect(pooled.status, pooled.stderr).toBe(1);
    expect(pooled.stdout).toContain('121 row(s), 120 ok, 1 failed');

    const rows = readIndex(two);
    expect(rows.map(content)).toEqual(readIndex(one).map(content));
    expectSameMaps(one, two);
    const threads = new Set(rows.map((r) => r.worker));
    expect(threads.size).toBe(2);
    for (const thread of threads) {
      const mine = rows.filter((r) => r.worker === thread && r.status === 'ok');
      expect(new Set(mine.map((r) => r.memory.tensors)).size, thread).toBe(1);
    }
    // RSS swings by some 30 MB as the allocators work (bench/batch-memory.ts: 10,000 items); the tensor
    // counts are the exact check, this one catches a gross leak, e.g. every decoded image kept.
    const rss = rows.map((r) => r.memory.rssMB);
    const early = Math.max(...rss.slice(20, 40));
    const late = Math.max(...rss.slice(-20));
    expect(late - early).toBeLessThan(64);

    // What fails every item fails on the pool's first thread, before the output folder is claimed.
    const wrong = join(data.root, 'wrong');
    const refused = runCli([
      ...batchArgs(data.model, data.images, wrong),
      '--workers',
      '2',
      '--layer',
      'nope',
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^gradcam: unknown layer 'nope'; explainable layers: conv1/);
    expect(existsSync(wrong)).toBe(false);
  });

  it('kill -9 at a random point, then --resume: nothing finished is recomputed, the index equals an uninterrupted run', async () => {
    const data = await batchDataset(100);
    const full = join(data.root, 'full');
    expect(runCli([...batchArgs(data.model, data.images, full), '--workers', '2']).status).toBe(0);

    const cut = join(data.root, 'cut');
    const killAt = 10 + Math.floor(seededUniform(Date.now() % 2 ** 31)() * 70);
    const child = spawn(process.execPath, [
      BIN,
      ...batchArgs(data.model, data.images, cut),
      '--workers',
      '2',
    ]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const rowsDone = () => {
      try {
        return readdirSync(join(cut, 'rows')).filter((n) => !n.startsWith('.')).length;
      } catch {
        return 0;
      }
    };
    while (rowsDone() < killAt && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const survivors = readdirSync(join(cut, 'rows')).filter((n) => !n.startsWith('.'));
    expect(survivors.length, `killed after ${killAt} rows`).toBeGreaterThanOrEqual(killAt);
    expect(survivors.length).toBeLessThan(100);
    const mtimes = survivors.map((n) => statSync(join(cut, 'rows', n)).mtimeMs);

    const resumed = runCli([
      'batch',
      '--resume',
      '--out',
      cut,
      '--backend',
      'wasm',
      '--quiet',
      '--workers',
      '2',
    ]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`explained ${100 - survivors.length} item(s)`);
    expect(resumed.stdout).toContain(`${survivors.length} already done`);
    expect(survivors.map((n) => statSync(join(cut, 'rows', n)).mtimeMs)).toEqual(mtimes);
    expect(readIndex(cut).map(content)).toEqual(readIndex(full).map(content));
    expectSameMaps(full, cut);
  });

  it('--resume refuses run options, and a folder that holds no run', () => {
    const refused = runCli(['batch', '--resume', '--out', '.', '--model', 'm.onnx']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "--resume takes the run's model, inputs and settings from ./run.json; leave out --model",
    );
    const empty = runCli(['batch', '--resume', '--out', '.']);
    expect(empty.stderr).toMatch(/holds no gradcam batch run \(no run.json\)/);
  });
});
