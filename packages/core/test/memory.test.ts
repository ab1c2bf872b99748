import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, explain, methodNames } from '../src';
import { tinyConvNet } from './helpers/tiny-convnet';

describe('tensors are released after explain()', () => {
  const net = tinyConvNet(2);
  const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    // First calls register kernels and cache constants; count from a warm engine.
    await explain(net, x, classTarget(0));
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  for (const method of methodNames()) {
    it(`${method}`, async () => {
      const before = tf.memory().numTensors;
      await explain(net, x, [classTarget(0), classTarget(3)], { method, keepRaw: true, maxRowsPerPass: 3 });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('guided backpropagation and Guided Grad-CAM', async () => {
    const before = tf.memory().numTensors;
    await explain(net, x, classTarget(1), { guided: true });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('after an error', async () => {
    const before = tf.memory().numTensors;
    await expect(explain(net, x, classTarget(99))).rejects.toThrow(/out of range/);
    await expect(
      explain(net, x, classTarget(0), { method: 'eigencam', counterfactual: true }),
    ).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});
