/**
 * The CAM formulas written out in float64 over plain arrays, as the papers and pytorch-grad-cam
 * state them: the independent side of the method value tests. A map is one `[h*w, c]` matrix,
 * row-major over pixels (NHWC order), one row per pixel.
 */
export interface Cell {
  /** `[h*w*c]`, pixel-major: index `p * c + k`. */
  a: Float64Array;
  g: Float64Array;
  pixels: number;
  channels: number;
}

const relu = (x: number) => Math.max(x, 0);

function perChannel(cell: Cell, f: (a: number, g: number, k: number) => number): Float64Array {
  const out = new Float64Array(cell.channels);
  for (let p = 0; p < cell.pixels; p++) {
    for (let k = 0; k < cell.channels; k++) {
      const i = p * cell.channels + k;
      out[k] += f(cell.a[i], cell.g[i], k);
    }
  }
  return out;
}

function perPixel(cell: Cell, f: (a: number, g: number, k: number) => number): Float64Array {
  const out = new Float64Array(cell.pixels);
  for (let p = 0; p < cell.pixels; p++) {
    for (let k = 0; k < cell.channels; k++) {
      const i = p * cell.channels + k;
      out[p] += f(cell.a[i], cell.g[i], k);
    }
  }
  return out;
}

export const gradcamWeights = (cell: Cell) => perChannel(cell, (_a, g) => g / cell.pixels);

/** w_k = sum_ij(g A) / (sum_ij A + 1e-7) (Fu et al. 2020; the reference's epsilon). */
export function xgradcamWeights(cell: Cell): Float64Array {
  const ga = perChannel(cell, (a, g) => g * a);
  const sumA = perChannel(cell, (a) => a);
  return ga.map((v, k) => v / (sumA[k] + 1e-7));
}

/**
 * Grad-CAM++ with the reference's exponential-score convention (second and third derivatives
 * are g^2 and g^3): alpha = g^2 / (2 g^2 + sum_ij(A) g^3 + 1e-6), zero where g == 0,
 * w_k = sum_ij relu(g) alpha.
 */
export function gradcamppWeights(cell: Cell): Float64Array {
  const sumA = perChannel(cell, (a) => a);
  return perChannel(cell, (_a, g, k) => {
    if (g === 0) return 0;
    const alpha = (g * g) / (2 * g * g + sumA[k] * g * g * g + 1e-6);
    return relu(g) * alpha;
  });
}

export const weightedSum = (cell: Cell, w: Float64Array) => perPixel(cell, (a, _g, k) => w[k] * a);
export const hirescamRaw = (cell: Cell) => perPixel(cell, (a, g) => g * a);
export const layercamRaw = (cell: Cell) => perPixel(cell, (a, g) => relu(g) * a);

/** Eigenvalues and vectors of a symmetric n x n matrix by cyclic Jacobi rotations. */
function jacobiEigen(m: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

/**
 * get_2d_projection: the pixel x channel matrix with each channel's mean removed, projected on
 * its top right singular vector (the top eigenvector of X^T X). `sign` orients the result: +1
 * makes its largest-magnitude entry positive (the fixtures' convention, times
 * sign_vs_maxabs_positive), 'channel-sum' makes it agree with the per-pixel channel sum (ours).
 */
export function principalProjection(
  x: Float64Array,
  pixels: number,
  channels: number,
  sign: 'maxabs-positive' | 'channel-sum',
): Float64Array {
  const mean = new Float64Array(channels);
  for (let p = 0; p < pixels; p++) for (let k = 0; k < channels; k++) mean[k] += x[p * channels + k] / pixels;
  const gram = new Float64Array(channels * channels);
  for (let p = 0; p < pixels; p++) {
    for (let i = 0; i < channels; i++) {
      for (let j = 0; j < channels; j++) {
        gram[i * channels + j] += (x[p * channels + i] - mean[i]) * (x[p * channels + j] - mean[j]);
      }
    }
  }
  const { values, vectors } = jacobiEigen(gram, channels);
  let top = 0;
  for (let i = 1; i < channels; i++) if (values[i] > values[top]) top = i;
  const proj = new Float64Array(pixels);
  const sums = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) {
    for (let k = 0; k < channels; k++) {
      proj[p] += (x[p * channels + k] - mean[k]) * vectors[k * channels + top];
      sums[p] += x[p * channels + k];
    }
  }
  let flip: boolean;
  if (sign === 'channel-sum') flip = proj.reduce((s, v, p) => s + v * sums[p], 0) < 0;
  else {
    let at = 0;
    for (let p = 1; p < pixels; p++) if (Math.abs(proj[p]) > Math.abs(proj[at])) at = p;
    flip = proj[at] < 0;
  }
  return flip ? proj.map((v) => -v) : proj;
}

export const product = (cell: Cell) => cell.a.map((a, i) => a * cell.g[i]);

/** The reference's post-processing at the activations' resolution: ReLU, then (x-min)/(max+1e-7). */
export function reluMinMax(raw: Float64Array): Float64Array {
  const r = raw.map(relu);
  let min = Infinity;
  for (const v of r) min = Math.min(min, v);
  const shifted = r.map((v) => v - min);
  let max = -Infinity;
  for (const v of shifted) max = Math.max(max, v);
  return shifted.map((v) => v / (max + 1e-7));
}

export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}
