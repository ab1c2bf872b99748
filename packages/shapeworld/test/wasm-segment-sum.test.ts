import { registerWasmGradientKernels } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../src/index';
import { useWasm } from './helpers/wasm';

const values = (n: number, seed: number) => {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => rng.uniform(-1, 1));
};

/** The gradient of gather with repeated and unused rows: what an embedding's training needs. */
async function gatherGradient(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const table = tf.tensor2d(values(7 * 3, 1), [7, 3]);
  const ids = tf.tensor2d(
    [
      [1, 4, 4],
      [0, 6, 1],
    ],
    [2, 3],
    'int32',
  );
  const weights = tf.tensor3d(values(2 * 3 * 3, 2), [2, 3, 3]);
  const g = tf.grad((t: tf.Tensor) => tf.gather(t, ids).mul(weights).sum())(table);
  const out = Array.from(await g.data());
  tf.dispose([table, ids, weights, g]);
  return out;
}

describe("UnsortedSegmentSum on WASM (@gradcam/core's kernel), as training uses it", () => {
  beforeAll(async () => {
    await useWasm();
    registerWasmGradientKernels();
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('gives the CPU backend’s gradient of gather', async () => {
    const cpu = await gatherGradient('cpu');
    const wasm = await gatherGradient('wasm');
    expect(wasm.length).toBe(21);
    wasm.forEach((v, i) => {
      expect(v).toBeCloseTo(cpu[i], 5);
    });
    // Row 2, 3 and 5 are never gathered: their gradient is zero, not left-over heap memory.
    for (const row of [2, 3, 5]) expect(wasm.slice(row * 3, row * 3 + 3)).toEqual([0, 0, 0]);
  });

  it('drops out-of-range segment ids, as TensorFlow does', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const ids = tf.tensor1d([2, -1, 2], 'int32');
    const out = tf.unsortedSegmentSum(x, ids, 3);
    expect(Array.from(await out.data())).toEqual([0, 0, 0, 0, 6, 8]);
    tf.dispose([x, ids, out]);
  });
});
