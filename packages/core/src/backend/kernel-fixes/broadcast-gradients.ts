import {
  BatchMatMul,
  type GradConfig,
  type GradFunc,
  Maximum,
  Minimum,
  SquaredDifference,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { wrappedGradientFix } from './gradient-fix';
import { sumToShape } from './sum-to-shape';

/** The stock gradient, each input's part summed back to that input's shape. */
function reducing(stock: GradConfig): GradFunc {
  return (dy, saved, attrs) => {
    const [a, b] = saved;
    const grads = stock.gradFunc(dy, saved, attrs);
    return {
      a: () => sumToShape(grads.a() as Tensor, a.shape),
      b: () => sumToShape(grads.b() as Tensor, b.shape),
    };
  };
}

/**
 * The stock gradients of BatchMatMul, SquaredDifference, Minimum and Maximum are right per element
 * of the broadcast result but are never summed back to a broadcast input's shape. The stock one is
 * wrapped rather than rewritten, so a later TF.js release that reduces keeps its own math.
 */
function broadcastFix(kernel: string, example: string) {
  return wrappedGradientFix(
    `${kernel} gradient, broadcast inputs`,
    kernel,
    `the stock ${kernel} gradient does not sum over broadcast axes: ${example} throws "The gradient of input ... does not match the shape of the input" in the backward pass`,
    reducing,
    // Both inputs must be saved, first a then b, for the shapes to be known.
    (stock) => stock.inputsToSave?.join() === 'a,b',
  );
}

export const batchMatMulBroadcastFix = broadcastFix(
  BatchMatMul,
  'tf.matMul of [2,3,4] by [4,5] (or a sequence-first attention [197,1,64] by [64,192])',
);
export const squaredDifferenceBroadcastFix = broadcastFix(
  SquaredDifference,
  'squaredDifference of [2,3,4] and [4]',
);
export const minimumBroadcastFix = broadcastFix(Minimum, 'minimum of [2,3] and [3]');
export const maximumBroadcastFix = broadcastFix(Maximum, 'maximum of [2,3] and [3]');
