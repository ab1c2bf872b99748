import * as tf from '@tensorflow/tfjs-core';

/**
 * Spreads an NHWC tensor by the strides (s - 1 zeros after every row and column) and pads it by
 * `[[top, bottom], [left, right]]`, cropping where a padding is negative. Both the gradient of a
 * strided convolution and a transposed convolution are a stride-1 correlation of such a tensor.
 * The `bottom`/`right` counts are relative to the spread length `(size - 1) * s + 1`.
 */
export function spreadAndPad(x: tf.Tensor4D, strides: number[], pads: [number, number][]): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const [sh, sw] = strides;
  let g: tf.Tensor4D = x;
  if (sh > 1 || sw > 1) {
    const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    // h * sh rows: the last sh - 1 are the zeros after the last row, taken from the bottom padding.
    g = tf.reshape(spread, [n, h * sh, w * sw, c]);
  }
  const [[top, bottom0], [left, right0]] = pads;
  const bottom = bottom0 - (sh - 1);
  const right = right0 - (sw - 1);
  g = tf.pad(g, [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ]);
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const [, gh, gw] = g.shape;
    const cropTop = Math.max(0, -top);
    const cropLeft = Math.max(0, -left);
    g = tf.slice(
      g,
      [0, cropTop, cropLeft, 0],
      [n, gh - cropTop - Math.max(0, -bottom), gw - cropLeft - Math.max(0, -right), c],
    );
  }
  return g;
}

/** A filter `[kh, kw, in, out]` with `d - 1` zero rows/columns between taps. */
export function dilateFilter(filter: tf.Tensor4D, dilations: number[]): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const [dh, dw] = dilations;
  if (dh === 1 && dw === 1) return filter;
  const spread = tf.pad(tf.reshape(filter, [kh, 1, kw, 1, ci, co]), [
    [0, 0],
    [0, dh - 1],
    [0, 0],
    [0, dw - 1],
    [0, 0],
    [0, 0],
  ]);
  const full = tf.reshape(spread, [kh * dh, kw * dw, ci, co]);
  return tf.slice(full, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co]) as tf.Tensor4D;
}
