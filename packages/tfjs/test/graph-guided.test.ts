import { classTarget, explain } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphModelAdapter } from '../src/graph';
import { expectTensorsClose, maxAbsDiff } from './helpers/graph-compare';
import { GraphModelBuilder } from './helpers/graph-model-builder';
import { residualNet } from './helpers/graph-test-nets';

const classScore = (cls: number) => (outputs: tf.Tensor) =>
  outputs.slice([0, cls], [-1, 1]).reshape([-1]) as tf.Tensor1D;

/**
 * Guided backpropagation through a whole GraphModel. Its rectifiers are fused into convolutions
 * and matrix products (_FusedConv2D with Relu, FusedDepthwiseConv2dNative with Relu6,
 * _FusedMatMul with Relu) as well as standalone Relu and Relu6 ops.
 */
describe('GraphModel adapter: guided backpropagation', () => {
  const net = residualNet(9);
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 31) as tf.Tensor4D;

  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    net.dispose();
    x.dispose();
  });

  it('equals the same network written with guided ReLUs, and differs from the plain input gradient', () => {
    const adapter = graphModelAdapter(net.model);
    for (const cls of [1, 4]) {
      tf.tidy(() => {
        const guided = adapter.guidedGradients!(x, classScore(cls));
        const byHand = tf.grad((image) => classScore(cls)(net.guidedLogits(image)).sum())(x);
        const plain = tf.grad((image) => classScore(cls)(adapter.predict(image as tf.Tensor4D)).sum())(x);
        expectTensorsClose(guided, byHand, 1e-6);
        expect(maxAbsDiff(guided.dataSync(), plain.dataSync())).toBeGreaterThan(1e-3);
      });
    }
  });

  it('explain() returns guided backpropagation and Guided Grad-CAM per sample and target', async () => {
    const adapter = graphModelAdapter(net.model);
    const result = await explain(adapter, x, [classTarget(1), classTarget(4)], { guided: true });
    for (const entry of result.maps) {
      const cls = [1, 4][entry.target];
      const expected = tf.tidy(() =>
        tf
          .grad((image) => classScore(cls)(net.guidedLogits(image)).sum())(x)
          .slice(entry.sample, 1)
          .reshape([-1]),
      );
      const guided = entry.guided!;
      expect([guided.height, guided.width, guided.channels]).toEqual([8, 8, 3]);
      expect(maxAbsDiff(guided.data, expected.dataSync())).toBeLessThan(1e-6);
      const product = Float32Array.from(guided.data, (g, i) => g * entry.map.data[Math.floor(i / 3)]);
      expect(maxAbsDiff(entry.guidedGradCam!.data, product)).toBeLessThan(1e-6);
      expected.dispose();
    }
  });

  it('on a tiny graph, equals guided backpropagation computed element by element', () => {
    // input [1,2,2,2] -> 1x1 _FusedConv2D with Relu (2 -> 3 channels) -> Mean over space -> MatMul (3 -> 2).
    const w1 = [
      [0.5, -1, 0.8],
      [-0.7, 0.4, 0.6],
    ];
    const b1 = [0.1, -0.2, 0.05];
    const w2 = [
      [1, -1],
      [-0.5, 2],
      [0.3, -0.8],
    ];
    const image = [0.9, -0.3, -0.6, 1.2, 0.4, 0.4, -1, -0.5]; // 4 pixels x 2 channels
    const g = new GraphModelBuilder();
    const constants = [
      tf.tensor4d(w1.flat(), [1, 1, 2, 3]),
      tf.tensor1d(b1),
      tf.tensor2d(w2),
      tf.tensor1d([1, 2], 'int32'),
    ];
    ['k', 'b', 'w', 'axes'].forEach((name, i) => {
      g.constant(name, constants[i]);
    });
    g.placeholder('input', [-1, 2, 2, 2]);
    g.fusedConv2d('conv', 'input', 'k', 'b', 'Relu');
    g.op('pool', 'Mean', ['conv', 'axes'], { keep_dims: { b: false } });
    g.matMul('logits', 'pool', 'w');
    const model = g.load();
    tf.dispose(constants);

    for (const cls of [0, 1]) {
      const expected: number[] = [];
      for (let p = 0; p < 4; p++) {
        const pre = [0, 1, 2].map((k) => b1[k] + image[2 * p] * w1[0][k] + image[2 * p + 1] * w1[1][k]);
        // d logit / d conv output = w2[k][cls] / 4 (the mean); the guided ReLU passes it only
        // where the unit was active and the gradient is positive.
        const passed = pre.map((v, k) => (v > 0 && w2[k][cls] > 0 ? w2[k][cls] / 4 : 0));
        for (let c = 0; c < 2; c++) expected.push(passed.reduce((sum, gk, k) => sum + gk * w1[c][k], 0));
      }
      const adapter = graphModelAdapter(model, { node: 'conv' });
      const input = tf.tensor4d(image, [1, 2, 2, 2]);
      const guided = adapter.guidedGradients!(input, classScore(cls));
      expect(maxAbsDiff(guided.dataSync(), expected)).toBeLessThan(1e-6);
      expect(expected.some((v) => v !== 0)).toBe(true);
      tf.dispose([input, guided]);
    }
    model.dispose();
  });
});
