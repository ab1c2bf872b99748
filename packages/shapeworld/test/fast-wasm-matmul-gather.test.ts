import * as tf from '@tensorflow/tfjs-core';
import { BatchMatMul, GatherV2, getKernel } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../src/index';
import { useFastWasmGather } from '../src/training/fast-wasm-gather';
import { useFastWasmMatMul } from '../src/training/fast-wasm-matmul';
import { useWasm } from './helpers/wasm';

function values(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

const isFast = (kernel: string) => (getKernel(kernel, 'wasm') as { fast?: boolean }).fast === true;

/** Runs `compute` on the CPU backend, then on WASM with the fast kernel; returns both and the worst gap. */
async function compare(
  kernel: string,
  use: () => () => void,
  compute: () => tf.Tensor,
): Promise<{ worst: number; shapes: [number[], number[]] }> {
  await tf.setBackend('cpu');
  const reference = compute();
  const expected = (await reference.data()) as Float32Array;
  const expectedShape = reference.shape;
  reference.dispose();
  await tf.setBackend('wasm');
  const restore = use();
  try {
    expect(isFast(kernel)).toBe(true);
    use()(); // a second call neither wraps twice nor restores
    expect(isFast(kernel)).toBe(true);
    const before = tf.memory().numTensors;
    const fast = compute();
    const actual = (await fast.data()) as Float32Array;
    const shape = fast.shape;
    fast.dispose();
    expect(tf.memory().numTensors).toBe(before);
    let worst = 0;
    actual.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - expected[i]));
    });
    return { worst, shapes: [shape, expectedShape] };
  } finally {
    restore();
    expect(isFast(kernel)).toBe(false);
  }
}

describe('useFastWasmMatMul', () => {
  beforeAll(useWasm);

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('matches the CPU backend with transposeA %s, transposeB %s (batched)', async (ta, tb) => {
    const [batch, m, k, n] = [3, 7, 5, 4];
    const { worst, shapes } = await compare(BatchMatMul, useFastWasmMatMul, () =>
      tf.tidy(() => {
        const a = tf.tensor3d(values(batch * m * k, 1), ta ? [batch, k, m] : [batch, m, k]);
        const b = tf.tensor3d(values(batch * k * n, 2), tb ? [batch, n, k] : [batch, k, n]);
        return tf.matMul(a, b, ta, tb);
      }),
    );
    expect(shapes[0]).toEqual([batch, m, n]);
    expect(shapes[0]).toEqual(shapes[1]);
    expect(worst).toBeLessThan(1e-5);
  });

  it('gives the CPU backend’s gradients of a dense layer (the transposed products)', async () => {
    const { worst, shapes } = await compare(BatchMatMul, useFastWasmMatMul, () =>
      tf.tidy(() => {
        const x = tf.tensor2d(values(6 * 4, 3), [6, 4]);
        const w = tf.tensor2d(values(4 * 3, 4), [4, 3]);
        const weights = tf.tensor2d(values(6 * 3, 5), [6, 3]);
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .matMul(a as tf.Tensor2D, b as tf.Tensor2D)
            .mul(weights)
            .sum(),
        )([x, w]);
        return tf.concat([dx.flatten(), dw.flatten()]);
      }),
    );
    expect(shapes[0]).toEqual([6 * 4 + 4 * 3]);
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('useFastWasmGather', () => {
  beforeAll(useWasm);

  it('matches the CPU backend on axis 0 with repeated rows and 2-D indices', async () => {
    const { worst, shapes } = await compare(GatherV2, useFastWasmGather, () =>
      tf.tidy(() => {
        const x = tf.tensor4d(values(5 * 3 * 2 * 4, 6), [5, 3, 2, 4]);
        const ids = tf.tensor2d(
          [
            [4, 0, 4],
            [2, 2, 1],
          ],
          [2, 3],
          'int32',
        );
        return tf.gather(x, ids);
      }),
    );
    expect(shapes[0]).toEqual([2, 3, 3, 2, 4]);
    expect(worst).toBe(0);
  });

  it('hands other axes to the original kernel', async () => {
    const { worst, shapes } = await compare(GatherV2, useFastWasmGather, () =>
      tf.tidy(() => tf.gather(tf.tensor3d(values(2 * 5 * 3, 7), [2, 5, 3]), tf.tensor1d([3, 0], 'int32'), 1)),
    );
    expect(shapes[0]).toEqual([2, 2, 3]);
    expect(worst).toBe(0);
  });

  it('copies the right rows when its output makes the WASM memory grow', async () => {
    await tf.setBackend('wasm');
    const restore = useFastWasmGather();
    try {
      // 2 rows of 16 MB each, gathered 12 times: a 192 MB output the heap has no room for yet.
      const inner = 4 * 1024 * 1024;
      const x = tf.tidy(() => tf.stack([tf.fill([inner], 1), tf.fill([inner], 2)]));
      const ids = tf.tensor1d([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1], 'int32');
      const picked = tf.gather(x, ids);
      const firsts = tf.tidy(() => picked.slice([0, 0], [-1, 1]).reshape([-1]));
      const lasts = tf.tidy(() => picked.slice([0, inner - 1], [-1, 1]).reshape([-1]));
      const expected = Array.from(ids.dataSync(), (id) => id + 1);
      expect(Array.from(firsts.dataSync())).toEqual(expected);
      expect(Array.from(lasts.dataSync())).toEqual(expected);
      tf.dispose([x, ids, picked, firsts, lasts]);
    } finally {
      restore();
    }
  });

  it('names an index out of range instead of reading past the tensor', async () => {
    await tf.setBackend('wasm');
    const restore = useFastWasmGather();
    try {
      const x = tf.tensor2d(values(3 * 2, 8), [3, 2]);
      const ids = tf.tensor1d([1, 3], 'int32');
      expect(() => tf.gather(x, ids)).toThrow(/index 3 is not in \[0, 2\]/);
      tf.dispose([x, ids]);
    } finally {
      restore();
    }
  });
});
