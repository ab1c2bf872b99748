import { classTarget, explain, methodNames } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter, listGraphNodes } from '../src/graph';
import { reshapeNet, residualNet } from './helpers/graph-test-nets';

describe('GraphModel adapter: tensors are released', () => {
  const net = residualNet(2);
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const targets = [classTarget(0), classTarget(3)];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    // First calls register kernels and cache constants; count from a warm engine.
    await explain(graphModelAdapter(net.model, { node: 'conv2' }), x, targets, { guided: true });
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  it('building adapters and listing nodes', () => {
    const before = tf.memory().numTensors;
    graphModelAdapter(net.model, { node: ['conv1', 'dw'] });
    listGraphNodes(net.model);
    // A model seen for the first time is run once to measure its tensors.
    const fresh = residualNet(4);
    const withFresh = tf.memory().numTensors;
    graphModelAdapter(fresh.model);
    expect(tf.memory().numTensors).toBe(withFresh);
    fresh.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const method of methodNames()) {
    it(`explain() with ${method}, across a skip connection, in several passes`, async () => {
      const before = tf.memory().numTensors;
      await explain(graphModelAdapter(net.model, { node: 'conv2' }), x, targets, {
        method,
        keepRaw: true,
        maxRowsPerPass: 3,
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('guided backpropagation, several nodes, counterfactuals', async () => {
    const before = tf.memory().numTensors;
    await explain(graphModelAdapter(net.model), x, targets, { guided: true });
    await explain(graphModelAdapter(net.model, { node: ['dw', 'act3'] }), x, targets, {
      counterfactual: true,
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a head that recomputes from the input, which the body hands over as context', async () => {
    const reshaping = reshapeNet(3);
    const input = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const adapter = graphModelAdapter(reshaping.model, { node: 'c2' });
    await explain(adapter, input, targets);
    const before = tf.memory().numTensors;
    await explain(adapter, input, targets, { maxRowsPerPass: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(input.isDisposed).toBe(false);
    input.dispose();
    reshaping.dispose();
  });

  it('after an error', async () => {
    const before = tf.memory().numTensors;
    await expect(explain(graphModelAdapter(net.model), x, classTarget(99))).rejects.toThrow(/out of range/);
    expect(() => graphModelAdapter(net.model, { node: 'mean' })).toThrow(/NHWC/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
