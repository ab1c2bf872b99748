import { fail } from '../checks';
import { createGaussian, createRng } from '../rng';
import type { Baseline } from '../types';
import type { HwcImage } from './image';

export interface BaselineOptions {
  /** Seed of the `noise` baseline. */
  seed?: number;
  /** Gaussian blur: sigma and radius in pixels (RISE blurs with an 11-tap kernel of sigma 5). */
  blurSigma?: number;
  blurRadius?: number;
}

/** The image that removed pixels are taken from, same shape as `image`. */
export function baselineImage(
  image: HwcImage,
  baseline: Baseline,
  options: BaselineOptions = {},
): Float32Array {
  if (typeof baseline === 'number') {
    if (!Number.isFinite(baseline)) fail(`a constant baseline must be finite, got ${baseline}`);
    return new Float32Array(image.data.length).fill(baseline);
  }
  switch (baseline) {
    case 'blur':
      return blur(image, options.blurSigma ?? 5, options.blurRadius ?? 5);
    case 'mean': {
      const { mean } = channelMoments(image);
      return image.data.map((_, i) => mean[i % image.channels]);
    }
    case 'noise': {
      const { mean, std } = channelMoments(image);
      const gaussian = createGaussian(createRng(options.seed ?? 0));
      return image.data.map((_, i) => mean[i % image.channels] + std[i % image.channels] * gaussian());
    }
    default:
      return fail(`unknown baseline '${baseline}': use 'blur', 'mean', 'noise' or a number`);
  }
}

function channelMoments(image: HwcImage): { mean: number[]; std: number[] } {
  const c = image.channels;
  const sum = new Array<number>(c).fill(0);
  const sq = new Array<number>(c).fill(0);
  image.data.forEach((v, i) => {
    sum[i % c] += v;
    sq[i % c] += v * v;
  });
  const n = image.data.length / c;
  const mean = sum.map((s) => s / n);
  const std = sq.map((s, k) => Math.sqrt(Math.max(0, s / n - mean[k] ** 2)));
  return { mean, std };
}

/** Separable gaussian blur per channel, edges clamped (replicated). */
function blur(image: HwcImage, sigma: number, radius: number): Float32Array {
  if (!(sigma > 0)) fail(`blurSigma must be positive, got ${sigma}`);
  if (!(Number.isInteger(radius) && radius >= 0))
    fail(`blurRadius must be a non-negative integer, got ${radius}`);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const total = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / total);
  const { height: h, width: w, channels: c } = image;
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          let acc = 0;
          for (let t = -radius; t <= radius; t++) {
            const sx = horizontal ? Math.min(w - 1, Math.max(0, x + t)) : x;
            const sy = horizontal ? y : Math.min(h - 1, Math.max(0, y + t));
            acc += k[t + radius] * src[(sy * w + sx) * c + ch];
          }
          out[(y * w + x) * c + ch] = acc;
        }
      }
    }
    return out;
  };
  return pass(pass(image.data, true), false);
}
