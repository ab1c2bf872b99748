import { classTarget, explain, guidedRelu, guidedRelu6 } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { layersModelAdapter } from '../src';

const seeded = (seed: number) => tfl.initializers.glorotNormal({ seed });

describe('LayersModel: guided backpropagation and shared layers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('guided backprop runs through ReLU layers, relu6 activations and Activation(relu)', async () => {
    const x = tfl.input({ shape: [6, 6, 2] });
    const c1 = tfl.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: seeded(1),
      biasInitializer: seeded(2),
    });
    const c2 = tfl.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu6',
      kernelInitializer: seeded(3),
      biasInitializer: seeded(4),
    });
    const c3 = tfl.layers.conv2d({
      filters: 3,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: seeded(5),
      biasInitializer: seeded(6),
    });
    const dense = tfl.layers.dense({ units: 2, kernelInitializer: seeded(7), biasInitializer: seeded(8) });
    let h = tfl.layers.reLU().apply(c1.apply(x)) as tfl.SymbolicTensor;
    h = c2.apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.activation({ activation: 'relu' }).apply(c3.apply(h)) as tfl.SymbolicTensor;
    const out = dense.apply(tfl.layers.flatten().apply(h)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: x, outputs: out });

    // The same computation by hand with core's guided ops, from the layers' own weights.
    const [k1, b1] = c1.getWeights();
    const [k2, b2] = c2.getWeights();
    const [k3, b3] = c3.getWeights();
    const [w, b] = dense.getWeights();
    const byHand = (input: tf.Tensor) => {
      const conv = (t: tf.Tensor, k: tf.Tensor, bias: tf.Tensor) =>
        tf.conv2d(t as tf.Tensor4D, k as tf.Tensor4D, 1, 'same').add(bias);
      let t = guidedRelu(conv(input, k1, b1));
      t = guidedRelu6(conv(t, k2, b2));
      t = guidedRelu(conv(t, k3, b3));
      return tf
        .matMul(t.reshape([t.shape[0], -1]), w)
        .add(b)
        .slice([0, 1], [-1, 1])
        .sum();
    };
    const input = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
    const expected = tf.grad(byHand)(input);
    const plain = tf.grad((v) => (model.predict(v) as tf.Tensor).slice([0, 1], [-1, 1]).sum())(input);

    const result = await explain(layersModelAdapter(model), input, classTarget(1), { guided: true });
    const ours = tf.concat(result.maps.map((m) => tf.tensor(m.guided!.data, [1, 6, 6, 2])));
    expect(tf.max(tf.abs(tf.sub(ours, expected))).dataSync()[0]).toBeLessThan(1e-6);
    expect(tf.max(tf.abs(tf.sub(ours, plain))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([input, expected, plain, ours]);
  });

  it('a shared layer: explain a layer applied once; the shared one is refused with the reason', () => {
    const left = tfl.input({ shape: [6, 6, 3] });
    const right = tfl.input({ shape: [6, 6, 3] });
    const shared = tfl.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'shared',
    });
    const merged = tfl.layers
      .concatenate()
      .apply([shared.apply(left), shared.apply(right)] as tfl.SymbolicTensor[]);
    const after = tfl.layers.conv2d({
      filters: 5,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'after',
    });
    const out = tfl.layers
      .dense({ units: 2 })
      .apply(tfl.layers.globalAveragePooling2d({}).apply(after.apply(merged)));
    const model = tfl.model({ inputs: [left, right], outputs: out as tfl.SymbolicTensor });
    expect(layersModelAdapter(model).layer).toBe('after');
    expect(() => layersModelAdapter(model, { layer: 'shared' })).toThrow(
      "layer 'shared' is applied 2 times (a shared layer); explain a layer that is applied once",
    );
  });
});
