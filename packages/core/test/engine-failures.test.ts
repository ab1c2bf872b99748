import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain, GradcamError } from '../src';
import { tinyConvNet } from './helpers/tiny-convnet';

type Model = ExplainableModel<tf.Tensor4D, { skip: tf.Tensor4D }, tf.Tensor2D>;

/** Identity forward; its backward runs a kernel no backend has, as a missing WASM kernel does. */
const missingKernelGradient = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return {
    value: tf.mul(x, 1),
    gradFunc: (dy: tf.Tensor) => tf.engine().runKernel('NoSuchKernelForTest', { x: dy }, {}) as tf.Tensor,
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

describe('a failing explanation leaves no tensor behind and names what failed', () => {
  const net = tinyConvNet(4);
  const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  let calls = 0;
  // Gradient methods validate the targets on the outputs of their first taped head call; other
  // methods validate in a head call of its own, then score the forward pass and the perturbations.
  const failingHead = (fail: (out: tf.Tensor2D) => tf.Tensor2D, after: number): Model => ({
    ...net,
    head: (a, ctx) => {
      const out = net.head(a, ctx);
      return calls++ < after ? out : fail(out);
    },
  });
  const throwsMidway = (after: number) =>
    failingHead((out) => {
      tf.relu(out).mul(2);
      throw new Error('head failed half-way');
    }, after);
  const gradientFails = failingHead((out) => missingKernelGradient(out) as tf.Tensor2D, 0);

  beforeAll(async () => {
    await tf.setBackend('cpu');
    await explain(net, x, classTarget(0));
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  for (const method of ['gradcam', 'hirescam', 'scorecam']) {
    it(`${method}: a head that throws half-way through the forward pass`, async () => {
      calls = 0;
      const before = tf.memory().numTensors;
      await expect(
        explain(throwsMidway(method === 'scorecam' ? 1 : 0), x, [classTarget(0), classTarget(1)], { method }),
      ).rejects.toThrow(/head failed half-way/);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  for (const method of ['scorecam', 'ablationcam']) {
    it(`${method}: a head that throws on a later perturbation batch of the second sample`, async () => {
      // validate, forward scores, 3 batches of 3 channels for sample 0, one for sample 1.
      const late = failingHead((out) => {
        tf.relu(out);
        throw new Error('head failed on a perturbation');
      }, 6);
      calls = 0;
      const before = tf.memory().numTensors;
      await expect(explain(late, x, classTarget(0), { method, batchSize: 3 })).rejects.toThrow(
        /head failed on a perturbation/,
      );
      expect(calls).toBe(7);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a gradient that needs a kernel the backend lacks: a GradcamError naming kernel, backend, layer and a way out', async () => {
    calls = 0;
    const before = tf.memory().numTensors;
    const error = await explain(gradientFails, x, classTarget(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GradcamError);
    const message = (error as Error).message;
    expect(message).toMatch(/'NoSuchKernelForTest'/);
    expect(message).toMatch(/backend 'cpu'/);
    expect(message).toMatch(/layer 'block2'/);
    expect(message).toMatch(/another backend/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('guided backpropagation through a gradient that fails: named, and nothing left behind', async () => {
    const guidedFails: Model = {
      ...net,
      guidedGradients: (input, score) =>
        tf.tidy(
          () =>
            tf.grad((v: tf.Tensor) => score(missingKernelGradient(net.head(...bodyOf(v))) as tf.Tensor2D))(
              input,
            ) as tf.Tensor4D,
        ),
    };
    function bodyOf(v: tf.Tensor): [tf.Tensor4D, { skip: tf.Tensor4D }] {
      const { activations, context } = net.body(v as tf.Tensor4D);
      return [activations, context];
    }
    const before = tf.memory().numTensors;
    const error = await explain(guidedFails, x, classTarget(1), { guided: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GradcamError);
    expect((error as Error).message).toMatch(/guided.*'NoSuchKernelForTest'.*backend 'cpu'/s);
    expect(tf.memory().numTensors).toBe(before);
  });
});
