import * as tf from '@tensorflow/tfjs-core';
import { TO_CHANNELS_FIRST, TO_CHANNELS_LAST } from '../executor/value';
import { explicitPadding, isZeroPadding, kernelShape, spatialWindow, type Window } from './spatial';
import { channelsLast, type OpContext, type OpOutput, type OpTable } from './types';
import { opError } from './util';

type Pool2d = (ctx: OpContext, x: tf.Tensor4D, win: Window) => tf.Tensor4D;

/** Pooling over 2-D (channels-last, as TF.js pools) or 1-D inputs (as a height-1 image). */
function pooling(pool: Pool2d) {
  return (ctx: OpContext): OpOutput => {
    const shape = ctx.shape(0);
    const ceilMode = ctx.attrs.int('ceil_mode', 0) === 1;
    if (ctx.node.outputs.length > 1 && ctx.node.outputs[1] !== '') {
      throw opError(ctx, 'the Indices output of MaxPool is not supported');
    }
    if (shape.length === 4) {
      const win = spatialWindow(ctx, shape.slice(2), kernelShape(ctx), { ceilMode });
      return channelsLast(pool(ctx, ctx.channelsLast(0), win));
    }
    if (shape.length === 3) {
      const [n, c, l] = shape;
      const w = spatialWindow(ctx, [l], kernelShape(ctx), { ceilMode });
      const win: Window = {
        kernel: [1, w.kernel[0]],
        strides: [1, w.strides[0]],
        dilations: [1, w.dilations[0]],
        pads: [[0, 0], w.pads[0]],
        declared: [[0, 0], w.declared[0]],
        out: [1, w.out[0]],
      };
      const x = tf.transpose(tf.reshape(ctx.input(0), [n, c, 1, l]), TO_CHANNELS_LAST) as tf.Tensor4D;
      return tf.reshape(tf.transpose(pool(ctx, x, win), TO_CHANNELS_FIRST), [n, c, win.out[1]]);
    }
    throw opError(ctx, `only 1-D and 2-D pooling is supported, got a ${shape.length}-D input`);
  };
}

/** Padding never wins a max: TF.js skips padded positions, as ONNX's -inf padding does. */
const maxPool: Pool2d = (_ctx, x, win) => {
  if (win.dilations.some((d) => d !== 1)) return dilatedMaxPool(x, win);
  return tf.maxPool(
    x,
    win.kernel as [number, number],
    win.strides as [number, number],
    explicitPadding(win.pads),
  );
};

/**
 * TF.js pools without dilation: the maximum over the window's taps, each tap the input (padded
 * with -inf) gathered at its strided positions.
 */
function dilatedMaxPool(x: tf.Tensor4D, win: Window): tf.Tensor4D {
  const padded = tf.pad(x, explicitPadding(win.pads), Number.NEGATIVE_INFINITY);
  const positions = (axis: number, tap: number) =>
    tf.tensor1d(
      Array.from({ length: win.out[axis] }, (_, i) => i * win.strides[axis] + tap * win.dilations[axis]),
      'int32',
    );
  let y: tf.Tensor | undefined;
  for (let a = 0; a < win.kernel[0]; a++) {
    const rows = tf.gather(padded, positions(0, a), 1);
    for (let b = 0; b < win.kernel[1]; b++) {
      const tap = tf.gather(rows, positions(1, b), 2);
      y = y ? tf.maximum(y, tap) : tap;
    }
  }
  return y as tf.Tensor4D;
}

/**
 * Average pooling divides by the number of counted positions: by default only those inside the
 * input (count_include_pad 0), or also the declared padding (1), never the extra positions of
 * ceil_mode. Sum over a zero-padded input divided by the count of a padded mask gives that on
 * every backend, whatever each backend's own padding rule is.
 */
const averagePool: Pool2d = (ctx, x, win) => {
  const kernel = win.kernel as [number, number];
  const strides = win.strides as [number, number];
  if (isZeroPadding(win.pads)) return tf.avgPool(x, kernel, strides, 'valid');
  const [, h, w] = x.shape;
  const includePad = ctx.attrs.int('count_include_pad', 0) === 1;
  const declared = win.declared;
  const padded = tf.pad(x, explicitPadding(win.pads));
  let mask: tf.Tensor4D = tf.ones([1, h, w, 1]);
  if (includePad) {
    mask = tf.pad(mask, explicitPadding(declared), 1);
    const extra = win.pads.map(([b, e], i) => [b - declared[i][0], e - declared[i][1]] as [number, number]);
    mask = tf.pad(mask, explicitPadding(extra));
  } else {
    mask = tf.pad(mask, explicitPadding(win.pads));
  }
  return tf.div(tf.avgPool(padded, kernel, strides, 'valid'), tf.avgPool(mask, kernel, strides, 'valid'));
};

/** Global pooling: a mean or max over the spatial axes, channels-last when the input is. */
function globalPool(reduce: (x: tf.Tensor, axes: number[]) => tf.Tensor) {
  return (ctx: OpContext): OpOutput => {
    if (ctx.isChannelsLast(0)) return channelsLast(reduce(ctx.channelsLast(0), [1, 2]));
    const rank = ctx.shape(0).length;
    if (rank < 3) throw opError(ctx, `needs [N, C, spatial...], got a ${rank}-D input`);
    const axes = Array.from({ length: rank - 2 }, (_, i) => i + 2);
    return reduce(ctx.input(0), axes);
  };
}

export const poolingOps: OpTable = {
  MaxPool: pooling(maxPool),
  AveragePool: pooling(averagePool),
  GlobalAveragePool: globalPool((x, axes) => tf.mean(x, axes, true)),
  GlobalMaxPool: globalPool((x, axes) => tf.max(x, axes, true)),
};
