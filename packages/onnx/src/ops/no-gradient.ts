import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs a non-differentiable op (a comparison, a logical op) as one taped node whose gradient is
 * zero. TF.js registers no gradient for Greater, Equal, LogicalAnd...: when such an op lies between
 * the differentiated input and the score (a mask built from activations and used by Where), the
 * backward pass would fail on it, though its true gradient is simply zero.
 */
export function withoutGradient(f: (...xs: tf.Tensor[]) => tf.Tensor, ...inputs: tf.Tensor[]): tf.Tensor {
  const op = tf.customGrad(((...args: unknown[]) => {
    const xs = args.slice(0, inputs.length) as tf.Tensor[];
    return {
      value: f(...xs),
      gradFunc: () => xs.map((x) => tf.zeros(x.shape)),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (...xs: tf.Tensor[]) => tf.Tensor;
  return op(...inputs);
}
