/** One sample's tensor in float64: `[h, w, c]` feature maps or `[n]` vectors, row-major. */
export interface F64 {
  shape: number[];
  data: Float64Array;
}

export const f64 = (shape: number[], data?: ArrayLike<number>): F64 => ({
  shape,
  data: data ? Float64Array.from(data) : new Float64Array(shape.reduce((a, b) => a * b, 1)),
});

export function map(x: F64, f: (v: number, channel: number) => number): F64 {
  const c = x.shape[x.shape.length - 1];
  return f64(
    x.shape,
    x.data.map((v, i) => f(v, i % c)),
  );
}

/** Elementwise on equal shapes, or with `b` of shape [1, 1, c] / [c] broadcast over a map. */
export function zip(a: F64, b: F64, f: (x: number, y: number) => number): F64 {
  const n = b.data.length;
  if (a.data.length % n !== 0 || (n !== a.data.length && n !== a.shape[a.shape.length - 1]))
    throw new Error(`float64 reference: cannot broadcast [${b.shape}] to [${a.shape}]`);
  return f64(
    a.shape,
    a.data.map((v, i) => f(v, b.data[i % n])),
  );
}

export function concatChannels(xs: F64[]): F64 {
  const [h, w] = xs[0].shape;
  const cs = xs.map((x) => x.shape[2]);
  const total = cs.reduce((a, b) => a + b, 0);
  const out = f64([h, w, total]);
  for (let p = 0; p < h * w; p++) {
    let offset = 0;
    xs.forEach((x, k) => {
      out.data.set(x.data.subarray(p * cs[k], (p + 1) * cs[k]), p * total + offset);
      offset += cs[k];
    });
  }
  return out;
}
