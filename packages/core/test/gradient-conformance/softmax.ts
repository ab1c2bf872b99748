import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';

/** Softmax (or log-softmax) of each row of length n, computed stably in float64. */
function softmaxReference(n: number, log: boolean) {
  return ([x]: Float64Array[]): Float64Array => {
    const y = new Float64Array(x.length);
    for (let r = 0; r < x.length; r += n) {
      const row = x.subarray(r, r + n);
      const top = Math.max(...row);
      const lse = top + Math.log(row.reduce((s, v) => s + Math.exp(v - top), 0));
      row.forEach((v, i) => {
        y[r + i] = log ? v - lse : Math.exp(v - lse);
      });
    }
    return y;
  };
}

const scaled = (k: number) => (x: tf.Tensor) => tf.mul(x, k);

export const softmaxCases: ConformanceCase[] = [
  {
    kernel: 'Softmax',
    name: 'rows of 5, batch 3',
    inputs: [{ shape: [3, 5] }],
    f: (x) => tf.softmax(x),
    reference: softmaxReference(5, false),
  },
  {
    kernel: 'Softmax',
    name: 'attention scores [2, 3, 3], last axis',
    inputs: [{ shape: [2, 3, 3] }],
    f: (x) => tf.softmax(x),
    reference: softmaxReference(3, false),
  },
  {
    kernel: 'Softmax',
    name: 'large logits (x 20)',
    inputs: [{ shape: [2, 4] }],
    f: (x) => tf.softmax(scaled(20)(x)),
    reference: ([x]) => softmaxReference(4, false)([x.map((v) => v * 20)]),
  },
  {
    // tfjs-core builds log-softmax from Max, Sub, Exp, Sum and Log under a custom gradient.
    kernel: 'log-softmax',
    composite: true,
    name: 'rows of 5, batch 2',
    inputs: [{ shape: [2, 5] }],
    f: (x) => tf.logSoftmax(x),
    reference: softmaxReference(5, true),
  },
  {
    kernel: 'attention',
    composite: true,
    name: 'softmax(q k^T / 2) v, [2, 3, 4] heads',
    inputs: [{ shape: [2, 3, 4] }, { shape: [2, 3, 4] }, { shape: [2, 3, 4] }],
    f: (q, k, v) => tf.matMul(tf.softmax(tf.div(tf.matMul(q, k, false, true), 2)), v),
  },
];
