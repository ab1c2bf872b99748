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
  tfForward,
  tfGradient,
  useBackend,
  weightedSum,
} from './fd';
import { avgPool64, type PoolCase, poolInfo } from './reference-pool';

const CASES: PoolCase[] = [
  { shape: [1, 4, 4, 1], filter: 3, stride: 1, pad: 'same' },
  { shape: [2, 5, 5, 3], filter: 3, stride: 2, pad: 'same' },
  { shape: [2, 6, 7, 2], filter: 3, stride: 2, pad: 'same' },
  { shape: [2, 5, 5, 3], filter: 3, stride: 2, pad: 1 },
  { shape: [2, 6, 5, 2], filter: 2, stride: 1, pad: 'same' },
  { shape: [2, 5, 5, 3], filter: 2, stride: 2, pad: 'valid' },
  { shape: [1, 7, 7, 4], filter: 5, stride: 1, pad: 2 },
];

const pool = (c: PoolCase) => (x: tf.Tensor) => tf.avgPool(x as tf.Tensor4D, c.filter, c.stride, c.pad);

/** The TF.js gradient and float64 finite differences of sum(w * avgPool(x)). */
function measure(c: PoolCase, seed: number) {
  const info = poolInfo(c);
  const x = seeded(size(c.shape), seed);
  const w = seeded(c.shape[0] * info.outHeight * info.outWidth * c.shape[3], seed + 1);
  // The reference must be the function TF.js computes forward, or the comparison means nothing.
  expect(relativeError(tfForward(pool(c), x, c.shape), avgPool64(c, x))).toBeLessThan(1e-5);
  const fd = finiteDifferences((v) => weightedSum(avgPool64(c, v), w), x);
  return { ours: tfGradient(pool(c), x, c.shape, w), fd };
}

describe('AvgPool gradient over padded windows', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 is wrong on ${backend} where windows overlap padding (if this fails, TF.js fixed it: retire avg-pool-gradient.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      const corner = measure(CASES[0], 3);
      // dL/dx at the corner of a 4x4 'same' 3x3 pool with unit weights: 1/4 + 2/6 + 1/9 = 0.694.
      const unit = tfGradient(
        pool(CASES[0]),
        new Float64Array(16),
        [1, 4, 4, 1],
        new Float64Array(16).fill(1),
      );
      expect(unit[0]).toBeCloseTo(4 / 9, 5);
      expect(relativeError(corner.ours, corner.fd)).toBeGreaterThan(0.05);
      const valid = measure(CASES[5], 4);
      expect(relativeError(valid.ours, valid.fd)).toBeLessThan(1e-4);
    });

    it(`fixed: agrees with finite differences on ${backend} for every padding, stride and window`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      const unit = tfGradient(
        pool(CASES[0]),
        new Float64Array(16),
        [1, 4, 4, 1],
        new Float64Array(16).fill(1),
      );
      expect(unit[0]).toBeCloseTo(1 / 4 + 2 / 6 + 1 / 9, 5);
      CASES.forEach((c, i) => {
        const { ours, fd } = measure(c, 10 + i);
        expect(relativeError(ours, fd), JSON.stringify(c)).toBeLessThan(1e-4);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

type Pool3DCase = {
  shape: [number, number, number, number, number];
  filter: number;
  stride: number;
  pad: 'same' | 'valid';
};

/** A 3-D average pool in float64 over the cells of each window inside the input (NDHWC). */
function avgPool3d64(c: Pool3DCase, x: Float64Array): Float64Array {
  const info = tf.backend_util.computePool3DInfo(c.shape, c.filter, c.stride, 1, c.pad);
  const [n, d, h, w, ch] = c.shape;
  const out = new Float64Array(n * info.outDepth * info.outHeight * info.outWidth * ch);
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let od = 0; od < info.outDepth; od++)
      for (let oh = 0; oh < info.outHeight; oh++)
        for (let ow = 0; ow < info.outWidth; ow++)
          for (let k = 0; k < ch; k++) {
            let sum = 0;
            let cells = 0;
            for (let fd = 0; fd < c.filter; fd++)
              for (let fh = 0; fh < c.filter; fh++)
                for (let fw = 0; fw < c.filter; fw++) {
                  const [z, r, col] = [
                    od * c.stride + fd - info.padInfo.front,
                    oh * c.stride + fh - info.padInfo.top,
                    ow * c.stride + fw - info.padInfo.left,
                  ];
                  if (z < 0 || z >= d || r < 0 || r >= h || col < 0 || col >= w) continue;
                  sum += x[(((b * d + z) * h + r) * w + col) * ch + k];
                  cells++;
                }
            out[o++] = sum / cells;
          }
  return out;
}

const CASES_3D: Pool3DCase[] = [
  { shape: [1, 3, 4, 4, 2], filter: 3, stride: 1, pad: 'same' },
  { shape: [2, 4, 5, 3, 1], filter: 3, stride: 2, pad: 'same' },
  { shape: [2, 4, 4, 4, 2], filter: 2, stride: 2, pad: 'valid' },
];

function measure3d(c: Pool3DCase, seed: number) {
  const op = (t: tf.Tensor) => tf.avgPool3d(t as tf.Tensor5D, c.filter, c.stride, c.pad);
  const x = seeded(size(c.shape), seed);
  const w = seeded(avgPool3d64(c, x).length, seed + 1);
  expect(relativeError(tfForward(op, x, c.shape), avgPool3d64(c, x))).toBeLessThan(1e-5);
  const fd = finiteDifferences((v) => weightedSum(avgPool3d64(c, v), w), x);
  return relativeError(tfGradient(op, x, c.shape, w), fd);
}

describe('AvgPool3D gradient over padded windows', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 is wrong on ${backend} with 'same' padding (if this fails, TF.js fixed it: retire the 3-D part of avg-pool-gradient.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      expect(measure3d(CASES_3D[0], 1)).toBeGreaterThan(0.05);
      expect(measure3d(CASES_3D[2], 2)).toBeLessThan(1e-4);
    });

    it(`fixed on ${backend}: 'same' and 'valid', strides, batch 2`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES_3D.forEach((c, i) => {
        expect(measure3d(c, 10 + i), JSON.stringify(c)).toBeLessThan(1e-4);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
