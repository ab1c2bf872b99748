import * as tf from '@tensorflow/tfjs-core';
import { isTaping } from './conv-input-gradient';
import { plainMatMul } from './plain-products';
import type { OpContext, OpTable } from './types';
import { opError } from './util';

/** Gemm: `alpha * op(A) @ op(B) + beta * C`, op a transpose when transA/transB. */
function gemm(ctx: OpContext): tf.Tensor {
  const a = ctx.input(0);
  const b = ctx.input(1);
  if (a.rank !== 2 || b.rank !== 2) throw opError(ctx, 'Gemm multiplies 2-D matrices');
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  const transA = ctx.attrs.int('transA', 0) === 1;
  const transB = ctx.attrs.int('transB', 0) === 1;
  let y =
    ctx.isConstant(1) && !transA
      ? constantRight(ctx, a as tf.Tensor2D, b as tf.Tensor2D, transB)
      : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, transA, transB);
  if (alpha !== 1) y = tf.mul(y, alpha);
  if (!ctx.has(2) || beta === 0) return y;
  const c = ctx.input(2);
  return tf.add(y, beta === 1 ? c : tf.mul(c, beta));
}

/**
 * `a @ op(b)` with constant weights `b`, differentiated with respect to `a` only. TF.js's WASM
 * matMul transposes a transposed operand on every call (a 1000x1280 classifier: 16 ms instead of
 * 1 ms), and its gradient multiplies by the transpose again: both orientations of the weights are
 * made once and kept, so the forward pass and the gradient are plain products.
 */
function constantRight(ctx: OpContext, a: tf.Tensor2D, b: tf.Tensor2D, transB: boolean): tf.Tensor2D {
  const kn = ctx.cached('weights [k, n]', [1], () => (transB ? tf.transpose(b) : b.clone())) as tf.Tensor2D;
  if (!isTaping()) return tf.matMul(a, kn);
  const nk = () =>
    ctx.cached('weights [n, k]', [1], () => (transB ? b.clone() : tf.transpose(b))) as tf.Tensor2D;
  const op = tf.customGrad(((x: tf.Tensor2D) => ({
    value: tf.matMul(x, kn),
    gradFunc: (dy: tf.Tensor2D) => tf.matMul(dy, nk()),
  })) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor2D) => tf.Tensor2D;
  return op(a);
}

/** MatMul with numpy semantics: batch dimensions broadcast; 1-D operands gain and lose an axis. */
function matMul(ctx: OpContext): tf.Tensor {
  let a = ctx.input(0);
  let b = ctx.input(1);
  const vectorA = a.rank === 1;
  const vectorB = b.rank === 1;
  if (vectorA) a = tf.expandDims(a, 0);
  if (vectorB) b = tf.expandDims(b, 1);
  let y = b.rank === 2 ? rowsTimesMatrix(ctx, a, b as tf.Tensor2D) : batchedMatMul(a, b);
  if (vectorA) y = tf.squeeze(y, [y.rank - 2]);
  if (vectorB) y = tf.squeeze(y, [y.rank - 1]);
  return y;
}

/**
 * `[..., m, k] @ [k, n]` as one 2-D product of all the rows: broadcasting the matrix over the
 * batch would tile it on every call (a sequence-first ViT's `[197, 1, 64] @ [64, 192]` spent most
 * of its forward pass in Tile), and its gradient would be summed back over the tiles.
 */
function rowsTimesMatrix(ctx: OpContext, a: tf.Tensor, b: tf.Tensor2D): tf.Tensor {
  const k = a.shape[a.rank - 1];
  const rows = (a.rank === 2 ? a : tf.reshape(a, [-1, k])) as tf.Tensor2D;
  const y = ctx.isConstant(1) ? constantRight(ctx, rows, b, false) : plainMatMul(rows, b);
  return a.rank === 2 ? y : tf.reshape(y, [...a.shape.slice(0, -1), b.shape[1]]);
}

/** Batch dimensions broadcast explicitly: TF.js's BatchMatMul gradient does not sum over them. */
function batchedMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const rank = Math.max(a.rank, b.rank);
  if (rank === 2) return plainMatMul(a, b);
  const batchOf = (t: tf.Tensor) => [...new Array(rank - t.rank).fill(1), ...t.shape.slice(0, -2)];
  const batch = batchOf(a).map((d, i) => Math.max(d, batchOf(b)[i]));
  return plainMatMul(
    tf.broadcastTo(a, [...batch, ...a.shape.slice(-2)]),
    tf.broadcastTo(b, [...batch, ...b.shape.slice(-2)]),
  );
}

export const matmulOps: OpTable = { Gemm: gemm, MatMul: matMul };
