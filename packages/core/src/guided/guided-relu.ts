import * as tf from '@tensorflow/tfjs-core';

/**
 * Guided backpropagation (Springenberg et al. 2015) changes only the backward pass of the
 * rectifiers: a gradient passes where the forward input was positive (and below the clip value
 * for ReLU6) and the incoming gradient is positive.
 */
function guidedClip(max: number): (x: tf.Tensor) => tf.Tensor {
  const forward = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    const value = Number.isFinite(max) ? tf.clipByValue(x, 0, max) : tf.relu(x);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input] = saved;
        let pass = tf.logicalAnd(tf.greater(input, 0), tf.greater(dy, 0));
        if (Number.isFinite(max)) pass = tf.logicalAnd(pass, tf.less(input, max));
        return tf.mul(dy, tf.cast(pass, 'float32'));
      },
    };
  };
  // customGrad's typing folds the save function into the inputs' type; the call is (x) => y.
  return tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]) as (
    x: tf.Tensor,
  ) => tf.Tensor;
}

const guidedReluOp = guidedClip(Number.POSITIVE_INFINITY);
const guidedRelu6Op = guidedClip(6);
const clippedCache = new Map<number, (x: tf.Tensor) => tf.Tensor>();

export function guidedRelu<T extends tf.Tensor>(x: T): T {
  return guidedReluOp(x) as T;
}

export function guidedRelu6<T extends tf.Tensor>(x: T): T {
  return guidedRelu6Op(x) as T;
}

/** `min(max(x, 0), max)` with the guided backward pass; `max = Infinity` is a plain ReLU. */
export function guidedClippedRelu<T extends tf.Tensor>(x: T, max: number): T {
  let op = clippedCache.get(max);
  if (!op) {
    op = guidedClip(max);
    clippedCache.set(max, op);
  }
  return op(x) as T;
}
