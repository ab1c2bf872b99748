import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { classTarget, type ExplainableModel, explain, restoreStockKernels } from '../src';
import { seeded } from './kernel-fixes/fd';

type Model = ExplainableModel<tf.Tensor4D, Record<string, never>, tf.Tensor2D>;

// Conv with a negative bias, then a max pool whose windows are all negative, then a dense layer:
// the case where stock WASM gave a channel weight of 0.028 and CPU 0.25.
const model: Model = {
  layer: 'conv',
  body: (x) => ({ activations: tf.clone(x), context: {} }),
  head: (a) =>
    tf.tidy(() => {
      const pooled = tf.maxPool(tf.sub(a, 3) as tf.Tensor4D, 2, 2, 'same');
      const flat = tf.reshape(pooled, [a.shape[0], -1]) as tf.Tensor2D;
      const dense = tf.tensor2d(Float32Array.from(seeded(flat.shape[1] * 3, 7)), [flat.shape[1], 3]);
      return tf.matMul(flat, dense) as tf.Tensor2D;
    }),
};

async function weightsOn(backend: 'cpu' | 'wasm', stock: boolean): Promise<Float32Array> {
  await tf.setBackend(backend);
  await tf.ready();
  // As a user who set the backend himself, after something put the stock kernels back.
  if (stock) restoreStockKernels(backend);
  const x = tf.tensor4d(Float32Array.from(seeded(2 * 5 * 5 * 4, 3)), [2, 5, 5, 4]);
  const result = await explain(model, x, classTarget(1), { keepRaw: true });
  x.dispose();
  return Float32Array.from(result.maps.flatMap((m) => Array.from(m.weights ?? [])));
}

describe('explain() applies the kernel fixes for a backend the caller activated with tf.setBackend', () => {
  it('WASM channel weights equal the CPU ones behind an all-negative max pool', async () => {
    const cpu = await weightsOn('cpu', true);
    const wasm = await weightsOn('wasm', true);
    expect(cpu.length).toBe(8);
    let diff = 0;
    cpu.forEach((v, i) => {
      diff = Math.max(diff, Math.abs(v - wasm[i]));
    });
    expect(diff).toBeLessThan(1e-5);
    expect(Math.max(...cpu.map(Math.abs))).toBeGreaterThan(0.01);
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).toBeDefined();
  });
});
