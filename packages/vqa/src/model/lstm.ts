import * as tf from '@tensorflow/tfjs-core';

/** An LSTM's weights in the Keras layout: gates i, f, c (candidate), o side by side. */
export interface LstmWeights {
  /** `[e, 4u]` */
  kernel: tf.Tensor2D;
  /** `[u, 4u]` */
  recurrent: tf.Tensor2D;
  /** `[4u]` */
  bias: tf.Tensor1D;
}

/**
 * The last hidden state of an LSTM over `inputs` `[rows, T, e]`, written with tfjs-core ops in a
 * loop so that tf.grad reaches the inputs (the word embeddings) and whatever feeds them. Each
 * row is its own sequence: where `mask` `[rows, T]` is 0 (padding) the state is carried over
 * unchanged, so right-padded questions of different lengths end in their last word's state.
 */
export function lstmLastState(inputs: tf.Tensor3D, mask: tf.Tensor2D, weights: LstmWeights): tf.Tensor2D {
  return tf.tidy(() => {
    const [rows, steps] = inputs.shape;
    const units = weights.recurrent.shape[0];
    // The input part of every gate at every step in one product.
    const projected = inputs
      .reshape([rows * steps, -1])
      .matMul(weights.kernel)
      .add(weights.bias)
      .reshape([rows, steps, 4 * units]);
    let h = tf.zeros([rows, units]) as tf.Tensor2D;
    let c = tf.zeros([rows, units]) as tf.Tensor2D;
    for (let t = 0; t < steps; t++) {
      const z = projected
        .slice([0, t, 0], [rows, 1, 4 * units])
        .reshape([rows, 4 * units])
        .add(h.matMul(weights.recurrent));
      const [zi, zf, zc, zo] = tf.split(z, 4, 1);
      const cNext = tf
        .sigmoid(zf)
        .mul(c)
        .add(tf.sigmoid(zi).mul(tf.tanh(zc)));
      const hNext = tf.sigmoid(zo).mul(tf.tanh(cNext));
      const keep = mask.slice([0, t], [rows, 1]);
      c = c.add(keep.mul(cNext.sub(c))) as tf.Tensor2D;
      h = h.add(keep.mul(hNext.sub(h))) as tf.Tensor2D;
    }
    return h;
  });
}
