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

describe.each(['cpu', 'wasm'])(
  'MatMul of two computed batches, as untransposed 2-D products (%s)',
  (backend) => {
    afterAll(async () => {
      await tf.setBackend('cpu');
    });

    it('agrees with the definition and with finite differences, broadcasting a batch axis', async () => {
      await tf.setBackend(backend);
      const pShape = [2, 3, 4, 5];
      const qShape = [3, 5, 2]; // broadcast over the first axis of p
      const pData = seeded(size(pShape), 8);
      const qData = seeded(size(qShape), 9);
      const exec = loadOnnx(
        singleNodeModel('MatMul', [
          { name: 'p', shape: pShape },
          { name: 'q', shape: qShape },
        ]),
      );
      const feeds = { p: tf.tensor(pData, pShape), q: tf.tensor(qData, qShape) };
      const before = tf.memory().numTensors;
      const [y] = exec.run(feeds, ['y']);
      expect(y.shape).toEqual([2, 3, 4, 2]);
      const expected: number[] = [];
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++)
          for (let r = 0; r < 4; r++)
            for (let c = 0; c < 2; c++) {
              let s = 0;
              for (let k = 0; k < 5; k++)
                s += pData[((i * 3 + j) * 4 + r) * 5 + k] * qData[(j * 5 + k) * 2 + c];
              expected.push(s);
            }
      expectClose(y.dataSync(), expected, 1e-5);
      y.dispose();
      checkGradients(exec, feeds, ['p', 'q'], { tolerance: 1e-3 });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(Object.values(feeds));
      exec.dispose();
    });
  },
);
