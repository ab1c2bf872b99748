import { fail } from '../checks';

/** Area under a piecewise-linear curve through (x[i], y[i]), x non-decreasing. */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) fail(`a curve needs as many x as y values, got ${x.length} and ${y.length}`);
  let area = 0;
  for (let i = 1; i < x.length; i++) {
    if (x[i] < x[i - 1]) fail('the x values of a curve must not decrease');
    area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  }
  return area;
}
