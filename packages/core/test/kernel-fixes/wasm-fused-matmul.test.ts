import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { applyKernelFixes, restoreStockKernels } from '../../src';
import { BACKENDS, relativeError, seeded, useBackend } from './fd';

type Case = {
  batch: number;
  m: number;
  k: number;
  n: number;
  activation: 'linear' | 'relu' | 'elu';
  transposeA: boolean;
  transposeB: boolean;
};

/** act(A B + bias) in float64; A [batch, m, k] or its transpose, B [batch, k, n] or its transpose. */
function reference(c: Case, a: Float64Array, b: Float64Array, bias: Float64Array): Float64Array {
  const out = new Float64Array(c.batch * c.m * c.n);
  for (let p = 0; p < c.batch; p++)
    for (let i = 0; i < c.m; i++)
      for (let j = 0; j < c.n; j++) {
        let s = bias[j];
        for (let q = 0; q < c.k; q++) {
          const av = c.transposeA ? a[(p * c.k + q) * c.m + i] : a[(p * c.m + i) * c.k + q];
          s += av * (c.transposeB ? b[(p * c.n + j) * c.k + q] : b[(p * c.k + q) * c.n + j]);
        }
        const act = { linear: s, relu: Math.max(0, s), elu: s > 0 ? s : Math.expm1(s) };
        out[(p * c.m + i) * c.n + j] = act[c.activation];
      }
  return out;
}

const CASES: Case[] = [
  { batch: 1, m: 3, k: 4, n: 2, activation: 'linear', transposeA: false, transposeB: true },
  { batch: 2, m: 5, k: 3, n: 4, activation: 'linear', transposeA: false, transposeB: false },
  { batch: 2, m: 5, k: 3, n: 4, activation: 'relu', transposeA: false, transposeB: true },
  { batch: 2, m: 4, k: 6, n: 3, activation: 'elu', transposeA: true, transposeB: false },
  { batch: 1, m: 4, k: 6, n: 3, activation: 'relu', transposeA: false, transposeB: false },
];

function run(c: Case, seed: number) {
  const a = seeded(c.batch * c.m * c.k, seed);
  const b = seeded(c.batch * c.n * c.k, seed + 1);
  const bias = seeded(c.n, seed + 2);
  const got = tf.tidy(() =>
    tf.fused
      .matMul({
        a: tf.tensor3d(Float32Array.from(a), c.transposeA ? [c.batch, c.k, c.m] : [c.batch, c.m, c.k]),
        b: tf.tensor3d(Float32Array.from(b), c.transposeB ? [c.batch, c.n, c.k] : [c.batch, c.k, c.n]),
        transposeA: c.transposeA,
        transposeB: c.transposeB,
        bias: tf.tensor1d(Float32Array.from(bias)),
        activation: c.activation,
      })
      .dataSync(),
  );
  return relativeError(got, reference(c, a, b, bias));
}

describe('_FusedMatMul with a bias', () => {
  it('stock WASM 4.22 adds the bias at the wrong columns with transposeB or batch 2 (if this fails, TF.js fixed it: retire wasm-fused-matmul.ts)', async () => {
    await useBackend('wasm');
    restoreStockKernels('wasm');
    expect(run(CASES[0], 1)).toBeGreaterThan(0.05);
    expect(run(CASES[1], 2)).toBeGreaterThan(0.05);
    expect(run(CASES[4], 3)).toBeLessThan(1e-5);
  });

  for (const backend of BACKENDS) {
    it(`${backend === 'wasm' ? 'fixed' : 'stock'} on ${backend}: equals the float64 product, batch 2, transposes, relu and elu`, async () => {
      await useBackend(backend);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      CASES.forEach((c, i) => {
        expect(run(c, 10 + i), JSON.stringify(c)).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
