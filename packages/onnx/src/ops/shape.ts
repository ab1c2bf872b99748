import * as tf from '@tensorflow/tfjs-core';
import { unary } from './layout';
import type { OpContext, OpOutput, OpTable } from './types';
import { axesFrom, broadcastShapes, normalizeAxes, opError, product } from './util';

/** Flatten: everything before `axis` into the first dimension, the rest into the second. */
function flatten(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const raw = ctx.attrs.int('axis', 1);
  const axis = raw < 0 ? raw + shape.length : raw;
  if (axis < 0 || axis > shape.length)
    throw opError(ctx, `axis ${raw} is out of range for rank ${shape.length}`);
  return tf.reshape(ctx.input(0), [product(shape.slice(0, axis)), product(shape.slice(axis))]);
}

/** Reshape: 0 copies the input's dimension (unless allowzero), -1 takes what is left. */
function reshape(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const target = ctx.opset < 5 ? ctx.attrs.ints('shape', []) : ctx.ints(1);
  const allowZero = ctx.attrs.int('allowzero', 0) === 1;
  const resolved = target.map((d, i) => (d === 0 && !allowZero ? shape[i] : d));
  if (resolved.some((d) => d === undefined))
    throw opError(ctx, 'a 0 in the shape has no input dimension to copy');
  return tf.reshape(ctx.input(0), resolved);
}

function transpose(ctx: OpContext): tf.Tensor {
  const rank = ctx.shape(0).length;
  const perm = ctx.attrs.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  return tf.transpose(ctx.input(0), normalizeAxes(ctx, perm, rank));
}

/** Squeeze: the listed axes (attribute before opset 13, input after), or every axis of size 1. */
function squeeze(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const axes = axesFrom(ctx, 1);
  const drop = axes ? normalizeAxes(ctx, axes, shape.length) : shape.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of drop)
    if (shape[a] !== 1) throw opError(ctx, `cannot squeeze axis ${a} of size ${shape[a]}`);
  return tf.reshape(
    ctx.input(0),
    shape.filter((_, i) => !drop.includes(i)),
  );
}

/** Unsqueeze: axes index the output, which has one more dimension per axis. */
function unsqueeze(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const axes = axesFrom(ctx, 1);
  if (!axes) throw opError(ctx, 'axes are required');
  const rank = shape.length + axes.length;
  const inserted = new Set(normalizeAxes(ctx, axes, rank));
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(inserted.has(i) ? 1 : shape[next++]);
  return tf.reshape(ctx.input(0), out);
}

/** Shape, optionally a slice of it (opset 15 start/end), as int32 (ONNX's int64). */
function shapeOf(ctx: OpContext): tf.Tensor {
  const shape = ctx.shape(0);
  const clampIndex = (v: number) => Math.min(Math.max(v < 0 ? v + shape.length : v, 0), shape.length);
  const start = clampIndex(ctx.attrs.int('start', 0));
  const end = clampIndex(ctx.attrs.int('end', shape.length));
  return tf.tensor1d(shape.slice(start, end), 'int32');
}

/** Expand: bidirectional broadcast of the input to the given shape. */
function expand(ctx: OpContext): tf.Tensor {
  const shape = broadcastShapes(ctx, ctx.shape(0), ctx.ints(1));
  return tf.broadcastTo(ctx.input(0), shape);
}

/** Dropout at inference passes its input; the optional mask is all true. */
function dropout(ctx: OpContext): OpOutput | OpOutput[] {
  const y = unary((x) => tf.clone(x))(ctx);
  if (ctx.node.outputs.length < 2 || ctx.node.outputs[1] === '') return y;
  return [y, tf.ones(ctx.shape(0), 'bool')];
}

/** DepthToSpace: channel blocks to spatial blocks, in DCR (default) or CRD order. */
function depthToSpace(ctx: OpContext): tf.Tensor {
  const [n, c, h, w] = ctx.shape(0);
  const b = ctx.attrs.int('blocksize', 0);
  if (b < 1 || c % (b * b) !== 0) throw opError(ctx, `blocksize ${b} does not divide ${c} channels`);
  const depth = c / (b * b);
  const crd = ctx.attrs.string('mode', 'DCR') === 'CRD';
  const split = crd ? [n, depth, b, b, h, w] : [n, b, b, depth, h, w];
  const perm = crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2];
  return tf.reshape(tf.transpose(tf.reshape(ctx.input(0), split), perm), [n, depth, h * b, w * b]);
}

/** SpaceToDepth: spatial blocks to channels (the inverse of DepthToSpace's DCR order). */
function spaceToDepth(ctx: OpContext): tf.Tensor {
  const [n, c, h, w] = ctx.shape(0);
  const b = ctx.attrs.int('blocksize', 0);
  if (b < 1 || h % b !== 0 || w % b !== 0) throw opError(ctx, `blocksize ${b} does not divide ${h}x${w}`);
  const blocks = tf.reshape(ctx.input(0), [n, c, h / b, b, w / b, b]);
  return tf.reshape(tf.transpose(blocks, [0, 3, 5, 1, 2, 4]), [n, c * b * b, h / b, w / b]);
}

export const shapeOps: OpTable = {
  DepthToSpace: depthToSpace,
  SpaceToDepth: spaceToDepth,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Shape: shapeOf,
  Size: (ctx) => tf.scalar(product(ctx.shape(0)), 'int32'),
  Expand: expand,
  Identity: unary((x) => tf.clone(x)),
  Dropout: dropout,
};
