import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, explain } from '../src';
import { tinyConvNet } from './helpers/tiny-convnet';

/**
 * The engine's gradients, read through Grad-CAM weights (spatial means of dy/dA) and HiResCAM
 * maps (sum_k dy/dA * A per pixel), against central finite differences of the full model with a
 * perturbation added at the cut.
 */
describe('gradients at the cut equal central finite differences', () => {
  const net = tinyConvNet(7);
  const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
  const EPS = 1e-2;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  const logit = (delta: tf.Tensor4D, sample: number, cls: number) =>
    tf.tidy(() => net.logitsWithDelta(x, delta).arraySync()[sample][cls]);

  it('Grad-CAM weights: d y / d A^k summed over space, per channel, per sample and class', async () => {
    const { activations } = net.body(x);
    const [batch, h, w, c] = activations.shape;
    activations.dispose();
    for (const cls of [0, 3]) {
      const result = await explain(net, x, classTarget(cls), { keepRaw: true });
      for (let sample = 0; sample < batch; sample++) {
        const weights = result.maps.find((m) => m.sample === sample)!.weights!;
        const fd: number[] = [];
        const ours: number[] = [];
        for (let k = 0; k < c; k++) {
          const direction = tf.tidy(() =>
            tf
              .oneHot(tf.fill([batch, h, w], k, 'int32') as tf.Tensor3D, c)
              .mul(tf.oneHot([sample], batch).reshape([batch, 1, 1, 1])),
          ) as tf.Tensor4D;
          const plus = logit(direction.mul(EPS), sample, cls);
          const minus = logit(direction.mul(-EPS), sample, cls);
          direction.dispose();
          const fdSum = (plus - minus) / (2 * EPS);
          fd.push(fdSum);
          ours.push(weights[k] * h * w);
        }
        expectClose(ours, fd);
      }
    }
  });

  it('HiResCAM maps: sum_k dy/dA_ijk * A_ijk at every pixel', async () => {
    const { activations } = net.body(x);
    const [batch, h, w] = activations.shape;
    const result = await explain(net, x, classTarget(2), { method: 'hirescam', keepRaw: true });
    const fd: number[] = [];
    const ours: number[] = [];
    for (let sample = 0; sample < batch; sample++) {
      const raw = result.maps.find((m) => m.sample === sample)!.raw!;
      for (const [i, j] of [
        [0, 0],
        [3, 5],
        [7, 7],
        [4, 1],
      ]) {
        const direction = tf.tidy(() => {
          const pixel = tf.buffer([batch, h, w, 1]);
          pixel.set(1, sample, i, j, 0);
          return activations.mul(pixel.toTensor());
        }) as tf.Tensor4D;
        const plus = logit(direction.mul(EPS), sample, 2);
        const minus = logit(direction.mul(-EPS), sample, 2);
        direction.dispose();
        fd.push((plus - minus) / (2 * EPS));
        ours.push(raw.data[i * w + j]);
      }
    }
    expectClose(ours, fd);
    activations.dispose();
  });
});

/** Within 0.2% of the largest magnitude: float32 central differences are good to about 1e-4. */
function expectClose(ours: number[], fd: number[]) {
  const scale = Math.max(...fd.map(Math.abs));
  expect(scale).toBeGreaterThan(1e-3);
  const worst = Math.max(...ours.map((v, i) => Math.abs(v - fd[i])));
  expect(worst / scale).toBeLessThan(2e-3);
}
