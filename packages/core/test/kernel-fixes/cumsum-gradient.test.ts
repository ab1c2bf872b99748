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

type Case = { shape: number[]; axis: number; exclusive: boolean; reverse: boolean };

/** Cumulative sum along `axis` in float64. */
function cumsum64(x: Float64Array, c: Case): Float64Array {
  const n = c.shape[c.axis];
  const inner = size(c.shape.slice(c.axis + 1));
  const outer = size(c.shape.slice(0, c.axis));
  const out = new Float64Array(x.length);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let running = 0;
      for (let s = 0; s < n; s++) {
        const k = c.reverse ? n - 1 - s : s;
        const at = (o * n + k) * inner + i;
        if (c.exclusive) {
          out[at] = running;
          running += x[at];
        } else {
          running += x[at];
          out[at] = running;
        }
      }
    }
  return out;
}

const CASES: Case[] = [
  { shape: [3, 2], axis: 0, exclusive: false, reverse: false },
  { shape: [2, 4, 3], axis: 1, exclusive: true, reverse: false },
  { shape: [2, 4, 3], axis: 0, exclusive: false, reverse: true },
  { shape: [2, 5], axis: 1, exclusive: true, reverse: true },
];
const op = (c: Case) => (x: tf.Tensor) => tf.cumsum(x, c.axis, c.exclusive, c.reverse);

function error(c: Case, seed: number): number {
  const x = seeded(size(c.shape), seed);
  const w = seeded(x.length, seed + 1);
  const fd = finiteDifferences((v) => weightedSum(cumsum64(v, c), w), x);
  return relativeError(tfGradient(op(c), x, c.shape, w), fd);
}

describe('Cumsum gradient', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 cannot differentiate a cumsum along an inner axis on ${backend} (if this fails, TF.js fixed it: retire cumsum-gradient.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      expect(() => error(CASES[0], 1)).toThrow(/has shape '2,3'/);
      expect(error(CASES[3], 2)).toBeLessThan(1e-5);
    });

    it(`fixed on ${backend}: every axis, exclusive and reverse`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        expect(error(c, 10 + i), JSON.stringify(c)).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
