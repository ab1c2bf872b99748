import type * as tf from '@tensorflow/tfjs-core';
import { fail } from '../errors';

/** `x W + b` on the last axis of a tensor of any rank (rows stay rows). */
export function dense(x: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor {
  const inner = x.shape[x.rank - 1];
  const flat = x.reshape([-1, inner]).matMul(kernel).add(bias);
  return flat.reshape([...x.shape.slice(0, -1), kernel.shape[1]]);
}

/**
 * Each row scaled to unit L2 length (the paper's "norm I"). The epsilon keeps the gradient finite
 * for an all-zero feature, which dead ReLUs in a random encoder do produce.
 */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return x.div(x.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D;
}

/** `[rows, h, w, c]` averaged over the grid; `[rows, c]` (an already pooled encoder) as it is. */
export function poolImage(features: tf.Tensor): tf.Tensor2D {
  if (features.rank === 2) return features as tf.Tensor2D;
  if (features.rank === 4) return features.mean([1, 2]) as tf.Tensor2D;
  return fail(`image features must be [rows, h, w, c] or [rows, c], got rank ${features.rank}`);
}
