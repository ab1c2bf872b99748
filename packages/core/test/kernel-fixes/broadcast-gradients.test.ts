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
  tfGradients,
  useBackend,
  weightedSum,
} from './fd';

/** The broadcast shape and, per output element, the flat index it reads in a and in b. */
function broadcastIndex(aShape: number[], bShape: number[]) {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (s: number[]) => [...Array(rank - s.length).fill(1), ...s];
  const [pa, pb] = [pad(aShape), pad(bShape)];
  const out = pa.map((d, i) => Math.max(d, pb[i]));
  const index = (shape: number[], coords: number[]) =>
    coords.reduce((flat, c, i) => flat * shape[i] + (shape[i] === 1 ? 0 : c), 0);
  const pairs: [number, number][] = [];
  for (let o = 0; o < size(out); o++) {
    const coords: number[] = [];
    for (let axis = rank - 1, rest = o; axis >= 0; axis--) {
      coords.unshift(rest % out[axis]);
      rest = Math.floor(rest / out[axis]);
    }
    pairs.push([index(pa, coords), index(pb, coords)]);
  }
  return pairs;
}

type Elementwise = {
  name: string;
  f: (a: number, b: number) => number;
  tf: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
};
const ELEMENTWISE: Elementwise[] = [
  { name: 'SquaredDifference', f: (a, b) => (a - b) ** 2, tf: tf.squaredDifference },
  { name: 'Minimum', f: Math.min, tf: tf.minimum },
  { name: 'Maximum', f: Math.max, tf: tf.maximum },
];
const SHAPES: [number[], number[]][] = [
  [[2, 3, 4], [4]],
  [
    [2, 1, 4],
    [3, 1],
  ],
  [[3], [2, 3]],
];

/** Batched a @ b in float64 with numpy broadcasting of the batch axes (one side broadcasts). */
function matMul64(a: Float64Array, aShape: number[], b: Float64Array, bShape: number[]): Float64Array {
  const [m, k] = aShape.slice(-2);
  const n = bShape[bShape.length - 1];
  const pairs = broadcastIndex(aShape.slice(0, -2), bShape.slice(0, -2));
  const out = new Float64Array(pairs.length * m * n);
  pairs.forEach(([ia, ib], batch) => {
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a[(ia * m + i) * k + q] * b[(ib * k + q) * n + j];
        out[(batch * m + i) * n + j] = s;
      }
  });
  return out;
}
const MATMULS: [number[], number[]][] = [
  [
    [2, 3, 4],
    [4, 5],
  ],
  [
    [5, 1, 4],
    [4, 6],
  ], // sequence-first attention
  [
    [3, 4],
    [2, 4, 5],
  ],
  [
    [2, 3, 4],
    [1, 4, 5],
  ],
];

/** FD of each input of a two-input float64 loss. */
function fd2(loss: (a: Float64Array, b: Float64Array) => number, a: Float64Array, b: Float64Array) {
  return [finiteDifferences((v) => loss(v, b), a), finiteDifferences((v) => loss(a, v), b)];
}

describe('gradients of broadcasting binary kernels are summed to the input shapes', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 throws a shape mismatch on ${backend} (if this fails, TF.js fixed it: retire broadcast-gradients.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      const w = seeded(2 * 3 * 5, 3);
      expect(() =>
        tfGradients((a, b) => tf.matMul(a, b), [seeded(24, 1), seeded(20, 2)], MATMULS[0], w),
      ).toThrow(/gradient of input 'b' has shape '2,4,5'/);
      for (const e of ELEMENTWISE) {
        expect(
          () => tfGradients(e.tf, [seeded(24, 1), seeded(4, 2)], SHAPES[0], seeded(24, 3)),
          e.name,
        ).toThrow(/does not match the shape of the input/);
      }
    });

    it(`stock ${backend} BatchMatMul forward is wrong when both operands broadcast (if this fails, TF.js fixed it: retire batch-matmul-two-sided-broadcast.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      const values = tf.tidy(() => tf.matMul(tf.ones([2, 1, 3, 4]), tf.ones([3, 4, 5])).dataSync().length);
      expect(values).toBe(45);
    });

    it(`fixed on ${backend}: matMul and elementwise ops broadcast on every axis, batch > 1`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      for (const [i, [aShape, bShape]] of MATMULS.entries()) {
        const a = seeded(size(aShape), 10 + i);
        const b = seeded(size(bShape), 20 + i);
        const w = seeded(matMul64(a, aShape, b, bShape).length, 30 + i);
        const want = fd2((x, y) => weightedSum(matMul64(x, aShape, y, bShape), w), a, b);
        const product = tf.tidy(() =>
          tf
            .matMul(tf.tensor(Float32Array.from(a), aShape), tf.tensor(Float32Array.from(b), bShape))
            .dataSync(),
        );
        expect(
          relativeError(product, matMul64(a, aShape, b, bShape)),
          `matMul ${aShape} x ${bShape}`,
        ).toBeLessThan(1e-5);
        const got = tfGradients((a, b) => tf.matMul(a, b), [a, b], [aShape, bShape], w);
        want.forEach((fd, k) => {
          expect(relativeError(got[k], fd), `matMul ${aShape} x ${bShape}, input ${k}`).toBeLessThan(1e-4);
        });
      }
      for (const e of ELEMENTWISE) {
        for (const [i, [aShape, bShape]] of SHAPES.entries()) {
          const pairs = broadcastIndex(aShape, bShape);
          // Spread apart so that no central difference crosses a tie of min or max.
          const a = seeded(size(aShape), 40 + i).map((v, j) => v + j * 0.37);
          const b = seeded(size(bShape), 50 + i).map((v, j) => v * 3 + j * 0.11 + 0.05);
          const w = seeded(pairs.length, 60 + i);
          const f = (x: Float64Array, y: Float64Array) =>
            weightedSum(
              pairs.map(([ia, ib]) => e.f(x[ia], y[ib])),
              w,
            );
          const want = fd2(f, a, b);
          const got = tfGradients(e.tf, [a, b], [aShape, bShape], w);
          want.forEach((fd, k) => {
            expect(relativeError(got[k], fd), `${e.name} ${aShape} and ${bShape}, input ${k}`).toBeLessThan(
              1e-4,
            );
          });
        }
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
