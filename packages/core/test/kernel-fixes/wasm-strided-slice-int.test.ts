import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyKernelFixes, restoreStockKernels } from '../../src';
import { useBackend } from './fd';

type Slice = (x: tf.Tensor) => tf.Tensor;
const SLICES: [string, Slice][] = [
  ['steps', (x) => tf.stridedSlice(x, [0, 1, 0], [2, 4, 5], [1, 2, 2])],
  ['negative step', (x) => tf.stridedSlice(x, [1, 3, 4], [0, 0, 0], [-1, -1, -2])],
  ['shrink axis', (x) => tf.stridedSlice(x, [0, 2, 0], [2, 3, 5], [1, 1, 1], 0, 0, 0, 0, 2)],
  ['new axis and masks', (x) => tf.stridedSlice(x, [0, 0, 1], [0, 3, 5], [1, 1, 2], 1, 1, 0, 2)],
  ['ellipsis', (x) => tf.stridedSlice(x, [0, 1], [0, 5], [1, 3], 0, 0, 1)],
  ['contiguous rows', (x) => tf.stridedSlice(x, [1], [2], [1])],
];

function results(): { values: number[]; dtype: string; shape: number[] }[] {
  return tf.tidy(() => {
    const ints = tf.reshape(tf.range(0, 40, 1, 'int32'), [2, 4, 5]);
    const bools = tf.greater(tf.reshape(tf.range(0, 40, 1, 'float32').mod(3), [2, 4, 5]), 0);
    return [ints, bools].flatMap((x) =>
      SLICES.map(([, slice]) => {
        const y = slice(x);
        return { values: Array.from(y.dataSync()), dtype: y.dtype, shape: y.shape };
      }),
    );
  });
}

describe('StridedSlice of int32 and bool tensors on WASM', () => {
  it('stock WASM 4.22 returns float32 holding the integer bits (if this fails, TF.js fixed it: retire wasm-strided-slice-int.ts)', async () => {
    await useBackend('wasm');
    restoreStockKernels('wasm');
    const first = results()[0];
    expect(first.dtype).toBe('float32');
    expect(first.values[1]).toBeLessThan(1e-40);
  });

  it('fixed: equals the CPU backend for every mask, in dtype, shape and values', async () => {
    await useBackend('cpu');
    const want = results();
    expect(want[0].values).toEqual([5, 7, 9, 15, 17, 19, 25, 27, 29, 35, 37, 39]);
    await useBackend('wasm');
    applyKernelFixes('wasm');
    const before = tf.memory().numTensors;
    const got = results();
    got.forEach((g, i) => {
      expect(g, SLICES[i % SLICES.length][0]).toEqual(want[i]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
