import * as tf from '@tensorflow/tfjs-core';
import { TO_CHANNELS_FIRST, TO_CHANNELS_LAST } from '../executor/value';
import { convWithInputGradient, flippedFilter, isTaping } from './conv-input-gradient';
import { explicitPadding, kernelShape, spatialWindow, type Window } from './spatial';
import { dilateFilter } from './spread';
import { channelsLast, type OpContext, type OpOutput, type OpTable } from './types';
import { opError } from './util';

/**
 * Conv (1-D and 2-D, any group: plain, depthwise, grouped), computed channels-last because TF.js
 * convolves NHWC on every backend. 2-D outputs stay channels-last; 1-D ones are returned NCL.
 */
function conv(ctx: OpContext): OpOutput {
  const rank = ctx.shape(0).length;
  if (rank === 4) {
    const w = () => ctx.input(1) as tf.Tensor4D;
    return channelsLast(
      conv2d(ctx, ctx.channelsLast(0), lift2d(ctx, ctx.shape(0).slice(2)), ctx.shape(1), w),
    );
  }
  if (rank === 3) {
    // [N, C, L] as [N, 1, L, C]: a 2-D convolution over a one-pixel-high image.
    const [n, c, l] = ctx.shape(0);
    const x = tf.transpose(tf.reshape(ctx.input(0), [n, c, 1, l]), TO_CHANNELS_LAST) as tf.Tensor4D;
    const [m, cg, k] = ctx.shape(1);
    const w = () => tf.reshape(ctx.input(1), [m, cg, 1, k]) as tf.Tensor4D;
    const y = conv2d(ctx, x, lift1d(ctx, l), [m, cg, 1, k], w);
    return tf.reshape(tf.transpose(y, TO_CHANNELS_FIRST), [n, m, y.shape[2]]);
  }
  throw opError(ctx, `only 1-D and 2-D convolutions are supported, got a ${rank}-D input`);
}

function lift2d(ctx: OpContext, spatial: number[]): Window {
  return spatialWindow(ctx, spatial, kernelShape(ctx, ctx.shape(1).slice(2)));
}

/** A 1-D window as a 2-D one with a height-1 kernel. */
function lift1d(ctx: OpContext, length: number): Window {
  const w = spatialWindow(ctx, [length], kernelShape(ctx, ctx.shape(1).slice(2)));
  return {
    kernel: [1, w.kernel[0]],
    strides: [1, w.strides[0]],
    dilations: [1, w.dilations[0]],
    pads: [[0, 0], w.pads[0]],
    declared: [[0, 0], w.declared[0]],
    out: [1, w.out[0]],
  };
}

/** `weights` gives the ONNX weights as `[M, C / group, kh, kw]` (shape `weightShape`). */
function conv2d(
  ctx: OpContext,
  x: tf.Tensor4D,
  win: Window,
  weightShape: number[],
  weights: () => tf.Tensor4D,
): tf.Tensor4D {
  const channels = x.shape[3];
  const group = ctx.attrs.int('group', 1);
  const [m, perGroup, kh, kw] = weightShape;
  if (channels !== perGroup * group) {
    throw opError(ctx, `input has ${channels} channels, weights expect ${perGroup} x ${group} groups`);
  }
  const pad = explicitPadding(win.pads);
  // TF.js 4.22 has no gradient for dilated convolutions (and refuses strides and dilations above 1
  // together): dilated filters are spelled out with zeros, so every convolution runs undilated.
  const dilated = win.dilations.some((d) => d > 1);
  const strides = win.strides as [number, number];
  const bias = ctx.has(2) ? ctx.input(2) : undefined;
  const shapeFilter = (make: () => tf.Tensor) => {
    const f = make() as tf.Tensor4D;
    return dilated ? dilateFilter(f, win.dilations) : f;
  };

  const single = (filter: tf.Tensor4D, depthwise: boolean, key: string): tf.Tensor4D => {
    if (!isTaping()) {
      // Fused bias: one pass less. The depthwise op's typing omits explicit padding, which its
      // kernels and gradient accept.
      return depthwise
        ? tf.fused.depthwiseConv2d({ x, filter, strides, pad: pad as unknown as number, bias })
        : (tf.fused.conv2d({ x, filter, strides, pad, bias }) as tf.Tensor4D);
    }
    if (ctx.isConstant(1) && (!ctx.has(2) || ctx.isConstant(2))) {
      const flipped = () =>
        ctx.cached(`${key} flipped`, [1], () => flippedFilter(filter, depthwise)) as tf.Tensor4D;
      return convWithInputGradient(x, { filter, depthwise, strides, pads: win.pads, bias, flipped });
    }
    // Weights fed from outside may be differentiated: TF.js's unfused ops, whose gradients are
    // computed only for what is asked (the fused ones compute the weights' gradient eagerly).
    const y = depthwise ? tf.depthwiseConv2d(x, filter, strides, pad) : tf.conv2d(x, filter, strides, pad);
    return addBias(y, bias);
  };

  if (group === 1) {
    const filter = ctx.cached('hwio', [1], () => shapeFilter(() => tf.transpose(weights(), [2, 3, 1, 0])));
    return single(filter as tf.Tensor4D, false, 'hwio');
  }
  if (perGroup === 1 && m % group === 0) {
    // Depthwise: output channel c * multiplier + j reads input channel c, as in TF.js.
    const multiplier = m / group;
    const filter = ctx.cached('depthwise', [1], () =>
      shapeFilter(() => tf.transpose(tf.reshape(weights(), [group, multiplier, kh, kw]), [2, 3, 0, 1])),
    ) as tf.Tensor4D;
    return single(filter, true, 'depthwise');
  }
  // Grouped: one convolution per group of channels, concatenated.
  const mg = m / group;
  const xs = tf.split(x, group, 3);
  const ys = xs.map((xg, g) => {
    const filter = ctx.cached(`hwio${g}`, [1], () =>
      shapeFilter(() =>
        tf.transpose(tf.slice(weights(), [g * mg, 0, 0, 0], [mg, perGroup, kh, kw]), [2, 3, 1, 0]),
      ),
    ) as tf.Tensor4D;
    return tf.conv2d(xg as tf.Tensor4D, filter, strides, pad);
  });
  return addBias(tf.concat(ys, 3) as tf.Tensor4D, bias);
}

function addBias(y: tf.Tensor4D, bias: tf.Tensor | undefined): tf.Tensor4D {
  return bias ? tf.add(y, bias) : y;
}

export const convolutionOps: OpTable = { Conv: conv };
