import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain, GradcamError, REFUSED_CASES } from '../../src';
import { finiteDifferences, relativeError, seeded, size, tfGradient, useBackend, weightedSum } from './fd';

type Model = ExplainableModel<tf.Tensor4D, Record<string, never>, tf.Tensor2D>;

/** The activations are the input; the head is `head` followed by a sum per sample (one class). */
function modelWithHead(head: (a: tf.Tensor4D) => tf.Tensor): Model {
  return {
    layer: 'cut',
    body: (x) => ({ activations: tf.clone(x), context: {} }),
    head: (a) =>
      tf.tidy(() => {
        const out = head(a);
        return tf.reshape(tf.sum(tf.reshape(out, [a.shape[0], -1]), 1), [a.shape[0], 1]) as tf.Tensor2D;
      }),
  };
}

const as5d = (a: tf.Tensor4D) =>
  tf.reshape(a, [a.shape[0], 2, a.shape[1], a.shape[2], a.shape[3] / 2]) as tf.Tensor5D;
const maxPool3dSame = modelWithHead((a) => tf.maxPool3d(as5d(a), 3, 1, 'same'));
const einsum = modelWithHead((a) => tf.einsum('bhwc,bhwc->bc', a, a));

async function refusal(model: Model, x: tf.Tensor4D): Promise<string | undefined> {
  await explain(
    modelWithHead((a) => a),
    x,
    classTarget(0),
  );
  const before = tf.memory().numTensors;
  const error = await explain(model, x, classTarget(0)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  if (error === undefined) return undefined;
  expect(error).toBeInstanceOf(GradcamError);
  return (error as Error).message;
}

describe('known-wrong gradients are refused with the kernel, the layer and the backend named', () => {
  // Made per backend: a tensor lives on the backend that was active when it was made.
  const input = () => tf.tensor4d(Float32Array.from(seeded(2 * 4 * 4 * 4, 1)), [2, 4, 4, 4]);

  it('lists what it refuses', () => {
    expect(REFUSED_CASES.map((c) => c.kernel)).toEqual(['MaxPool3D']);
  });

  it('MaxPool3D: refused on WASM, explained on CPU where its gradient is right', async () => {
    await useBackend('wasm');
    const message = await refusal(maxPool3dSame, input());
    expect(message).toMatch(/backward pass at layer 'cut' was refused/);
    expect(message).toMatch(/'MaxPool3D' on backend 'wasm'/);
    await useBackend('cpu');
    expect(await refusal(maxPool3dSame, input())).toBeUndefined();
  });

  it('AvgPool3D is corrected, not refused, and a valid one has the right gradient', async () => {
    await useBackend('wasm');
    const same = modelWithHead((a) => tf.avgPool3d(as5d(a), 3, 1, 'same'));
    expect(await refusal(same, input())).toBeUndefined();
    // A 'valid' 2x2x2 pool of a 3x3x3 input by hand: every cell of a window weighs 1/8.
    const shape = [1, 3, 3, 3, 1];
    const v = seeded(size(shape), 2);
    const w = seeded(8, 3);
    const pool64 = (u: Float64Array) => {
      const out = new Float64Array(8);
      for (let o = 0; o < 8; o++) {
        const [d, h, wd] = [o >> 2, (o >> 1) & 1, o & 1];
        for (let k = 0; k < 8; k++)
          out[o] += u[((d + (k >> 2)) * 3 + h + ((k >> 1) & 1)) * 3 + wd + (k & 1)] / 8;
      }
      return out;
    };
    const fd = finiteDifferences((u) => weightedSum(pool64(u), w), v);
    const op = (t: tf.Tensor) => tf.avgPool3d(t as tf.Tensor5D, 2, 1, 'valid');
    expect(relativeError(tfGradient(op, v, shape, w), fd)).toBeLessThan(1e-5);
  });

  it('a kernel TF.js has no gradient for (Einsum) is named with the layer and backend', async () => {
    await useBackend('cpu');
    const message = await refusal(einsum, input());
    expect(message).toMatch(/layer 'cut' goes through TF.js kernel 'Einsum', which has no gradient/);
    expect(message).toMatch(/backend 'cpu'/);
  });
});
