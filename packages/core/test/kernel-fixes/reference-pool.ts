import * as tf from '@tensorflow/tfjs-core';

export type PoolPad = 'valid' | 'same' | number;

export interface PoolCase {
  shape: [number, number, number, number];
  filter: number;
  stride: number;
  pad: PoolPad;
}

/** The window geometry TF.js itself uses, so that the reference pools the same cells. */
export function poolInfo(c: PoolCase) {
  return tf.backend_util.computePool2DInfo(c.shape, c.filter, c.stride, 1, c.pad);
}

type Reduce = (values: number[]) => number;

/** A 2-D pool in float64 over the cells of each window that lie inside the input (NHWC). */
function pool(c: PoolCase, x: Float64Array, reduce: Reduce): Float64Array {
  const info = poolInfo(c);
  const [n, h, w, ch] = c.shape;
  const out = new Float64Array(n * info.outHeight * info.outWidth * ch);
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let k = 0; k < ch; k++) {
          const cells: number[] = [];
          for (let fh = 0; fh < info.filterHeight; fh++) {
            const r = oh * info.strideHeight + fh - info.padInfo.top;
            if (r < 0 || r >= h) continue;
            for (let fw = 0; fw < info.filterWidth; fw++) {
              const col = ow * info.strideWidth + fw - info.padInfo.left;
              if (col < 0 || col >= w) continue;
              cells.push(x[((b * h + r) * w + col) * ch + k]);
            }
          }
          out[o++] = reduce(cells);
        }
  return out;
}

export const avgPool64 = (c: PoolCase, x: Float64Array) =>
  pool(c, x, (v) => v.reduce((a, b) => a + b, 0) / v.length);

export const maxPool64 = (c: PoolCase, x: Float64Array) => pool(c, x, (v) => Math.max(...v));

/**
 * The max-pool gradient under TensorFlow's convention: each output's gradient goes to the first
 * maximum of its window in row-major order, padding never wins. Ties make the pool
 * non-differentiable, so finite differences cannot decide them; this convention does.
 */
export function maxPoolGradFirstMax64(c: PoolCase, x: Float64Array, dy: Float64Array): Float64Array {
  const info = poolInfo(c);
  const [n, h, w, ch] = c.shape;
  const dx = new Float64Array(x.length);
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let k = 0; k < ch; k++) {
          let best = -1;
          for (let fh = 0; fh < info.filterHeight; fh++) {
            const r = oh * info.strideHeight + fh - info.padInfo.top;
            if (r < 0 || r >= h) continue;
            for (let fw = 0; fw < info.filterWidth; fw++) {
              const col = ow * info.strideWidth + fw - info.padInfo.left;
              if (col < 0 || col >= w) continue;
              const at = ((b * h + r) * w + col) * ch + k;
              if (best < 0 || x[at] > x[best]) best = at;
            }
          }
          dx[best] += dy[o++];
        }
  return dx;
}
