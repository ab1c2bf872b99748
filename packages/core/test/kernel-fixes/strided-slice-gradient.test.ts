import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { applyKernelFixes, restoreStockKernels } from '../../src';
import { BACKENDS, linearFiniteDifferences, relativeError, seeded, size, tfGradient, useBackend } from './fd';

type Case = { shape: number[]; op: (x: tf.Tensor) => tf.Tensor; label: string };
const CASES: Case[] = [
  {
    shape: [2, 7, 4],
    op: (x) => tf.stridedSlice(x, [0, 1, 0], [2, 7, 4], [1, 2, 3]),
    label: 'steps 2 and 3',
  },
  // x[:, 0]: a class token taken by a GraphModel.
  {
    shape: [2, 5, 3],
    op: (x) => tf.stridedSlice(x, [0, 0, 0], [2, 1, 3], [1, 1, 1], 0, 0, 0, 0, 2),
    label: 'shrink axis',
  },
  {
    shape: [3, 6],
    op: (x) => tf.stridedSlice(x, [0, 5], [3, 0], [1, -2], 0, 0, 0, 1),
    label: 'negative step, new axis',
  },
  {
    shape: [2, 4, 5],
    op: (x) => tf.stridedSlice(x, [1, 1], [0, 4], [1, 2], 1, 1),
    label: 'begin and end masks',
  },
];

describe('StridedSlice gradient', () => {
  it('stock TF.js 4.22 has none (if this fails, TF.js added one: retire strided-slice-gradient.ts)', async () => {
    await useBackend('cpu');
    restoreStockKernels('cpu');
    const c = CASES[0];
    const w = tf.tidy(() => c.op(tf.zeros(c.shape)).size);
    expect(() => tfGradient(c.op, seeded(size(c.shape), 1), c.shape, seeded(w, 2))).toThrow(
      /gradient function not found for StridedSlice/,
    );
  });

  for (const backend of BACKENDS) {
    it(`fixed on ${backend}: steps, masks, negative steps, shrunk and new axes`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        const x = seeded(size(c.shape), 10 + i);
        const w = seeded(
          tf.tidy(() => c.op(tf.zeros(c.shape)).size),
          20 + i,
        );
        const err = relativeError(
          tfGradient(c.op, x, c.shape, w),
          linearFiniteDifferences(c.op, x, c.shape, w),
        );
        expect(err, c.label).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
