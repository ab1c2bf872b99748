import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { applyKernelFixes, restoreStockKernels } from '../../src';
import {
  BACKENDS,
  linearFiniteDifferences,
  relativeError,
  seeded,
  size,
  tfForward,
  tfGradient,
  useBackend,
} from './fd';

type Case = { shape: number[]; to: [number, number]; align: boolean; half: boolean };
const CASES: Case[] = [
  { shape: [2, 4, 5, 3], to: [7, 9], align: false, half: false },
  { shape: [2, 4, 5, 3], to: [7, 9], align: false, half: true },
  { shape: [2, 4, 5, 3], to: [7, 9], align: true, half: false },
  { shape: [2, 8, 9, 2], to: [3, 4], align: false, half: true },
  { shape: [1, 6, 3, 4], to: [6, 8], align: false, half: false },
];
const bilinear = (c: Case) => (x: tf.Tensor) =>
  tf.image.resizeBilinear(x as tf.Tensor4D, c.to, c.align, c.half);
const nearest = (c: Case) => (x: tf.Tensor) =>
  tf.image.resizeNearestNeighbor(x as tf.Tensor4D, c.to, c.align, c.half);

function check(op: (c: Case) => (x: tf.Tensor) => tf.Tensor, c: Case, seed: number): number {
  const x = seeded(size(c.shape), seed);
  const w = seeded(c.shape[0] * c.to[0] * c.to[1] * c.shape[3], seed + 1);
  return relativeError(tfGradient(op(c), x, c.shape, w), linearFiniteDifferences(op(c), x, c.shape, w));
}

/** 1x4 resized to width 7 with half-pixel centres: the forward picks [x0,x0,x1,x2,x2,x3,x3]. */
function halfPixelByHand(): Float32Array {
  const op = (x: tf.Tensor) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [1, 7], false, true);
  expect(Array.from(tfForward(op, Float64Array.from([1, 2, 3, 4]), [1, 1, 4, 1]))).toEqual([
    1, 1, 2, 3, 3, 4, 4,
  ]);
  return tfGradient(op, new Float64Array(4), [1, 1, 4, 1], Float64Array.from([1, 2, 3, 4, 5, 6, 7]));
}

describe('resize gradients follow their forward', () => {
  it('stock TF.js 4.22: the CPU bilinear gradient swaps height and width, and nearest-neighbour ignores half-pixel centres on both backends (if this fails, TF.js fixed it: retire resize-gradients.ts)', async () => {
    await useBackend('cpu');
    restoreStockKernels('cpu');
    expect(() => check(bilinear, CASES[0], 1)).toThrow(/has shape '2,5,4,3'/);
    for (const backend of BACKENDS) {
      await useBackend(backend);
      restoreStockKernels(backend);
      expect(Array.from(halfPixelByHand())).toEqual([3, 7, 11, 7]);
    }
  });

  for (const backend of BACKENDS) {
    it(`fixed on ${backend}: bilinear and nearest, up and down, align corners, half-pixel, batch 2`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      expect(Array.from(halfPixelByHand())).toEqual([1 + 2, 3, 4 + 5, 6 + 7]);
      CASES.forEach((c, i) => {
        expect(check(bilinear, c, 10 + i), `bilinear ${JSON.stringify(c)}`).toBeLessThan(1e-5);
        expect(check(nearest, c, 20 + i), `nearest ${JSON.stringify(c)}`).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
