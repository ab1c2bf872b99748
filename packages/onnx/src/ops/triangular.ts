import * as tf from '@tensorflow/tfjs-core';
import type { OpContext, OpTable } from './types';
import { opError } from './util';

/**
 * Trilu (opset 14): keeps the upper (`upper` 1, default) or lower triangle of the last two axes,
 * from diagonal `k` (optional scalar input; positive is above the main diagonal), zeros elsewhere.
 * Decoders build causal masks with it. The gradient passes where the value is kept, zero elsewhere.
 */
function trilu(ctx: OpContext): tf.Tensor {
  const x = ctx.input(0);
  if (x.rank < 2) throw opError(ctx, `needs at least 2 axes, got a ${x.rank}-D input`);
  const k = ctx.has(1) ? ctx.ints(1)[0] : 0;
  const upper = ctx.attrs.int('upper', 1) === 1;
  const [rows, cols] = x.shape.slice(-2);
  return tf.tidy(() => {
    // diagonal offset j - i of every element of the last two axes
    const offset = tf.sub(
      tf.reshape(tf.range(0, cols, 1, 'int32'), [1, cols]),
      tf.reshape(tf.range(0, rows, 1, 'int32'), [rows, 1]),
    );
    const keep = upper ? tf.greaterEqual(offset, k) : tf.lessEqual(offset, k);
    // Where on equal shapes (its gradient does not sum over broadcast axes); a product would give -0.
    return tf.where(tf.broadcastTo(keep, x.shape), x, tf.zerosLike(x));
  });
}

export const triangularOps: OpTable = { Trilu: trilu };
