import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { applyKernelFixes, restoreStockKernels } from '../../src';
import {
  BACKENDS,
  finiteDifferences,
  relativeError,
  seeded,
  tfGradient,
  useBackend,
  weightedSum,
} from './fd';

// [2, 2, 2] channels-last: channel 0 of sample 0 is all zeros (a dead ReLU channel), channel 1
// of sample 1 ties at -0.5 twice.
const X = Float64Array.from([0, 0.3, 0, -0.5, 0, 0.9, 0, 0.1, 0.2, -0.5, 0.7, 0.4, 0.6, -0.5, 0.1, 0.8]);
const SHAPE = [2, 4, 2];

describe('Max and Min reductions share dy among tied elements (TensorFlow)', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 gives each tie the whole of dy on ${backend} (if this fails, TF.js changed: retire reduce-extreme-ties.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      const g = tfGradient((x) => tf.max(x, 1), X, SHAPE, new Float64Array(4).fill(1));
      expect(g[0] + g[2] + g[4] + g[6]).toBe(4);
    });

    it(`fixed on ${backend}: ties share dy; without ties the gradient equals finite differences`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      const g = tfGradient((x) => tf.max(x, 1), X, SHAPE, Float64Array.from([1, 2, 3, 4]));
      // Sample 0, channel 0: four zeros tie, each gets 1/4; channel 1: 0.9 alone gets 2.
      expect(Array.from(g.slice(0, 8))).toEqual([0.25, 0, 0.25, 0, 0.25, 2, 0.25, 0]);
      const m = tfGradient((x) => tf.min(x, 1), X, SHAPE, Float64Array.from([1, 2, 3, 4]));
      // Sample 1: channel 0 has its minimum 0.1 alone (gets 3); channel 1 has -0.5 twice, each gets 4/2.
      expect(Array.from(m.slice(8))).toEqual([0, 2, 0, 0, 0, 2, 3, 0]);
      // keepDims (ONNX ReduceMax's default, GlobalMaxPool): the same gradient.
      const kept = tfGradient((x) => tf.max(x, 1, true), X, SHAPE, Float64Array.from([1, 2, 3, 4]));
      expect(Array.from(kept)).toEqual(Array.from(g));
      // Distinct values: the convention does not matter and finite differences decide.
      const x = seeded(2 * 3 * 4 * 5, 3);
      const shape = [2, 3, 4, 5];
      for (const [axes, outSize] of [
        [[1, 2], 10],
        [[3], 24],
        [[0, 1, 2, 3], 1],
      ] as [number[], number][]) {
        const w = seeded(outSize, 4);
        for (const [name, op, f] of [
          ['max', (t: tf.Tensor) => tf.max(t, axes), Math.max],
          ['min', (t: tf.Tensor) => tf.min(t, axes), Math.min],
        ] as const) {
          const reduce64 = (v: Float64Array) => {
            const out = new Float64Array(outSize).fill(name === 'max' ? -Infinity : Infinity);
            v.forEach((value, i) => {
              const coords = [Math.floor(i / 60), Math.floor(i / 20) % 3, Math.floor(i / 5) % 4, i % 5];
              const kept = coords.filter((_, axis) => !axes.includes(axis));
              const keptShape = shape.filter((_, axis) => !axes.includes(axis));
              const o = kept.reduce((flat, c, k) => flat * keptShape[k] + c, 0);
              out[o] = f(out[o], value);
            });
            return out;
          };
          const fd = finiteDifferences((v) => weightedSum(reduce64(v), w), x, 1e-6);
          expect(relativeError(tfGradient(op, x, shape, w), fd), `${name} over ${axes}`).toBeLessThan(1e-4);
        }
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
