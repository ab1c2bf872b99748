import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain } from '../src';
import { maxAbsDiff } from './helpers/fixtures';
import { tinyConvNet } from './helpers/tiny-convnet';

describe('gradient-free methods against direct computation', () => {
  const net = tinyConvNet(3);
  const x = tf.randomNormal([1, 16, 16, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  it('Ablation-CAM: weight k is the relative score drop with channel k zeroed', async () => {
    const result = await explain(net, x, classTarget(1), {
      method: 'ablationcam',
      keepRaw: true,
      batchSize: 5,
    });
    const { activations, context } = net.body(x);
    const c = activations.shape[3];
    const score = (a: tf.Tensor4D) => tf.tidy(() => net.head(a, context).arraySync()[0][1]);
    const base = score(activations);
    const expected = Array.from({ length: c }, (_, k) => {
      const ablated = tf.tidy(() =>
        activations.mul(tf.sub(1, tf.oneHot([k], c)).reshape([1, 1, 1, c])),
      ) as tf.Tensor4D;
      const s = score(ablated);
      ablated.dispose();
      return (base - s) / base;
    });
    expect(maxAbsDiff(result.maps[0].weights!, expected)).toBeLessThan(1e-4);
    tf.dispose([activations, context.skip]);
  });

  it('Score-CAM: weights are the softmax over channels of the masked-input scores', async () => {
    const result = await explain(net, x, classTarget(2), { method: 'scorecam', keepRaw: true, batchSize: 3 });
    const { activations, context } = net.body(x);
    const [, h, w, c] = activations.shape;
    context.skip.dispose();
    const scores = Array.from({ length: c }, (_, k) =>
      tf.tidy(() => {
        // As the reference: torch's UpsamplingBilinear2d (corners aligned), (x-min)/(max-min+1e-8).
        const up = tf.image.resizeBilinear(activations.slice([0, 0, 0, k], [1, h, w, 1]), [16, 16], true);
        const mask = up.sub(up.min()).div(up.max().sub(up.min()).add(1e-8));
        const masked = x.mul(mask) as tf.Tensor4D;
        const b = net.body(masked);
        return net.head(b.activations, b.context).arraySync()[0][2];
      }),
    );
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const total = exp.reduce((a, b) => a + b, 0);
    expect(
      maxAbsDiff(
        result.maps[0].weights!,
        exp.map((e) => e / total),
      ),
    ).toBeLessThan(1e-5);
    activations.dispose();
  });

  it('Eigen-CAM of rank-one activations is the centred spatial pattern, sign following the activations', async () => {
    const pattern = tf.tensor2d([
      [0, 1, 2],
      [3, 9, 3],
      [1, 0, 0],
    ]);
    const channels = tf.tensor1d([0.5, 2, 1, 0.25]);
    const acts = tf.tidy(() =>
      pattern.reshape([1, 3, 3, 1]).mul(channels.reshape([1, 1, 1, 4])),
    ) as tf.Tensor4D;
    const model: ExplainableModel<tf.Tensor4D> = {
      layer: 'rank1',
      body: () => ({ activations: acts.clone(), context: {} }),
      head: (a) => a.sum([1, 2]),
    };
    const input = tf.zeros([1, 3, 3, 3]) as tf.Tensor4D;
    const result = await explain(model, input, classTarget(0), { method: 'eigencam', keepRaw: true });
    const flat = pattern.dataSync();
    const mean = Array.from(flat).reduce((a, b) => a + b, 0) / 9;
    const norm = Math.sqrt(Array.from(channels.dataSync()).reduce((a, b) => a + b * b, 0));
    const expected = Array.from(flat, (v) => (v - mean) * norm);
    expect(maxAbsDiff(result.maps[0].raw!.data, expected)).toBeLessThan(1e-4);
    tf.dispose([pattern, channels, acts, input]);
  });
});
