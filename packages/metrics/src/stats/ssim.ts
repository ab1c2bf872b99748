import type { MapData } from '@gradcam/core';
import { checkGrid, fail } from '../checks';

export interface SsimOptions {
  /** Side of the gaussian window, odd (default 11 as Wang et al. 2004; 7 for small maps). */
  window?: number;
  /** Standard deviation of the window (default 1.5). */
  sigma?: number;
  /** Dynamic range L of the values (default 1, for maps normalised to [0, 1]). */
  dataRange?: number;
  k1?: number;
  k2?: number;
}

/**
 * Mean structural similarity (Wang et al. 2004) of two maps, with the standard constants
 * C1 = (0.01 L)^2 and C2 = (0.03 L)^2, over every position where the window fits inside the maps
 * (no padding, so the edges are not invented). 1 for identical maps; negative when the local
 * structure is inverted. Note that for non-negative maps x and -x both the luminance and the
 * structure terms flip sign, so their product, SSIM(x, -x), is positive: the inverse of a map in
 * [0, 1] is 1 - x.
 */
export function ssim(a: MapData, b: MapData, options: SsimOptions = {}): number {
  checkGrid(a, 'the first map');
  checkGrid(b, 'the second map');
  if (a.width !== b.width || a.height !== b.height) {
    fail(`SSIM of a ${a.width}x${a.height} and a ${b.width}x${b.height} map: resize one first`);
  }
  const size = options.window ?? 11;
  const sigma = options.sigma ?? 1.5;
  const range = options.dataRange ?? 1;
  if (!(Number.isInteger(size) && size >= 1 && size % 2 === 1))
    fail(`the SSIM window must be odd, got ${size}`);
  if (size > a.width || size > a.height) {
    fail(
      `the ${a.width}x${a.height} maps are smaller than the ${size}-pixel SSIM window: use window 7, or larger maps`,
    );
  }
  const c1 = ((options.k1 ?? 0.01) * range) ** 2;
  const c2 = ((options.k2 ?? 0.03) * range) ** 2;
  const weights = gaussianWindow(size, sigma);
  const { width: w, height: h } = a;
  let total = 0;
  let count = 0;
  for (let y0 = 0; y0 + size <= h; y0++) {
    for (let x0 = 0; x0 + size <= w; x0++) {
      let mx = 0;
      let my = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let dy = 0; dy < size; dy++) {
        for (let dx = 0; dx < size; dx++) {
          const g = weights[dy * size + dx];
          const i = (y0 + dy) * w + x0 + dx;
          const x = a.data[i];
          const y = b.data[i];
          mx += g * x;
          my += g * y;
          sxx += g * x * x;
          syy += g * y * y;
          sxy += g * x * y;
        }
      }
      const vx = sxx - mx * mx;
      const vy = syy - my * my;
      const cov = sxy - mx * my;
      total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}

/** A normalised 2-D gaussian, size x size, row-major. */
function gaussianWindow(size: number, sigma: number): Float64Array {
  const r = (size - 1) / 2;
  const g = Float64Array.from({ length: size * size }, (_, i) => {
    const dx = (i % size) - r;
    const dy = Math.floor(i / size) - r;
    return Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
  });
  const sum = g.reduce((s, v) => s + v, 0);
  return g.map((v) => v / sum);
}
