import * as tf from '@tensorflow/tfjs-core';

/**
 * Seeded starting weights for the reference head: Glorot-uniform kernels, embeddings uniform in
 * +-0.5, small random biases (not zeros, so that an untrained model's answers and maps already
 * differ from each other and tests see non-degenerate values) and the LSTM's forget-gate bias at
 * 1, as Keras's unitForgetBias does. The same seed gives the same weights on every backend.
 */
export function initialWeights(shapes: Record<string, number[]>, seed: number): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  let k = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const s = seed * 1000 + k++;
    out[name] = tf.tidy(() => {
      if (name.endsWith('embedding')) return tf.randomUniform(shape, -0.5, 0.5, 'float32', s);
      if (shape.length === 2) {
        const limit = Math.sqrt(6 / (shape[0] + shape[1]));
        return tf.randomUniform(shape, -limit, limit, 'float32', s);
      }
      const bias = tf.randomUniform(shape, -0.1, 0.1, 'float32', s);
      if (name !== 'question/lstm/bias') return bias;
      const units = shape[0] / 4;
      const forget = tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]);
      return bias.add(forget);
    });
  }
  return out;
}
