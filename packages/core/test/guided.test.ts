import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classTarget, explain, guidedClippedRelu, guidedRelu, guidedRelu6, withGuidedRelu } from '../src';
import { maxAbsDiff } from './helpers/fixtures';
import { tinyConvNet } from './helpers/tiny-convnet';

describe('guided backpropagation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('guided ReLU passes a gradient only where input and incoming gradient are positive', () => {
    const x = tf.tensor1d([-2, -0.5, 0.5, 3, 7]);
    const dy = tf.tensor1d([1, 1, -1, 2, 3]);
    const relu = tf
      .grad((v) => guidedRelu(v))(x, dy)
      .add(0)
      .arraySync();
    expect(relu).toEqual([0, 0, 0, 2, 3]);
    const relu6 = tf
      .grad((v) => guidedRelu6(v))(x, dy)
      .add(0)
      .arraySync();
    expect(relu6).toEqual([0, 0, 0, 2, 0]);
    const clipped = tf
      .grad((v) => guidedClippedRelu(v, 5))(x, dy)
      .add(0)
      .arraySync();
    expect(clipped).toEqual([0, 0, 0, 2, 0]);
    expect(guidedRelu6(x).arraySync()).toEqual([0, 0, 0.5, 3, 6]);
    tf.dispose([x, dy]);
  });

  describe('Guided Grad-CAM', () => {
    const net = tinyConvNet(5);
    const x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    afterAll(() => {
      net.dispose();
      x.dispose();
    });

    it('is the guided gradient times the upsampled map, per channel', async () => {
      const result = await explain(net, x, [classTarget(0), classTarget(4)], { guided: true });
      for (const m of result.maps) {
        const g = m.guided!;
        expect([g.height, g.width, g.channels]).toEqual([16, 16, 3]);
        const expected = Array.from(g.data, (v, i) => v * m.map.data[Math.floor(i / 3)]);
        expect(maxAbsDiff(m.guidedGradCam!.data, expected)).toBeLessThan(1e-6);
      }
      // The guided gradient differs from the plain input gradient (negative gradients are cut).
      const plain = tf.tidy(() =>
        tf.grad((v) =>
          net
            .logitsWithDelta(v as tf.Tensor4D, tf.zeros([2, 8, 8, 8]))
            .slice([0, 0], [-1, 1])
            .sum(),
        )(x),
      );
      const g0 = result.maps.find((m) => m.sample === 0 && m.target === 0)!.guided!.data;
      const p0 = plain.slice([0], [1]).dataSync();
      expect(maxAbsDiff(g0, p0)).toBeGreaterThan(1e-4);
      plain.dispose();
    });
  });
});

describe('withGuidedRelu', () => {
  it('makes plain tf.relu and tf.relu6 backpropagate as guided, and restores them after', () => {
    const x = tf.tensor1d([-2, -0.5, 0.5, 3, 7]);
    const dy = tf.tensor1d([1, 1, -1, 2, 3]);
    const guided = withGuidedRelu(() =>
      tf
        .grad((v) => tf.relu(v))(x, dy)
        .add(0)
        .arraySync(),
    );
    expect(guided).toEqual([0, 0, 0, 2, 3]);
    const guided6 = withGuidedRelu(() =>
      tf
        .grad((v) => tf.relu6(v))(x, dy)
        .add(0)
        .arraySync(),
    );
    expect(guided6).toEqual([0, 0, 0, 2, 0]);
    expect(
      tf
        .grad((v) => tf.relu(v))(x, dy)
        .add(0)
        .arraySync(),
    ).toEqual([0, 0, -1, 2, 3]);
    expect(() => withGuidedRelu(() => Promise.resolve(1))).toThrow(/synchronous/);
    expect(
      tf
        .grad((v) => tf.relu(v))(x, dy)
        .add(0)
        .arraySync(),
    ).toEqual([0, 0, -1, 2, 3]);
    tf.dispose([x, dy]);
  });
});
