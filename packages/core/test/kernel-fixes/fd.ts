import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'cpu' | 'wasm';
export const BACKENDS: BackendName[] = ['cpu', 'wasm'];

export async function useBackend(name: BackendName): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

/** Seeded values in [-1, 1), identical on every backend and every run. */
export function seeded(n: number, seed: number): Float64Array {
  const values = new Float64Array(n);
  let state = seed * 7919 + 17;
  for (let i = 0; i < values.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values[i] = state / 1073741824 - 1;
  }
  return values;
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Central finite differences of the scalar `loss` (float64 arithmetic, written by the test, not
 * TF.js) at every coordinate of `x`.
 */
export function finiteDifferences(
  loss: (x: Float64Array) => number,
  x: Float64Array,
  eps = 1e-4,
): Float64Array {
  const grad = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + eps;
    const plus = loss(probe);
    probe[i] = x[i] - eps;
    const minus = loss(probe);
    probe[i] = x[i];
    grad[i] = (plus - minus) / (2 * eps);
  }
  return grad;
}

/** `sum(weights * y)`: a loss whose gradient with respect to y is `weights`, in float64. */
export function weightedSum(y: ArrayLike<number>, weights: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * weights[i];
  return s;
}

/** max |a - b| / max(1, max |b|): the error of `a` relative to the reference `b`. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/**
 * The TF.js gradient of `sum(weights * op(x))` with respect to x on the active backend, read back.
 * `weights` has op(x)'s shape.
 */
export function tfGradient(
  op: (x: tf.Tensor) => tf.Tensor,
  x: Float64Array,
  shape: number[],
  weights: Float64Array,
): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor(Float32Array.from(x), shape);
    const g = tf.grad((v: tf.Tensor) => {
      const y = op(v);
      return tf.sum(tf.mul(y, tf.tensor(Float32Array.from(weights), y.shape)));
    })(input);
    return g.dataSync() as Float32Array;
  });
}

/** op(x) on the active backend, read back. */
export function tfForward(op: (x: tf.Tensor) => tf.Tensor, x: Float64Array, shape: number[]): Float32Array {
  return tf.tidy(() => op(tf.tensor(Float32Array.from(x), shape)).dataSync() as Float32Array);
}
