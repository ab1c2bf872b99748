import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain, GradcamError, localize, wordTarget } from '../src';
import { tinyConvNet } from './helpers/tiny-convnet';

describe('bad input gets a clear error', () => {
  const net = tinyConvNet(4);
  const x = tf.randomNormal([1, 16, 16, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  it('a target out of range names the valid range', async () => {
    await expect(explain(net, x, classTarget(5))).rejects.toThrow(
      'class 5 is out of range: the model has 5 (valid: 0..4)',
    );
    await expect(explain(net, x, wordTarget(0))).rejects.toThrow(
      /reads the head output 'tokenLogProbs', but the head returns a single tensor/,
    );
    expect(() => classTarget(-1)).toThrow(/non-negative integer/);
  });

  it('an empty target list, or something that is not a target', async () => {
    await expect(explain(net, x, [])).rejects.toThrow(/no targets to explain/);
    await expect(explain(net, x, [{} as never])).rejects.toThrow(/target 0 is not a target/);
  });

  it('an unknown method lists the available ones', async () => {
    await expect(explain(net, x, classTarget(0), { method: 'gradcam3' })).rejects.toThrow(
      /unknown CAM method 'gradcam3'; available: gradcam, gradcampp, xgradcam/,
    );
  });

  it('method names are forgiving about spelling', async () => {
    const r = await explain(net, x, classTarget(0), { method: 'Grad-CAM++' });
    expect(r.method).toBe('gradcampp');
  });

  it('NaN or Inf in the input', async () => {
    const bad = tf.tidy(() =>
      x.add(tf.scalar(Number.NaN).mul(tf.oneHot([3], 16 * 16 * 3).reshape([1, 16, 16, 3]))),
    );
    await expect(explain(net, bad, classTarget(0))).rejects.toThrow(/the input contains NaN or Inf/);
    bad.dispose();
  });

  it('activations of the wrong rank say what is expected', async () => {
    const flat: ExplainableModel<tf.Tensor4D> = {
      layer: 'dense_1',
      body: (input) => ({ activations: input.reshape([1, -1]) as unknown as tf.Tensor4D, context: {} }),
      head: (a) => a,
    };
    await expect(explain(flat, x, classTarget(0))).rejects.toThrow(
      "activations of layer 'dense_1' must be NHWC [batch, h, w, channels], got [1, 768]",
    );
  });

  it('bad options', async () => {
    await expect(explain(net, x, classTarget(0), { outputSize: [0, 3] })).rejects.toThrow(/outputSize/);
    await expect(explain(net, x, classTarget(0), { maxRowsPerPass: 0 })).rejects.toThrow(/maxRowsPerPass/);
    await expect(explain(net, x, classTarget(0), { memoryBudgetMB: -1 })).rejects.toThrow(/memoryBudgetMB/);
    await expect(
      explain(net, x, classTarget(0), { method: 'scorecam', counterfactual: true }),
    ).rejects.toThrow(/choose a gradient method/);
  });

  it('guided backpropagation where the adapter cannot do it', async () => {
    const { guidedGradients: _, ...plain } = net;
    await expect(explain(plain, x, classTarget(0), { guided: true })).rejects.toThrow(
      /guided backpropagation is not available/,
    );
  });

  it('errors are GradcamErrors', async () => {
    await expect(explain(net, x, [])).rejects.toBeInstanceOf(GradcamError);
    expect(() => localize({ data: new Float32Array(3), width: 2, height: 2 })).toThrow(/expected 2x2/);
  });
});
