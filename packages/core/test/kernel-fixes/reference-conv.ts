import * as tf from '@tensorflow/tfjs-core';

type Pad = 'same' | 'valid';
export type ConvCase = {
  x: number[];
  k: number;
  out: number;
  dilation: number;
  pad: Pad;
  depthwise: boolean;
};

/** A (depthwise) convolution in float64, stride 1, with TF.js's own padding arithmetic. */
export function conv64(c: ConvCase, x: Float64Array, w: Float64Array): Float64Array {
  const [n, h, wd, ci] = c.x;
  const fShape: [number, number, number, number] = [c.k, c.k, ci, c.out];
  const info = tf.backend_util.computeConv2DInfo(
    c.x as [number, number, number, number],
    fShape,
    1,
    c.dilation,
    c.pad,
    undefined,
    c.depthwise,
  );
  const co = info.outChannels;
  const out = new Float64Array(n * info.outHeight * info.outWidth * co);
  for (let b = 0; b < n; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let o = 0; o < co; o++) {
          let s = 0;
          for (let kh = 0; kh < c.k; kh++)
            for (let kw = 0; kw < c.k; kw++) {
              const r = oh + kh * c.dilation - info.padInfo.top;
              const col = ow + kw * c.dilation - info.padInfo.left;
              if (r < 0 || r >= h || col < 0 || col >= wd) continue;
              const inChannels = c.depthwise
                ? [Math.floor(o / c.out)]
                : Array.from({ length: ci }, (_, i) => i);
              for (const i of inChannels) {
                const wAt = c.depthwise
                  ? ((kh * c.k + kw) * ci + i) * c.out + (o % c.out)
                  : ((kh * c.k + kw) * ci + i) * co + o;
                s += x[((b * h + r) * wd + col) * ci + i] * w[wAt];
              }
            }
          out[((b * info.outHeight + oh) * info.outWidth + ow) * co + o] = s;
        }
  return out;
}
