import * as tf from '@tensorflow/tfjs-core';
import { channelsLast, type OpContext, type OpOutput, type OpTable } from './types';
import { normalizeAxes, normalizeAxis, opError } from './util';

const CHANNELS_LAST_AXIS = [0, 3, 1, 2];

type Reducer = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

/**
 * The Reduce* family: axes from the attribute, or from input 1 (ReduceSum from opset 13, the rest
 * from opset 18); no axes reduce everything unless noop_with_empty_axes. A channels-last input is
 * reduced channels-last when the axes that remain keep their order (global pooling written as
 * ReduceMean over H and W).
 */
function reduce(f: Reducer, axesInputFrom: number) {
  return (ctx: OpContext): OpOutput => {
    const rank = ctx.shape(0).length;
    const keepDims = ctx.attrs.int('keepdims', 1) === 1;
    const given =
      ctx.opset >= axesInputFrom ? (ctx.has(1) ? ctx.ints(1) : undefined) : ctx.attrs.ints('axes');
    if ((!given || given.length === 0) && ctx.attrs.int('noop_with_empty_axes', 0) === 1) {
      return tf.clone(ctx.input(0));
    }
    const axes = given && given.length > 0 ? normalizeAxes(ctx, given, rank) : [...Array(rank).keys()];
    if (ctx.isChannelsLast(0)) {
      const mapped = axes.map((a) => CHANNELS_LAST_AXIS[a]);
      const kept = [0, 1, 2, 3].filter((a) => !axes.includes(a)).map((a) => CHANNELS_LAST_AXIS[a]);
      const y = f(ctx.channelsLast(0), mapped, keepDims);
      if (keepDims) return channelsLast(y);
      if (kept.every((a, i) => i === 0 || kept[i - 1] < a)) return y;
      y.dispose();
    }
    return f(ctx.input(0), axes, keepDims);
  };
}

const l1: Reducer = (x, axes, keep) => tf.sum(tf.abs(x), axes, keep);
const l2: Reducer = (x, axes, keep) => tf.sqrt(tf.sum(tf.square(x), axes, keep));
const sumSquare: Reducer = (x, axes, keep) => tf.sum(tf.square(x), axes, keep);
const logSum: Reducer = (x, axes, keep) => tf.log(tf.sum(x, axes, keep));

/**
 * Softmax and LogSoftmax: over one axis from opset 13 (default the last); before, over the input
 * flattened to 2-D at `axis` (default 1).
 */
function softmax(log: boolean) {
  const f = (x: tf.Tensor) => (log ? tf.logSoftmax(x) : tf.softmax(x));
  return (ctx: OpContext): tf.Tensor => {
    const x = ctx.input(0);
    if (ctx.opset < 13) {
      const axis = normalizeAxis(ctx, ctx.attrs.int('axis', 1), x.rank);
      const rows = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
      return tf.reshape(f(tf.reshape(x, [rows, -1])), x.shape);
    }
    const axis = normalizeAxis(ctx, ctx.attrs.int('axis', -1), x.rank);
    if (axis === x.rank - 1) return f(x);
    // TF.js normalises over the last axis: move `axis` there and back (the permutation is its own inverse).
    const perm = [...Array(x.rank).keys()];
    perm[axis] = x.rank - 1;
    perm[x.rank - 1] = axis;
    return tf.transpose(f(tf.transpose(x, perm)), perm);
  };
}

/** ArgMax/ArgMin; select_last_index searches the reversed axis. */
function argExtreme(find: (x: tf.Tensor, axis: number) => tf.Tensor) {
  return (ctx: OpContext): tf.Tensor => {
    const x = ctx.input(0);
    if (x.rank === 0) throw opError(ctx, 'needs at least a 1-D input');
    const axis = normalizeAxis(ctx, ctx.attrs.int('axis', 0), x.rank);
    let index: tf.Tensor;
    if (ctx.attrs.int('select_last_index', 0) === 1) {
      index = tf.sub(tf.scalar(x.shape[axis] - 1, 'int32'), find(tf.reverse(x, axis), axis));
    } else {
      index = find(x, axis);
    }
    return ctx.attrs.int('keepdims', 1) === 1 ? tf.expandDims(index, axis) : index;
  };
}

/** CumSum along the axis given as input 1, optionally exclusive and reversed. */
function cumSum(ctx: OpContext): tf.Tensor {
  const x = ctx.input(0);
  const axis = normalizeAxis(ctx, ctx.ints(1)[0], x.rank);
  const exclusive = ctx.attrs.int('exclusive', 0) === 1;
  const reverse = ctx.attrs.int('reverse', 0) === 1;
  return tf.cumsum(x, axis, exclusive, reverse);
}

export const reduceOps: OpTable = {
  CumSum: cumSum,
  ReduceMean: reduce((x, a, k) => tf.mean(x, a, k), 18),
  ReduceSum: reduce((x, a, k) => tf.sum(x, a, k), 13),
  ReduceMax: reduce((x, a, k) => tf.max(x, a, k), 18),
  ReduceMin: reduce((x, a, k) => tf.min(x, a, k), 18),
  ReduceProd: reduce((x, a, k) => tf.prod(x, a, k), 18),
  ReduceL1: reduce(l1, 18),
  ReduceL2: reduce(l2, 18),
  ReduceSumSquare: reduce(sumSquare, 18),
  ReduceLogSum: reduce(logSum, 18),
  ReduceLogSumExp: reduce((x, a, k) => tf.logSumExp(x, a, k), 18),
  Softmax: softmax(false),
  LogSoftmax: softmax(true),
  ArgMax: argExtreme((x, axis) => tf.argMax(x, axis)),
  ArgMin: argExtreme((x, axis) => tf.argMin(x, axis)),
};
