import * as tf from '@tensorflow/tfjs-core';
import { spreadAndPad } from './spread';

/** An NHWC convolution with constant weights, as the Conv op sets it up. */
export interface ConstantConv {
  /** `[kh, kw, in, out]` for a plain convolution, `[kh, kw, in, multiplier]` for a depthwise one. */
  filter: tf.Tensor4D;
  depthwise: boolean;
  strides: [number, number];
  /** `[[top, bottom], [left, right]]`. */
  pads: [number, number][];
  bias?: tf.Tensor;
  /** The filter flipped in space with input and output swapped, made once (see `flippedFilter`). */
  flipped: () => tf.Tensor4D;
}

/** True while a gradient is being taped (inside tf.grad and its kin). */
export function isTaping(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

/**
 * The convolution as one taped op whose gradient is taken with respect to its input only, as a
 * forward convolution of the spread-out output gradient with the flipped filter. Grad-CAM and
 * guided backpropagation differentiate with respect to activations and images, never weights;
 * TF.js's own gradients compute the weights' gradient too (the fused op, eagerly) and use
 * Conv2DBackpropInput, which on the WASM backend is many times slower than a forward convolution.
 */
export function convWithInputGradient(x: tf.Tensor4D, conv: ConstantConv): tf.Tensor4D {
  const forward = (input: tf.Tensor4D) => {
    const pad = [[0, 0], conv.pads[0], conv.pads[1], [0, 0]] as tf.backend_util.ExplicitPadding;
    const { filter, strides, bias } = conv;
    return conv.depthwise
      ? tf.fused.depthwiseConv2d({ x: input, filter, strides, pad: pad as never, bias })
      : tf.fused.conv2d({ x: input, filter, strides, pad, bias });
  };
  const op = tf.customGrad(((input: tf.Tensor4D) => ({
    value: forward(input),
    gradFunc: (dy: tf.Tensor4D) => inputGradient(dy, input.shape, conv),
  })) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor4D) => tf.Tensor4D;
  return op(x);
}

/**
 * dL/dx of y = conv(x): every output position spreads its gradient over the input window it read.
 * Spreading dy out by the strides (zeros between rows and columns) and padding it by
 * `kernel - 1 - pad` turns that into a stride-1 correlation with the flipped filter. Negative
 * padding crops: rows of dy that read only padding reach no input.
 */
function inputGradient(dy: tf.Tensor4D, xShape: number[], conv: ConstantConv): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, oh, ow] = dy.shape;
    const [, h, w, c] = xShape;
    const [sh, sw] = conv.strides;
    const [kh, kw] = conv.filter.shape;
    const [[pt], [pl]] = conv.pads;
    // Output row i read input rows i * s - pt .. + kh - 1: padded by kh - 1 - pt before, the
    // spread gradient lines up with the flipped filter; after, as much as makes h rows.
    const g = spreadAndPad(
      dy,
      [sh, sw],
      [
        [kh - 1 - pt, h + pt - (oh - 1) * sh - 1],
        [kw - 1 - pl, w + pl - (ow - 1) * sw - 1],
      ],
    );
    const flipped = conv.flipped();
    if (!conv.depthwise) return tf.conv2d(g, flipped, 1, 'valid');
    const multiplier = conv.filter.shape[3];
    const dx = tf.depthwiseConv2d(g, flipped, 1, 'valid');
    return multiplier === 1 ? dx : tf.sum(tf.reshape(dx, [n, h, w, c, multiplier]), 4);
  });
}

/**
 * The filter of the input gradient: flipped in space, and for a plain convolution with input
 * and output channels swapped (`[kh, kw, out, in]`); a depthwise one becomes one filter per output
 * channel (`[kh, kw, in * multiplier, 1]`), whose results are summed per input channel.
 */
export function flippedFilter(filter: tf.Tensor4D, depthwise: boolean): tf.Tensor4D {
  return tf.tidy(() => {
    const flipped = tf.reverse(filter, [0, 1]);
    if (!depthwise) return tf.transpose(flipped, [0, 1, 3, 2]);
    const [kh, kw, c, m] = filter.shape;
    return tf.reshape(flipped, [kh, kw, c * m, 1]);
  });
}
