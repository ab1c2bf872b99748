import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOnnx } from '../src';
import { checkGradients } from './helpers/finite-difference';
import { singleNodeModel } from './helpers/onnx-builder';
import { expectClose, seeded, size } from './helpers/run-op';

/** `[..., m, k] @ [k, n]` in float64, by the definition. */
function rowsTimes(a: number[], aShape: number[], b: number[], n: number): number[] {
  const k = aShape[aShape.length - 1];
  const rows = size(aShape) / k;
  const out: number[] = [];
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += a[r * k + i] * b[i * n + j];
      out.push(s);
    }
  return out;
}

const A_SHAPE = [7, 1, 4]; // sequence-first: [tokens, batch, channels]
const B_SHAPE = [4, 5];

describe.each(['cpu', 'wasm'])('MatMul of an N-D tensor by a 2-D matrix (%s)', (backend) => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const constant of [true, false]) {
    const what = constant ? 'constant weights' : 'a fed matrix';
    it(`is one 2-D product with no Tile, right forward and gradients (${what})`, async () => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const aData = seeded(size(A_SHAPE), 3);
      const bData = seeded(size(B_SHAPE), 4);
      const exec = loadOnnx(
        singleNodeModel('MatMul', [
          { name: 'a', shape: A_SHAPE },
          { name: 'b', shape: B_SHAPE, init: constant ? bData : undefined },
        ]),
      );
      const a = tf.tensor(aData, A_SHAPE);
      const b = tf.tensor(bData, B_SHAPE);
      const feeds: Record<string, tf.Tensor> = constant ? { a } : { a, b };

      const profile = await tf.profile(() => {
        const [y] = exec.run(feeds, ['y']);
        return y;
      });
      tf.dispose(profile.result as tf.Tensor);
      expect(profile.kernelNames).not.toContain('Tile');
      expect(profile.kernelNames.filter((k) => k === 'BatchMatMul')).toHaveLength(1);

      const [y] = exec.run(feeds, ['y']);
      expect(y.shape).toEqual([7, 1, 5]);
      expectClose(y.dataSync(), rowsTimes(aData, A_SHAPE, bData, 5), 1e-5);
      y.dispose();

      checkGradients(exec, feeds, constant ? ['a'] : ['a', 'b'], { tolerance: 1e-3 });
      tf.dispose([a, b]);
      exec.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
