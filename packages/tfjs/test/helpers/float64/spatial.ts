import { type F64, f64 } from './array';

export type Padding = 'same' | 'valid';

/** TensorFlow's output size and leading pad for one spatial axis. */
export function window(
  size: number,
  k: number,
  stride: number,
  padding: Padding,
): [out: number, before: number] {
  if (padding === 'valid') return [Math.floor((size - k) / stride) + 1, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  return [out, Math.floor(total / 2)];
}

/**
 * Convolution over an [h, w, c] map with kernel [kh, kw, c, m], optionally dilated: a full convolution (`depthwise`
 * false, m output channels) or a depthwise one (output channel ci * m + j reads channel ci only).
 */
export function convolve(
  x: F64,
  kernel: F64,
  strides: [number, number],
  padding: Padding,
  depthwise: boolean,
  dilation: [number, number] = [1, 1],
): F64 {
  const [h, w, c] = x.shape;
  const [kh, kw, kc, m] = kernel.shape;
  if (kc !== c) throw new Error(`float64 reference: kernel for ${kc} channels applied to ${c}`);
  // A dilated kernel covers (k - 1) * d + 1 cells.
  const [oh, top] = window(h, (kh - 1) * dilation[0] + 1, strides[0], padding);
  const [ow, left] = window(w, (kw - 1) * dilation[1] + 1, strides[1], padding);
  const outC = depthwise ? c * m : m;
  const out = f64([oh, ow, outC]);
  const k = kernel.data;
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let di = 0; di < kh; di++) {
        const y = i * strides[0] - top + di * dilation[0];
        if (y < 0 || y >= h) continue;
        for (let dj = 0; dj < kw; dj++) {
          const xx = j * strides[1] - left + dj * dilation[1];
          if (xx < 0 || xx >= w) continue;
          const at = (y * w + xx) * c;
          const o = (i * ow + j) * outC;
          for (let ci = 0; ci < c; ci++) {
            const v = x.data[at + ci];
            const kAt = ((di * kw + dj) * c + ci) * m;
            if (depthwise) for (let q = 0; q < m; q++) out.data[o + ci * m + q] += v * k[kAt + q];
            else for (let q = 0; q < m; q++) out.data[o + q] += v * k[kAt + q];
          }
        }
      }
  return out;
}

/** Max or average pooling; an average under 'same' padding divides by the cells that exist. */
export function pool(
  x: F64,
  size: [number, number],
  strides: [number, number],
  padding: Padding,
  kind: 'max' | 'avg',
): F64 {
  const [h, w, c] = x.shape;
  const [oh, top] = window(h, size[0], strides[0], padding);
  const [ow, left] = window(w, size[1], strides[1], padding);
  const out = f64([oh, ow, c]);
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let ch = 0; ch < c; ch++) {
        let acc = kind === 'max' ? Number.NEGATIVE_INFINITY : 0;
        let count = 0;
        for (let di = 0; di < size[0]; di++) {
          const y = i * strides[0] - top + di;
          if (y < 0 || y >= h) continue;
          for (let dj = 0; dj < size[1]; dj++) {
            const xx = j * strides[1] - left + dj;
            if (xx < 0 || xx >= w) continue;
            const v = x.data[(y * w + xx) * c + ch];
            acc = kind === 'max' ? Math.max(acc, v) : acc + v;
            count++;
          }
        }
        out.data[(i * ow + j) * c + ch] = kind === 'max' ? acc : acc / count;
      }
  return out;
}

export function zeroPad(x: F64, [[t, b], [l, r]]: [[number, number], [number, number]]): F64 {
  const [h, w, c] = x.shape;
  const out = f64([h + t + b, w + l + r, c]);
  for (let i = 0; i < h; i++)
    out.data.set(x.data.subarray(i * w * c, (i + 1) * w * c), ((i + t) * (w + l + r) + l) * c);
  return out;
}

export function globalAverage(x: F64): F64 {
  const [h, w, c] = x.shape;
  const out = f64([c]);
  for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) out.data[ch] += x.data[p * c + ch] / (h * w);
  return out;
}

export function dense(x: F64, kernel: F64, bias?: F64): F64 {
  const [n, m] = kernel.shape;
  const out = f64([m], bias?.data);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out.data[j] += x.data[i] * kernel.data[i * m + j];
  return out;
}
