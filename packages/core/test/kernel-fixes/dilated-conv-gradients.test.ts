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
import { type ConvCase as Case, conv64 } from './reference-conv';

const CASES: Case[] = [
  { x: [2, 6, 6, 2], k: 3, out: 3, dilation: 2, pad: 'same', depthwise: false },
  { x: [1, 9, 8, 3], k: 3, out: 2, dilation: 3, pad: 'valid', depthwise: false },
  { x: [2, 7, 7, 3], k: 3, out: 2, dilation: 2, pad: 'same', depthwise: true },
  { x: [1, 8, 9, 2], k: 2, out: 1, dilation: 3, pad: 'valid', depthwise: true },
];
const op = (c: Case) => (x: tf.Tensor, w: tf.Tensor) =>
  c.depthwise
    ? tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad, 'NHWC', c.dilation)
    : tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad, 'NHWC', c.dilation);

function errors(c: Case, seed: number): number[] {
  const fShape = [c.k, c.k, c.x[3], c.out];
  const x = seeded(size(c.x), seed);
  const w = seeded(size(fShape), seed + 1);
  const weights = seeded(conv64(c, x, w).length, seed + 2);
  const got = tfGradients(op(c), [x, w], [c.x, fShape], weights);
  const fdX = finiteDifferences((v) => weightedSum(conv64(c, v, w), weights), x);
  const fdW = finiteDifferences((v) => weightedSum(conv64(c, x, v), weights), w);
  return [relativeError(got[0], fdX), relativeError(got[1], fdW)];
}

describe('Conv2D and DepthwiseConv2dNative gradients with dilation > 1', () => {
  it('stock TF.js 4.22 refuses them (if this fails, TF.js supports them: retire dilated-conv-gradients.ts)', async () => {
    await useBackend('cpu');
    restoreStockKernels('cpu');
    expect(() => errors(CASES[0], 1)).toThrow(/dilation rates greater than 1 are not yet supported/);
    expect(() => errors(CASES[2], 1)).toThrow(/dilation rates greater than 1 are not yet supported/);
  });

  for (const backend of BACKENDS) {
    it(`fixed on ${backend}: input and filter gradients equal float64 finite differences`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        const [dx, dw] = errors(c, 10 + i);
        expect(dx, `${JSON.stringify(c)} input`).toBeLessThan(1e-4);
        expect(dw, `${JSON.stringify(c)} filter`).toBeLessThan(1e-4);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
