import * as tf from '@tensorflow/tfjs-core';
import { type ExplainableModel, guidedRelu } from '../../src';

export interface TinyConvNet extends ExplainableModel<tf.Tensor4D, { skip: tf.Tensor4D }, tf.Tensor2D> {
  weights: tf.Tensor[];
  dispose(): void;
  /** The whole model on an input, for finite differences at the cut: logits of head(body(x) + delta). */
  logitsWithDelta(x: tf.Tensor4D, delta: tf.Tensor4D): tf.Tensor2D;
}

/**
 * A small random conv net cut after its second block. The head is not just pooling and a linear
 * layer: a 3x3 convolution with tanh, a skip tensor from the body that crosses the cut, average
 * pooling, and two dense layers, so that its gradient varies over space and channels.
 */
export function tinyConvNet(seed = 1, classes = 5, inputSize = 16): TinyConvNet {
  const w = (shape: number[], s: number) =>
    tf.randomNormal(
      shape,
      0,
      1 / Math.sqrt(shape.slice(0, -1).reduce((a, b) => a * b, 1)),
      'float32',
      seed + s,
    );
  const k1 = w([3, 3, 3, 6], 1);
  const k2 = w([3, 3, 6, 8], 2);
  const k3 = w([3, 3, 8, 8], 3);
  const skipProj = w([1, 1, 6, 8], 4);
  const grid = inputSize / 2;
  const d1 = w([(grid / 2) * (grid / 2) * 8, 12], 5);
  const d2 = w([12, classes], 6);
  const weights = [k1, k2, k3, skipProj, d1, d2];
  const relu = (x: tf.Tensor4D, guided: boolean) => (guided ? guidedRelu(x) : tf.relu(x));

  const bodyOf = (x: tf.Tensor4D, guided = false) => {
    const h1 = relu(tf.conv2d(x, k1 as tf.Tensor4D, 1, 'same'), guided);
    const skip = tf.conv2d(h1, skipProj as tf.Tensor4D, 2, 'same');
    const activations = relu(tf.conv2d(h1, k2 as tf.Tensor4D, 2, 'same'), guided);
    return { activations, context: { skip } };
  };
  const headOf = (a: tf.Tensor4D, skip: tf.Tensor4D) => {
    const h = tf.tanh(tf.conv2d(a, k3 as tf.Tensor4D, 1, 'same')).add(skip.mul(a)) as tf.Tensor4D;
    const pooled = tf.avgPool(h, 2, 2, 'valid');
    const flat = pooled.reshape([pooled.shape[0], -1]);
    return tf.matMul(tf.elu(tf.matMul(flat, d1)), d2) as tf.Tensor2D;
  };

  return {
    layer: 'block2',
    weights,
    inputSize: (x) => [x.shape[1], x.shape[2]],
    body: (x) => tf.tidy(() => bodyOf(x)),
    head: (a, ctx) => headOf(a, ctx.skip),
    guidedGradients: (x, score) =>
      tf.tidy(() => {
        const f = (input: tf.Tensor) => {
          const { activations, context } = bodyOf(input as tf.Tensor4D, true);
          return score(headOf(activations, context.skip));
        };
        return tf.grad(f)(x) as tf.Tensor4D;
      }),
    logitsWithDelta: (x, delta) =>
      tf.tidy(() => {
        const { activations, context } = bodyOf(x);
        return headOf(activations.add(delta), context.skip);
      }),
    dispose: () => tf.dispose(weights),
  };
}
