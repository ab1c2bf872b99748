import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropInput, getKernel } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../src/index';
import { useFastWasmConvBackpropInput } from '../src/training/fast-conv-backprop-input';
import { useWasm } from './helpers/wasm';

type Pad = 'same' | 'valid';

function values(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

/** d/dx of a weighted sum of conv2d(x, w), on whichever backend is active. */
async function inputGradient(kernel: number, pad: Pad, stride: number): Promise<Float32Array> {
  const [n, h, w, ci, co] = [2, 9, 8, 3, 5];
  const x = tf.tensor4d(values(n * h * w * ci, 1), [n, h, w, ci]);
  const filter = tf.tensor4d(values(kernel * kernel * ci * co, 2), [kernel, kernel, ci, co]);
  const out = tf.conv2d(x, filter, stride, pad);
  const weights = tf.tensor(values(out.size, 3), out.shape);
  const dx = tf.grad((input: tf.Tensor) =>
    tf
      .conv2d(input as tf.Tensor4D, filter, stride, pad)
      .mul(weights)
      .sum(),
  )(x);
  const data = (await dx.data()) as Float32Array;
  tf.dispose([x, filter, out, weights, dx]);
  return data;
}

const CASES: [number, Pad, number][] = [
  [3, 'same', 1],
  [5, 'same', 1],
  [1, 'same', 1],
  // Not the fast path: handed to the original kernel.
  [3, 'valid', 1],
  [3, 'same', 2],
];

describe('useFastWasmConvBackpropInput', () => {
  beforeAll(useWasm);

  it.each(CASES)(
    'matches the CPU backend for a %ix%i kernel, %s padding, stride %i',
    async (k, pad, stride) => {
      await tf.setBackend('cpu');
      const reference = await inputGradient(k, pad, stride);
      await tf.setBackend('wasm');
      const restore = useFastWasmConvBackpropInput();
      const isFast = () => (getKernel(Conv2DBackpropInput, 'wasm') as { fast?: boolean }).fast === true;
      try {
        expect(isFast()).toBe(true);
        useFastWasmConvBackpropInput()(); // a second call neither wraps twice nor restores
        expect(isFast()).toBe(true);
        const before = tf.memory().numTensors;
        const fast = await inputGradient(k, pad, stride);
        expect(tf.memory().numTensors).toBe(before);
        expect(fast.length).toBe(reference.length);
        let worst = 0;
        fast.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - reference[i]));
        });
        expect(worst).toBeLessThan(1e-4);
      } finally {
        restore();
      }
      expect(isFast()).toBe(false);
    },
  );
});
