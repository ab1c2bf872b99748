import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { applyKernelFixes, restoreStockKernels } from '../../src';
import {
  BACKENDS,
  finiteDifferences,
  relativeError,
  seeded,
  size,
  tfGradient,
  useBackend,
  weightedSum,
} from './fd';

/** gather along `axis` in float64: the function whose gradient needs UnsortedSegmentSum. */
function gather64(x: Float64Array, shape: number[], indices: number[], axis: number): Float64Array {
  const outer = size(shape.slice(0, axis));
  const inner = size(shape.slice(axis + 1));
  const out = new Float64Array(outer * indices.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++)
    for (const index of indices)
      for (let i = 0; i < inner; i++) out[o++] = x[(a * shape[axis] + index) * inner + i];
  return out;
}

// A ViT's class token (index 0 of [batch, tokens, channels]), repeats, and a plain row gather.
const CASES = [
  { shape: [2, 5, 4], indices: [0], axis: 1 },
  { shape: [3, 6, 2], indices: [4, 0, 4, 2], axis: 1 },
  { shape: [6, 3], indices: [5, 0, 2, 2, 1], axis: 0 },
];

describe('UnsortedSegmentSum on WASM', () => {
  it('stock @tensorflow/tfjs-backend-wasm 4.22 lacks it, so a gather cannot be differentiated (if this fails, TF.js added it: retire wasm-unsorted-segment-sum.ts)', async () => {
    await useBackend('wasm');
    restoreStockKernels('wasm');
    const c = CASES[0];
    expect(() =>
      tfGradient((x) => tf.gather(x, c.indices, c.axis), seeded(size(c.shape), 1), c.shape, seeded(8, 2)),
    ).toThrow(/Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'/);
  });

  for (const backend of BACKENDS) {
    it(`gather's gradient agrees with finite differences on ${backend}`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        const x = seeded(size(c.shape), 10 + i);
        const w = seeded(gather64(x, c.shape, c.indices, c.axis).length, 20 + i);
        const fd = finiteDifferences((v) => weightedSum(gather64(v, c.shape, c.indices, c.axis), w), x);
        const ours = tfGradient((t) => tf.gather(t, c.indices, c.axis), x, c.shape, w);
        expect(relativeError(ours, fd), JSON.stringify(c)).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('the kernel itself equals the CPU backend: ids out of range dropped, int32', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await useBackend(backend);
      applyKernelFixes(backend);
      return tf.tidy(() => {
        const x = tf.tensor3d(Float32Array.from(seeded(2 * 3 * 4, 7)), [2, 3, 4]);
        const rows = tf.tensor2d(Float32Array.from(seeded(5 * 3, 8)), [5, 3]);
        const rowIds = tf.tensor1d([3, 0, 3, 9, 1], 'int32');
        const ids = tf.tensor1d([3, -1], 'int32');
        const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
        return [
          tf.unsortedSegmentSum(x, ids, 4).dataSync(),
          tf.unsortedSegmentSum(rows, rowIds, 4).dataSync(),
          tf.unsortedSegmentSum(ints, tf.tensor1d([2, 2, 0], 'int32'), 3).dataSync(),
        ];
      });
    };
    const [cpu, wasm] = [await run('cpu'), await run('wasm')];
    expect(Array.from(wasm[0])).toEqual(Array.from(cpu[0]));
    expect(Array.from(wasm[1])).toEqual(Array.from(cpu[1]));
    expect(Array.from(wasm[2])).toEqual([5, 6, 0, 0, 4, 6]);
    expect(Array.from(cpu[2])).toEqual([5, 6, 0, 0, 4, 6]);
  });
});
