import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Two tensors of one shape, equal to `tolerance` in absolute value. */
export function expectTensorsClose(actual: tf.Tensor, expected: tf.Tensor, tolerance = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(maxAbsDiff(actual.dataSync(), expected.dataSync())).toBeLessThan(tolerance);
}

/** Within `relative` of the largest magnitude of `expected`, which must not be negligible. */
export function expectRelativelyClose(actual: number[], expected: number[], relative: number): void {
  const scale = Math.max(...expected.map(Math.abs));
  expect(scale).toBeGreaterThan(1e-3);
  expect(maxAbsDiff(actual, expected) / scale).toBeLessThan(relative);
}
