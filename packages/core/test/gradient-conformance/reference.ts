/** Plain-JS float64 forwards that the finite differences evaluate: written from the ops' definitions. */
import { sizeOf } from './inputs';

export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const pa = [...new Array(rank - a.length).fill(1), ...a];
  const pb = [...new Array(rank - b.length).fill(1), ...b];
  return pa.map((d, i) => Math.max(d, pb[i]));
}

/** Index into a tensor of `shape` broadcast to `out`, for the output element at `coords`. */
function broadcastIndex(shape: readonly number[], out: readonly number[], coords: number[]): number {
  const offset = out.length - shape.length;
  const st = strides(shape);
  let index = 0;
  for (let i = 0; i < shape.length; i++) index += (shape[i] === 1 ? 0 : coords[i + offset]) * st[i];
  return index;
}

function coordsOf(flat: number, shape: readonly number[]): number[] {
  const st = strides(shape);
  return shape.map((_, i) => Math.floor(flat / st[i]) % shape[i]);
}

export function unaryReference(fn: (x: number) => number) {
  return ([x]: Float64Array[]): Float64Array => x.map(fn);
}

export function binaryReference(fn: (a: number, b: number) => number) {
  return ([a, b]: Float64Array[], [sa, sb]: number[][]): Float64Array => {
    const out = broadcastShape(sa, sb);
    const y = new Float64Array(sizeOf(out));
    for (let i = 0; i < y.length; i++) {
      const c = coordsOf(i, out);
      y[i] = fn(a[broadcastIndex(sa, out, c)], b[broadcastIndex(sb, out, c)]);
    }
    return y;
  };
}

/** Reduces `axes` of x (kept out of the output shape) with `combine` over the reduced values. */
export function reduceReference(
  x: Float64Array,
  shape: readonly number[],
  axes: number[],
  combine: (v: number[]) => number,
) {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: sizeOf(kept) }, () => []);
  for (let i = 0; i < x.length; i++) {
    const c = coordsOf(i, shape).map((v, k) => (axes.includes(k) ? 0 : v));
    groups[broadcastIndex(kept, kept, c)].push(x[i]);
  }
  return Float64Array.from(groups, combine);
}

export interface PoolSpec {
  kind: 'max' | 'avg';
  size: [number, number];
  stride: [number, number];
  pad: 'same' | 'valid';
}

/** Output size and padding before, as TensorFlow computes them ('same' puts the odd cell after). */
export function padBefore(
  input: number,
  size: number,
  stride: number,
  pad: 'same' | 'valid',
): [number, number] {
  if (pad === 'valid') return [Math.floor((input - size) / stride) + 1, 0];
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + size - input, 0);
  return [out, Math.floor(total / 2)];
}

/** NHWC pooling; an average divides by the cells inside the input, as TensorFlow's forward does. */
export function poolReference(spec: PoolSpec) {
  return ([x]: Float64Array[], [[n, h, w, c]]: number[][]): Float64Array => {
    const [oh, top] = padBefore(h, spec.size[0], spec.stride[0], spec.pad);
    const [ow, left] = padBefore(w, spec.size[1], spec.stride[1], spec.pad);
    const y = new Float64Array(n * oh * ow * c);
    let o = 0;
    for (let b = 0; b < n; b++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++)
          for (let ch = 0; ch < c; ch++) {
            const cells: number[] = [];
            for (let di = 0; di < spec.size[0]; di++)
              for (let dj = 0; dj < spec.size[1]; dj++) {
                const r = i * spec.stride[0] - top + di;
                const s = j * spec.stride[1] - left + dj;
                if (r >= 0 && r < h && s >= 0 && s < w) cells.push(x[((b * h + r) * w + s) * c + ch]);
              }
            y[o++] =
              spec.kind === 'max' ? Math.max(...cells) : cells.reduce((p, q) => p + q, 0) / cells.length;
          }
    return y;
  };
}
