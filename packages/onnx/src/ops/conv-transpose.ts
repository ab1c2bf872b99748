import * as tf from '@tensorflow/tfjs-core';
import { TO_CHANNELS_FIRST, TO_CHANNELS_LAST } from '../executor/value';
import { dilateFilter, spreadAndPad } from './spread';
import { channelsLast, type OpContext, type OpOutput, type OpTable } from './types';
import { opError } from './util';

/** Per spatial axis of a transposed convolution: its step, filter extent and the padding it removes. */
interface TransposeWindow {
  strides: number[];
  dilations: number[];
  /** `[begin, end]` removed from the full output. */
  pads: [number, number][];
  outputPadding: number[];
}

/**
 * The output of ConvTranspose along each axis is `s * (in - 1) + output_padding + extent - pads`;
 * `output_shape` or auto_pad SAME_* fix the output size and the padding follows from it (the odd
 * pixel at the start for SAME_UPPER, as the specification puts it).
 */
function transposeWindow(ctx: OpContext, spatial: number[], kernel: number[]): TransposeWindow {
  const n = spatial.length;
  const strides = ctx.attrs.ints('strides', new Array(n).fill(1));
  const dilations = ctx.attrs.ints('dilations', new Array(n).fill(1));
  const outputPadding = ctx.attrs.ints('output_padding', new Array(n).fill(0));
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  let outputShape = ctx.attrs.ints('output_shape');
  if (outputShape && outputShape.length > n) outputShape = outputShape.slice(-n);
  if (!outputShape && (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER')) {
    outputShape = spatial.map((s, i) => s * strides[i]);
  }
  const pads: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const extent = (kernel[i] - 1) * dilations[i] + 1;
    if (outputShape) {
      const total = strides[i] * (spatial[i] - 1) + outputPadding[i] + extent - outputShape[i];
      const half = Math.floor(total / 2);
      pads.push(autoPad === 'SAME_UPPER' ? [half, total - half] : [total - half, half]);
    } else if (autoPad === 'VALID') {
      pads.push([0, 0]);
    } else {
      const p = ctx.attrs.ints('pads', new Array(2 * n).fill(0));
      pads.push([p[i], p[i + n]]);
    }
  }
  return { strides, dilations, pads, outputPadding };
}

/**
 * ConvTranspose (1-D and 2-D, grouped): the gradient of a convolution with respect to its input,
 * written as a stride-1 correlation of the input spread out by the strides with the flipped
 * filter, as forward convolutions run fastest and differentiate everywhere.
 */
function convTranspose(ctx: OpContext): OpOutput {
  const rank = ctx.shape(0).length;
  const [cin, coutGroup, ...kernelDims] = ctx.shape(1);
  if (rank === 4) {
    const win = transposeWindow(ctx, ctx.shape(0).slice(2), ctx.attrs.ints('kernel_shape', kernelDims));
    return channelsLast(transpose2d(ctx, ctx.channelsLast(0), win, () => ctx.input(1) as tf.Tensor4D));
  }
  if (rank === 3) {
    const [n, c, l] = ctx.shape(0);
    const w1 = transposeWindow(ctx, [l], ctx.attrs.ints('kernel_shape', kernelDims));
    const win: TransposeWindow = {
      strides: [1, w1.strides[0]],
      dilations: [1, w1.dilations[0]],
      pads: [[0, 0], w1.pads[0]],
      outputPadding: [0, w1.outputPadding[0]],
    };
    const x = tf.transpose(tf.reshape(ctx.input(0), [n, c, 1, l]), TO_CHANNELS_LAST) as tf.Tensor4D;
    const w = () => tf.reshape(ctx.input(1), [cin, coutGroup, 1, kernelDims[0]]) as tf.Tensor4D;
    const y = transpose2d(ctx, x, win, w);
    return tf.reshape(tf.transpose(y, TO_CHANNELS_FIRST), [n, y.shape[3], y.shape[2]]);
  }
  throw opError(ctx, `only 1-D and 2-D transposed convolutions are supported, got a ${rank}-D input`);
}

function transpose2d(
  ctx: OpContext,
  x: tf.Tensor4D,
  win: TransposeWindow,
  weights: () => tf.Tensor4D,
): tf.Tensor4D {
  const group = ctx.attrs.int('group', 1);
  const channels = x.shape[3];
  const [cin, coutGroup, kh, kw] = weights().shape;
  if (channels !== cin) throw opError(ctx, `input has ${channels} channels, weights expect ${cin}`);
  const extent = [(kh - 1) * win.dilations[0] + 1, (kw - 1) * win.dilations[1] + 1];
  // Full output row r collects input row i at r = i * s + tap: pad the spread input by extent - 1
  // on both sides, less what `pads` removes, plus output_padding at the end.
  const spread = spreadAndPad(
    x,
    win.strides,
    win.pads.map(
      ([b, e], i) => [extent[i] - 1 - b, extent[i] - 1 - e + win.outputPadding[i]] as [number, number],
    ),
  );
  const perGroup = cin / group;
  // Weights [Cin, Cout/group, kh, kw] -> per group [kh, kw, Cin/group, Cout/group], dilated, flipped.
  const filter = (g: number) =>
    ctx.cached(`flipped ${g}`, [1], () => {
      const w = tf.slice(weights(), [g * perGroup, 0, 0, 0], [perGroup, coutGroup, kh, kw]);
      return tf.reverse(dilateFilter(tf.transpose(w, [2, 3, 0, 1]) as tf.Tensor4D, win.dilations), [0, 1]);
    }) as tf.Tensor4D;
  let y: tf.Tensor4D;
  if (group === 1) {
    y = tf.conv2d(spread, filter(0), 1, 'valid');
  } else {
    const parts = tf.split(spread, group, 3);
    y = tf.concat(
      parts.map((p, g) => tf.conv2d(p as tf.Tensor4D, filter(g), 1, 'valid')),
      3,
    ) as tf.Tensor4D;
  }
  return ctx.has(2) ? tf.add(y, ctx.input(2)) : y;
}

export const convTransposeOps: OpTable = { ConvTranspose: convTranspose };
