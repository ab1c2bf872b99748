import {
  BatchMatMul,
  type GradConfig,
  type GradFunc,
  getGradient,
  Maximum,
  Minimum,
  registerGradient,
  SquaredDifference,
  type Tensor,
} from '@tensorflow/tfjs-core';
import type { KernelFix } from './kernel-fix';
import { sumToShape } from './sum-to-shape';

const marked = Symbol('gradcam: summed to the input shapes');
type Marked = GradConfig & { [marked]?: GradConfig };

/** The stock gradient, each input's part summed back to that input's shape. */
function reducing(stock: GradConfig): Marked {
  const gradFunc: GradFunc = (dy, saved, attrs) => {
    const [a, b] = saved;
    const grads = stock.gradFunc(dy, saved, attrs);
    return {
      a: () => sumToShape(grads.a() as Tensor, a.shape),
      b: () => sumToShape(grads.b() as Tensor, b.shape),
    };
  };
  return { ...stock, gradFunc, [marked]: stock };
}

/**
 * The stock gradients of BatchMatMul, SquaredDifference, Minimum and Maximum are right per element
 * of the broadcast result but are never summed back to a broadcast input's shape. The stock one is
 * wrapped rather than rewritten, so a later TF.js release that reduces keeps its own math.
 */
function broadcastFix(kernel: string, example: string): KernelFix {
  return {
    id: `${kernel} gradient, broadcast inputs`,
    kernel,
    kind: 'gradient',
    backends: 'all',
    why: `the stock ${kernel} gradient does not sum over broadcast axes: ${example} throws "The gradient of input ... does not match the shape of the input" in the backward pass`,
    apply() {
      const current = getGradient(kernel) as Marked | undefined;
      // Both inputs must be saved, first a then b, for the shapes to be known.
      if (!current || current[marked] || current.inputsToSave?.join() !== 'a,b') return;
      registerGradient(reducing(current));
    },
    restore() {
      const stock = (getGradient(kernel) as Marked | undefined)?.[marked];
      if (stock) registerGradient(stock);
    },
  };
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
