import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KERNEL_FIXES, selectBackend } from '../src';

describe('selectBackend', () => {
  it('without tfjs-node installed, says so and picks WASM with the gradient kernels it lacks', async () => {
    const choice = await selectBackend();
    // This machine cannot install tfjs-node (its install downloads libtensorflow).
    expect(choice.skipped.map((s) => s.name)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // The project's kernels make filter gradients work on WASM.
    const x = tf.randomNormal([1, 5, 5, 2]) as tf.Tensor4D;
    const k = tf.randomNormal([3, 3, 2, 2]) as tf.Tensor4D;
    const g = tf.grad((f) => tf.conv2d(x, f as tf.Tensor4D, 1, 'same').sum())(k);
    expect(g.shape).toEqual([3, 3, 2, 2]);
    tf.dispose([x, k, g]);
  });

  it('reports the kernel fixes in force, the same on a second call (idempotent)', async () => {
    const wasm = await selectBackend('wasm');
    const forWasm = KERNEL_FIXES.filter((f) => f.backends === 'all' || f.backends.includes('wasm')).map(
      (f) => f.id,
    );
    expect(wasm.fixes).toEqual(forWasm);
    expect(wasm.fixes).toEqual(
      expect.arrayContaining(['MaxPoolGrad on WASM, first maximum', 'AvgPool gradient, padded windows']),
    );
    const maxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm');
    const again = await selectBackend();
    expect(again.fixes).toEqual(wasm.fixes);
    // Nothing re-registered: the same kernel object is in place.
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).toBe(maxPoolGrad);
    const cpu = await selectBackend('cpu');
    expect(cpu.fixes).toEqual(
      KERNEL_FIXES.filter((f) => f.backends === 'all' || f.backends.includes('cpu')).map((f) => f.id),
    );
    expect(cpu.fixes).not.toContain('MaxPoolGrad on WASM, first maximum');
    await selectBackend('wasm');
  });

  it('keeps a backend that is already active, and switches when asked', async () => {
    expect((await selectBackend()).reason).toBe('already active');
    const cpu = await selectBackend('cpu');
    expect([cpu.name, tf.getBackend()]).toEqual(['cpu', 'cpu']);
    expect((await selectBackend()).name).toBe('cpu');
  });

  it('an unknown backend is a clear error', async () => {
    await expect(selectBackend('webgpu-nope')).rejects.toThrow(
      /no TF.js backend could be activated \(tried webgpu-nope\)/,
    );
  });
});
