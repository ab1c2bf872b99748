import * as tf from '@tensorflow/tfjs-core';

/** `x W + b` for `x` of any rank: the last axis is the one transformed, as Keras' Dense does. */
export function linear(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const [inputs, outputs] = kernel.shape;
  const flat = x.rank === 2 ? x : x.reshape([-1, inputs]);
  const y = tf.matMul(flat as tf.Tensor2D, kernel as tf.Tensor2D);
  const biased = bias ? tf.add(y, bias) : y;
  return x.rank === 2 ? biased : biased.reshape([...x.shape.slice(0, -1), outputs]);
}

/**
 * One LSTM step for every row, with plain tfjs-core ops so that it is differentiable and each row
 * depends on its own inputs only. `kernel` is `[input + hidden, 4 * hidden]`, gates i, f, g, o.
 */
export function lstmStep(
  x: tf.Tensor2D,
  h: tf.Tensor2D,
  c: tf.Tensor2D,
  kernel: tf.Tensor,
  bias: tf.Tensor,
): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = linear(tf.concat([x, h], 1), kernel, bias);
  const [i, f, g, o] = tf.split(z, 4, 1);
  const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
  const hNext = tf.mul(tf.sigmoid(o), tf.tanh(cNext)) as tf.Tensor2D;
  return { h: hNext, c: cNext };
}

/** Embedding rows for token ids `[rows]`. */
export function embed(embedding: tf.Tensor, ids: tf.Tensor1D): tf.Tensor2D {
  return tf.gather(embedding, ids.toInt()) as tf.Tensor2D;
}
