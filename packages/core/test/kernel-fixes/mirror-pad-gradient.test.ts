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

type Mode = 'reflect' | 'symmetric';
type Case = { shape: number[]; paddings: [number, number][]; mode: Mode };

/** Mirror padding in float64: index i of the padded axis reads source index `mirror(i - before)`. */
function mirrorPad64(x: Float64Array, c: Case): Float64Array {
  const outShape = c.shape.map((d, i) => d + c.paddings[i][0] + c.paddings[i][1]);
  const out = new Float64Array(size(outShape));
  const mirror = (j: number, n: number) => {
    if (j < 0) return c.mode === 'reflect' ? -j : -j - 1;
    if (j >= n) return c.mode === 'reflect' ? 2 * n - 2 - j : 2 * n - 1 - j;
    return j;
  };
  for (let o = 0; o < out.length; o++) {
    let rest = o;
    let source = 0;
    for (let axis = outShape.length - 1, stride = 1; axis >= 0; axis--) {
      const i = rest % outShape[axis];
      rest = Math.floor(rest / outShape[axis]);
      source += mirror(i - c.paddings[axis][0], c.shape[axis]) * stride;
      stride *= c.shape[axis];
    }
    out[o] = x[source];
  }
  return out;
}

const CASES: Case[] = [
  { shape: [3], paddings: [[1, 1]], mode: 'reflect' },
  {
    shape: [2, 4, 5],
    paddings: [
      [0, 1],
      [2, 1],
      [1, 2],
    ],
    mode: 'reflect',
  },
  {
    shape: [2, 4, 5],
    paddings: [
      [0, 1],
      [2, 1],
      [1, 2],
    ],
    mode: 'symmetric',
  },
  {
    shape: [2, 3, 3, 2],
    paddings: [
      [0, 0],
      [1, 1],
      [2, 0],
      [0, 0],
    ],
    mode: 'symmetric',
  },
];
const op = (c: Case) => (x: tf.Tensor) => tf.mirrorPad(x, c.paddings, c.mode);

function measure(c: Case, seed: number) {
  const x = seeded(size(c.shape), seed);
  const w = seeded(mirrorPad64(x, c).length, seed + 1);
  expect(relativeError(tfForward(op(c), x, c.shape), mirrorPad64(x, c))).toBeLessThan(1e-6);
  const fd = finiteDifferences((v) => weightedSum(mirrorPad64(v, c), w), x);
  return relativeError(tfGradient(op(c), x, c.shape, w), fd);
}

describe('MirrorPad gradient', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 drops the mirrored borders on ${backend} (if this fails, TF.js fixed it: retire mirror-pad-gradient.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      const ones = tfGradient(op(CASES[0]), new Float64Array(3), [3], new Float64Array(5).fill(1));
      expect(Array.from(ones)).toEqual([1, 1, 1]);
      expect(measure(CASES[1], 3)).toBeGreaterThan(0.1);
    });

    it(`fixed on ${backend}: reflect and symmetric, every axis, batch 2`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      // d/dx sum(reflect-pad([a, b, c], 1)) = d/dx (b + a + b + c + b) = [1, 3, 1].
      const ones = tfGradient(op(CASES[0]), new Float64Array(3), [3], new Float64Array(5).fill(1));
      expect(Array.from(ones)).toEqual([1, 3, 1]);
      CASES.forEach((c, i) => {
        expect(measure(c, 10 + i), JSON.stringify(c)).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
