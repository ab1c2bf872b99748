import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { applyKernelFixes, restoreStockKernels } from '../../src';
import { firstMaxPoolGradient } from '../../src/backend/kernel-fixes/max-pool-first-max-ops';
import {
  BACKENDS,
  finiteDifferences,
  relativeError,
  seeded,
  size,
  tfForward,
  tfGradient,
  useBackend,
  weightedSum,
} from './fd';
import { maxPool64, maxPoolGradFirstMax64, type PoolCase, poolInfo } from './reference-pool';

const CASES: PoolCase[] = [
  { shape: [1, 4, 4, 1], filter: 3, stride: 1, pad: 'same' },
  { shape: [2, 5, 5, 3], filter: 3, stride: 2, pad: 'same' },
  { shape: [2, 6, 7, 2], filter: 2, stride: 2, pad: 'valid' },
  { shape: [2, 5, 5, 3], filter: 3, stride: 2, pad: 1 },
  { shape: [2, 6, 5, 2], filter: 2, stride: 1, pad: 'same' },
  { shape: [1, 7, 7, 4], filter: 3, stride: 3, pad: 'valid' },
];

const pool = (c: PoolCase) => (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, c.filter, c.stride, c.pad);

function weightsFor(c: PoolCase, seed: number): Float64Array {
  const info = poolInfo(c);
  return seeded(c.shape[0] * info.outHeight * info.outWidth * c.shape[3], seed);
}

/** Distinct values, all negative (windows whose maximum is < 0): finite differences decide. */
function negativeCase(c: PoolCase, seed: number) {
  const x = seeded(size(c.shape), seed).map((v) => v - 1.5);
  const w = weightsFor(c, seed + 1);
  expect(relativeError(tfForward(pool(c), x, c.shape), maxPool64(c, x))).toBeLessThan(1e-6);
  const fd = finiteDifferences((v) => weightedSum(maxPool64(c, v), w), x, 1e-6);
  return { ours: tfGradient(pool(c), x, c.shape, w), fd };
}

/**
 * Ties (all zeros after a ReLU, or repeated values): not differentiable, so the reference is
 * TensorFlow's rule, the first maximum in row-major order.
 */
function tieCase(c: PoolCase, seed: number, x: Float64Array) {
  const w = weightsFor(c, seed);
  return { ours: tfGradient(pool(c), x, c.shape, w), want: maxPoolGradFirstMax64(c, x, w) };
}

const zerosAfterRelu = (c: PoolCase) => new Float64Array(size(c.shape));
// Values from {-1, -0.5}: every window has ties at a negative maximum.
const negativeTies = (c: PoolCase) => seeded(size(c.shape), 5).map((v) => (v < 0 ? -1 : -0.5));

describe('MaxPool gradient on WASM routes to the first maximum', () => {
  it('stock WASM 4.22 sends the gradient of a window whose maximum is <= 0 to the wrong cell (if this fails, TF.js fixed it: retire wasm-max-pool-grad.ts)', async () => {
    await useBackend('wasm');
    restoreStockKernels('wasm');
    const negative = negativeCase(CASES[1], 3);
    expect(relativeError(negative.ours, negative.fd)).toBeGreaterThan(0.5);
    const zeros = tieCase(CASES[0], 4, zerosAfterRelu(CASES[0]));
    expect(relativeError(zeros.ours, zeros.want)).toBeGreaterThan(0.5);
  });

  // The CPU kernel is stock on purpose: it is the convention the WASM fix follows.
  for (const backend of BACKENDS) {
    it(`${backend === 'wasm' ? 'fixed' : 'stock'} on ${backend}: negative windows, ties, zeros, 'same' borders, strides, batch 2`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        const label = JSON.stringify(c);
        const negative = negativeCase(c, 20 + i);
        expect(relativeError(negative.ours, negative.fd), `${label} negative`).toBeLessThan(1e-4);
        const positive = seeded(size(c.shape), 40 + i);
        const w = weightsFor(c, 41 + i);
        const fd = finiteDifferences((v) => weightedSum(maxPool64(c, v), w), positive, 1e-6);
        expect(relativeError(tfGradient(pool(c), positive, c.shape, w), fd), `${label} mixed`).toBeLessThan(
          1e-4,
        );
        for (const [name, x] of [
          ['zeros', zerosAfterRelu(c)],
          ['negative ties', negativeTies(c)],
        ] as const) {
          const { ours, want } = tieCase(c, 60 + i, x);
          expect(relativeError(ours, want), `${label} ${name}`).toBeLessThan(1e-6);
        }
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

// WebGL runs in the browser suite; here the op-built gradient it uses is checked on CPU and WASM.
describe('the MaxPool gradient built from ops (what WebGL uses) routes to the first maximum', () => {
  for (const backend of BACKENDS) {
    it(`on ${backend}: ties, zeros, negative windows, 'same' borders, strides, batch 2`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        const info = poolInfo(c);
        const dyShape = [c.shape[0], info.outHeight, info.outWidth, c.shape[3]];
        for (const [name, x] of [
          ['zeros', zerosAfterRelu(c)],
          ['negative ties', negativeTies(c)],
          ['distinct negative', seeded(size(c.shape), 70 + i).map((v) => v - 1.5)],
          ['mixed', seeded(size(c.shape), 80 + i)],
        ] as const) {
          const dy = weightsFor(c, 90 + i);
          const got = tf.tidy(() => {
            const xs = tf.tensor4d(Float32Array.from(x), c.shape);
            const y = tf.maxPool(xs, c.filter, c.stride, c.pad);
            const dys = tf.tensor4d(Float32Array.from(dy), dyShape as [number, number, number, number]);
            const attrs = { filterSize: c.filter, strides: c.stride, pad: c.pad } as tf.MaxPoolAttrs;
            return firstMaxPoolGradient(dys, xs, y, attrs).dataSync();
          });
          expect(
            relativeError(got, maxPoolGradFirstMax64(c, x, dy)),
            `${JSON.stringify(c)} ${name}`,
          ).toBeLessThan(1e-6);
        }
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
