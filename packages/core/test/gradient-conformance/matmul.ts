import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';

type T2 = tf.Tensor2D;

function matmul(name: string, a: number[], b: number[], ta = false, tb = false): ConformanceCase {
  // Bilinear: each input's differences are exact in float32 up to rounding.
  return {
    kernel: 'BatchMatMul',
    name,
    inputs: [{ shape: a }, { shape: b }],
    f: (x, y) => tf.matMul(x, y, ta, tb),
    linear: true,
  };
}

/** y = relu(a b + bias) for 2-D a [m, k], b [k, n] (or [n, k] transposed). */
function fusedReference(m: number, k: number, n: number, transposeB: boolean) {
  return ([a, b, bias]: Float64Array[]): Float64Array => {
    const y = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = bias[j];
        for (let t = 0; t < k; t++) s += a[i * k + t] * (transposeB ? b[j * k + t] : b[t * n + j]);
        y[i * n + j] = Math.max(s, 0);
      }
    return y;
  };
}

export const matmulCases: ConformanceCase[] = [
  matmul('[3, 4] x [4, 2]', [3, 4], [4, 2]),
  matmul('transposed a and b', [4, 3], [2, 4], true, true),
  matmul('batched [2, 3, 4] x [2, 4, 2]', [2, 3, 4], [2, 4, 2]),
  matmul('rank 3 x rank 2, sequence-first attention [5, 1, 4] x [4, 3]', [5, 1, 4], [4, 3]),
  matmul('batch broadcast [1, 3, 4] x [2, 4, 2]', [1, 3, 4], [2, 4, 2]),
  matmul('batch broadcast [2, 3, 4] x [1, 4, 2]', [2, 3, 4], [1, 4, 2]),
  {
    kernel: '_FusedMatMul',
    name: 'Dense: a b^T + bias, relu (converter)',
    inputs: [{ shape: [3, 4] }, { shape: [2, 4] }, { shape: [2] }],
    f: (a, b, bias) =>
      tf.fused.matMul({ a: a as T2, b: b as T2, transposeB: true, bias, activation: 'relu' }),
    reference: fusedReference(3, 4, 2, true),
  },
  {
    kernel: '_FusedMatMul',
    name: 'batch 2 rows, bias, relu',
    inputs: [{ shape: [2, 3] }, { shape: [3, 4] }, { shape: [4] }],
    f: (a, b, bias) => tf.fused.matMul({ a: a as T2, b: b as T2, bias, activation: 'relu' }),
    reference: fusedReference(2, 3, 4, false),
  },
];
