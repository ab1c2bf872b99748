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
import { type ConvCase, conv64 } from './reference-conv';

type Case = ConvCase & { bias: boolean };
const CASES: Case[] = [
  { x: [2, 6, 6, 2], k: 3, out: 3, dilation: 2, pad: 'same', depthwise: false, bias: false },
  { x: [1, 9, 8, 3], k: 3, out: 2, dilation: 3, pad: 'valid', depthwise: false, bias: true },
  { x: [2, 5, 5, 2], k: 3, out: 2, dilation: 1, pad: 'same', depthwise: false, bias: true },
  { x: [2, 7, 7, 3], k: 3, out: 2, dilation: 2, pad: 'same', depthwise: true, bias: true },
  { x: [1, 8, 9, 2], k: 2, out: 1, dilation: 3, pad: 'valid', depthwise: true, bias: false },
];

// What a tfjs-layers Conv2D runs, tf.fused.conv2d, and a GraphModel's fused depthwise node;
// linear, since under a tape these ops fuse only linear activations.
const op = (c: Case) => (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) => {
  const args = {
    x: x as tf.Tensor4D,
    filter: w as tf.Tensor4D,
    strides: 1,
    pad: c.pad,
    dilations: c.dilation,
    bias: b,
  };
  return c.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
};

function errors(c: Case, seed: number): number[] {
  const fShape = [c.k, c.k, c.x[3], c.out];
  const x = seeded(size(c.x), seed);
  const w = seeded(size(fShape), seed + 1);
  const channels = c.depthwise ? c.x[3] * c.out : c.out;
  const b = seeded(channels, seed + 2);
  const withBias = (y: Float64Array, bias: Float64Array) =>
    c.bias ? y.map((v, i) => v + bias[i % channels]) : y;
  const weights = seeded(conv64(c, x, w).length, seed + 3);
  const inputs = c.bias ? [x, w, b] : [x, w];
  const got = tfGradients(op(c), inputs, c.bias ? [c.x, fShape, [channels]] : [c.x, fShape], weights);
  const fd = [
    finiteDifferences((v) => weightedSum(withBias(conv64(c, v, w), b), weights), x),
    finiteDifferences((v) => weightedSum(withBias(conv64(c, x, v), b), weights), w),
    finiteDifferences((v) => weightedSum(withBias(conv64(c, x, w), v), weights), b),
  ];
  return got.map((g, i) => relativeError(g, fd[i]));
}

describe('tf.fused.conv2d and tf.fused.depthwiseConv2d gradients with dilation > 1', () => {
  for (const backend of BACKENDS) {
    it(`stock TF.js 4.22 refuses it on ${backend} (if this fails, TF.js supports it: retire fused-conv2d-gradient.ts)`, async () => {
      await useBackend(backend);
      restoreStockKernels(backend);
      expect(() => errors(CASES[0], 1)).toThrow(
        /dilation rates greater than 1 are not yet supported in gradients/,
      );
    });

    it(`fixed on ${backend}: input, filter and bias gradients equal float64 finite differences`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        errors(c, 10 + i).forEach((e, k) => {
          expect(e, `${JSON.stringify(c)} ${['input', 'filter', 'bias'][k]}`).toBeLessThan(1e-4);
        });
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
