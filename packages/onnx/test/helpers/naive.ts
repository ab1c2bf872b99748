/**
 * Direct loops over NCHW arrays, written from ONNX's operator definitions, that the imported ops
 * are checked against. Slow and obviously correct.
 */

export interface ConvSpec {
  strides: [number, number];
  dilations: [number, number];
  /** [top, left, bottom, right] as ONNX orders them. */
  pads: [number, number, number, number];
  group: number;
}

export function naiveConv(
  x: ArrayLike<number>,
  [n, c, h, w]: number[],
  weights: ArrayLike<number>,
  [m, cg, kh, kw]: number[],
  bias: ArrayLike<number> | undefined,
  { strides, dilations, pads, group }: ConvSpec,
): { data: number[]; shape: number[] } {
  const [sh, sw] = strides;
  const [dh, dw] = dilations;
  const [pt, pl, pb, pr] = pads;
  const oh = Math.floor((h + pt + pb - ((kh - 1) * dh + 1)) / sh) + 1;
  const ow = Math.floor((w + pl + pr - ((kw - 1) * dw + 1)) / sw) + 1;
  const mg = m / group;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let o = 0; o < m; o++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let s = bias ? bias[o] : 0;
          const g = Math.floor(o / mg);
          for (let ci = 0; ci < cg; ci++)
            for (let a = 0; a < kh; a++)
              for (let e = 0; e < kw; e++) {
                const y = i * sh - pt + a * dh;
                const z = j * sw - pl + e * dw;
                if (y < 0 || y >= h || z < 0 || z >= w) continue;
                const channel = g * cg + ci;
                s += x[((b * c + channel) * h + y) * w + z] * weights[((o * cg + ci) * kh + a) * kw + e];
              }
          out.push(s);
        }
  return { data: out, shape: [n, m, oh, ow] };
}

export interface PoolSpec {
  kernel: [number, number];
  strides: [number, number];
  pads: [number, number, number, number];
  ceil?: boolean;
  countIncludePad?: boolean;
}

export function naivePool(
  kind: 'max' | 'average',
  x: ArrayLike<number>,
  [n, c, h, w]: number[],
  {
    kernel: [kh, kw],
    strides: [sh, sw],
    pads: [pt, pl, pb, pr],
    ceil = false,
    countIncludePad = false,
  }: PoolSpec,
): { data: number[]; shape: number[] } {
  const size = (len: number, k: number, s: number, p0: number, p1: number) => {
    const span = len + p0 + p1 - k;
    let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    if (ceil && (o - 1) * s >= len + p0) o--;
    return o;
  };
  const oh = size(h, kh, sh, pt, pb);
  const ow = size(w, kw, sw, pl, pr);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let best = Number.NEGATIVE_INFINITY;
          let sum = 0;
          let count = 0;
          for (let a = 0; a < kh; a++)
            for (let e = 0; e < kw; e++) {
              const y = i * sh - pt + a;
              const z = j * sw - pl + e;
              const inside = y >= 0 && y < h && z >= 0 && z < w;
              // Declared padding counts for count_include_pad; ceil_mode's overhang never does.
              const inPadded = y >= -pt && y < h + pb && z >= -pl && z < w + pr;
              if (inside) {
                const v = x[((b * c + ch) * h + y) * w + z];
                best = Math.max(best, v);
                sum += v;
                count++;
              } else if (countIncludePad && inPadded) {
                count++;
              }
            }
          out.push(kind === 'max' ? best : sum / count);
        }
  return { data: out, shape: [n, c, oh, ow] };
}

export interface ConvTransposeSpec {
  strides: [number, number];
  dilations: [number, number];
  /** [top, left, bottom, right], removed from the full output. */
  pads: [number, number, number, number];
  outputPadding: [number, number];
  group: number;
}

/** Every input pixel scatters its weighted kernel into the output, which padding then crops. */
export function naiveConvTranspose(
  x: ArrayLike<number>,
  [n, c, h, w]: number[],
  weights: ArrayLike<number>,
  [, og, kh, kw]: number[],
  bias: ArrayLike<number> | undefined,
  {
    strides: [sh, sw],
    dilations: [dh, dw],
    pads: [pt, pl, pb, pr],
    outputPadding: [oph, opw],
    group,
  }: ConvTransposeSpec,
): { data: number[]; shape: number[] } {
  const fullH = sh * (h - 1) + (kh - 1) * dh + 1 + oph;
  const fullW = sw * (w - 1) + (kw - 1) * dw + 1 + opw;
  const m = og * group;
  const cg = c / group;
  const full = new Float64Array(n * m * fullH * fullW);
  for (let b = 0; b < n; b++)
    for (let ci = 0; ci < c; ci++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          const v = x[((b * c + ci) * h + i) * w + j];
          const g = Math.floor(ci / cg);
          for (let o = 0; o < og; o++)
            for (let a = 0; a < kh; a++)
              for (let e = 0; e < kw; e++) {
                const y = i * sh + a * dh;
                const z = j * sw + e * dw;
                full[((b * m + g * og + o) * fullH + y) * fullW + z] +=
                  v * weights[((ci * og + o) * kh + a) * kw + e];
              }
        }
  const oh = fullH - pt - pb;
  const ow = fullW - pl - pr;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let o = 0; o < m; o++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++)
          out.push(full[((b * m + o) * fullH + i + pt) * fullW + j + pl] + (bias ? bias[o] : 0));
  return { data: out, shape: [n, m, oh, ow] };
}
