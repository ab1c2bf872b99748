import { fail } from '../checks';
import { createRng } from '../rng';
import { studentTQuantile } from './student-t';

export interface MeanIntervalOptions {
  /** Coverage of the interval (default 0.95). */
  confidence?: number;
  /**
   * `t` (default): mean +- t(df = n - 1) x standard error, exact for normal data and the usual
   * way to report a mean. `bootstrap`: the percentile interval of resampled means, free of the
   * normality assumption (useful for bounded or skewed scores such as hit rates), seeded.
   */
  method?: 't' | 'bootstrap';
  /** Bootstrap resamples (default 10000). */
  resamples?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
}

export interface MeanInterval {
  mean: number;
  /** Bounds of the interval; NaN with fewer than two values, where no spread can be estimated. */
  lower: number;
  upper: number;
  n: number;
  /** Sample standard deviation (n - 1 denominator). */
  std: number;
  method: 't' | 'bootstrap';
  confidence: number;
}

/** A mean with its confidence interval, for reporting a metric over a data set. */
export function meanInterval(values: ArrayLike<number>, options: MeanIntervalOptions = {}): MeanInterval {
  const confidence = options.confidence ?? 0.95;
  const method = options.method ?? 't';
  if (!(confidence > 0 && confidence < 1)) fail(`confidence must be in (0, 1), got ${confidence}`);
  const n = values.length;
  if (n === 0) fail('meanInterval needs at least one value');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) {
      fail(
        `value ${i} is ${values[i]}: drop undefined results (e.g. NaN correlations of constant maps) first`,
      );
    }
  }
  // Sum first, divide once: n values of 1 average to exactly 1, as the bootstrap's means do.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN;
  const result = { mean, n, std, method, confidence, lower: Number.NaN, upper: Number.NaN };
  if (n < 2) return result;
  if (method === 't') {
    const half = (studentTQuantile((1 + confidence) / 2, n - 1) * std) / Math.sqrt(n);
    return { ...result, lower: mean - half, upper: mean + half };
  }
  if (method !== 'bootstrap') fail(`unknown interval method '${method}': use 't' or 'bootstrap'`);
  const resamples = options.resamples ?? 10_000;
  if (!(Number.isInteger(resamples) && resamples >= 1))
    fail(`resamples must be a positive integer, got ${resamples}`);
  const rng = createRng(options.seed ?? 0);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.floor(rng() * n)];
    means[r] = s / n;
  }
  means.sort();
  return {
    ...result,
    lower: quantile(means, (1 - confidence) / 2),
    upper: quantile(means, (1 + confidence) / 2),
  };
}

/** Linear interpolation between order statistics (the default of R and NumPy). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
