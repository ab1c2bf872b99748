import * as tf from '@tensorflow/tfjs-core';
import { isTaping } from './conv-input-gradient';

/**
 * `a @ b` for operands of the same batch shape `[..., m, k]` and `[..., k, n]`, computed as 2-D
 * products of untransposed matrices, forward and backward. TF.js's WASM BatchMatMul is fast only
 * for one 2-D product of untransposed operands: with a batch, or with a transposed operand (which
 * its own gradient asks for, `dy @ b^T` and `a^T @ dy`), it falls back to a loop several times
 * slower (a ViT-Tiny attention product [3, 197, 64] @ [3, 64, 197]: 30 ms batched, 7 ms as three
 * 2-D products; [197, 192] @ [576, 192]^T: 77 ms, against 7 ms untransposed). Transposing
 * explicitly first costs a fraction of a millisecond.
 */
export function plainMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (!isTaping()) return products(a, b);
  // The operands are saved: the executor frees a tensor after its last forward read.
  const op = tf.customGrad(((x: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, y]);
    return {
      value: products(x, y),
      gradFunc: (dy: tf.Tensor, [sx, sy]: tf.Tensor[]) => [
        products(dy, swapLast(sy)),
        products(swapLast(sx), dy),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, y: tf.Tensor) => tf.Tensor;
  return op(a, b);
}

function swapLast(t: tf.Tensor): tf.Tensor {
  const axes = t.shape.map((_, i) => i);
  [axes[t.rank - 2], axes[t.rank - 1]] = [axes[t.rank - 1], axes[t.rank - 2]];
  return tf.transpose(t, axes);
}

/** One 2-D product per batch entry, stacked back into the batch shape. */
function products(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank === 2) return tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.rank - 1];
  const batch = a.shape.slice(0, -2);
  const as = tf.unstack(tf.reshape(a, [-1, m, k]));
  const bs = tf.unstack(tf.reshape(b, [-1, k, n]));
  const ys = as.map((ai, i) => tf.matMul(ai as tf.Tensor2D, bs[i] as tf.Tensor2D));
  return tf.reshape(ys.length === 1 ? ys[0] : tf.stack(ys), [...batch, m, n]);
}
