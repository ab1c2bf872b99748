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

const SHAPE = [2, 3, 4, 5];
const C = SHAPE[3];
const EPSILON = 1e-3;
const mean = seeded(C, 1);
const variance = seeded(C, 2).map((v) => v + 1.5);
const scale = seeded(C, 3);
const offset = seeded(C, 4);

/** Inference batch norm over the last axis, in float64. */
function batchNorm64(x: Float64Array, withScale: boolean, withOffset: boolean): Float64Array {
  return x.map((v, i) => {
    const k = i % C;
    const normalized = (v - mean[k]) / Math.sqrt(variance[k] + EPSILON);
    return normalized * (withScale ? scale[k] : 1) + (withOffset ? offset[k] : 0);
  });
}

const f32 = (v: Float64Array) => tf.tensor1d(Float32Array.from(v));
const op = (withScale: boolean, withOffset: boolean) => (x: tf.Tensor) =>
  tf.batchNorm(
    x as tf.Tensor4D,
    f32(mean),
    f32(variance),
    withOffset ? f32(offset) : undefined,
    withScale ? f32(scale) : undefined,
    EPSILON,
  );

const VARIANTS = [
  { withScale: false, withOffset: true, label: 'no scale (Keras scale=False)' },
  { withScale: true, withOffset: false, label: 'no offset' },
  { withScale: false, withOffset: false, label: 'neither' },
  { withScale: true, withOffset: true, label: 'both' },
];

describe('FusedBatchNorm gradient without scale or offset', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 cannot differentiate a batch norm without scale on ${backend} (if this fails, TF.js fixed it: retire batch-norm-absent-scale.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      const x = seeded(size(SHAPE), 5);
      const w = seeded(size(SHAPE), 6);
      expect(() => tfGradient(op(false, true), x, SHAPE, w)).toThrow(/Cannot read properties of undefined/);
    });

    it(`fixed on ${backend}: d/dx and d/doffset agree with finite differences, batch 2, 5 channels`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      for (const [i, { withScale, withOffset, label }] of VARIANTS.entries()) {
        const x = seeded(size(SHAPE), 10 + i);
        const w = seeded(size(SHAPE), 20 + i);
        const fd = finiteDifferences((v) => weightedSum(batchNorm64(v, withScale, withOffset), w), x);
        expect(relativeError(tfGradient(op(withScale, withOffset), x, SHAPE, w), fd), label).toBeLessThan(
          1e-4,
        );
        if (!withOffset) continue;
        // The offset is a parameter an explanation never needs, but its gradient must survive.
        const dOffset = tf.tidy(() => {
          const xs = tf.tensor4d(Float32Array.from(x), SHAPE as [number, number, number, number]);
          const weights = tf.tensor4d(Float32Array.from(w), SHAPE as [number, number, number, number]);
          const f = (b: tf.Tensor) =>
            tf.sum(
              tf.mul(
                tf.batchNorm(
                  xs,
                  f32(mean),
                  f32(variance),
                  b as tf.Tensor1D,
                  withScale ? f32(scale) : undefined,
                  EPSILON,
                ),
                weights,
              ),
            );
          return tf.grad(f)(f32(offset)).dataSync();
        });
        const perChannel = new Float64Array(C);
        w.forEach((v, j) => {
          perChannel[j % C] += v;
        });
        expect(relativeError(dOffset, perChannel), `${label} offset`).toBeLessThan(1e-4);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a second apply is a no-op and restore puts the stock engine back', async () => {
    await useBackend('cpu');
    restoreStockKernels('cpu');
    const stock = tf.engine().runKernel;
    applyKernelFixes('cpu');
    const fixed = tf.engine().runKernel;
    expect(fixed).not.toBe(stock);
    applyKernelFixes('cpu');
    expect(tf.engine().runKernel).toBe(fixed);
    restoreStockKernels('cpu');
    expect(tf.engine().runKernel).toBe(stock);
  });
});
