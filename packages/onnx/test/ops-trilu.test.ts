import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx } from '../src';
import { checkGradients } from './helpers/finite-difference';
import { singleNodeModel } from './helpers/onnx-builder';
import { type OpInput, runOp, seeded } from './helpers/run-op';

/** The definition, element by element: keep x[..., i, j] when j - i >= k (upper) or j - i <= k (lower). */
function triluLoop(values: number[], shape: number[], k: number, upper: boolean): number[] {
  const [rows, cols] = shape.slice(-2);
  return values.map((v, flat) => {
    const i = Math.floor(flat / cols) % rows;
    const j = flat % cols;
    return (upper ? j - i >= k : j - i <= k) ? v : 0;
  });
}

const kInput = (k: number): OpInput => ({
  name: 'k',
  shape: [],
  data: [BigInt(k)],
  type: 'int64',
  constant: true,
});

describe('Trilu', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const x = { name: 'x', shape: [2, 4, 5], data: seeded(40, 3) };
  for (const upper of [1, 0]) {
    for (const k of [undefined, 0, 2, -1, -7, 9]) {
      it(`${upper ? 'upper' : 'lower'}, k = ${k ?? 'none'}: as the definition's loop`, () => {
        const inputs = k === undefined ? [x] : [x, kInput(k)];
        const [out] = runOp('Trilu', inputs, { upper: { i: upper } }, { opset: 14 });
        expect(out.shape).toEqual([2, 4, 5]);
        expect(out.values).toEqual(
          triluLoop(x.data, x.shape, k ?? 0, upper === 1).map((v) => Math.fround(v)),
        );
      });
    }
  }

  it('on an int and a bool tensor (causal masks are built from either)', () => {
    const ones = Array(12).fill(1);
    const [ints] = runOp(
      'Trilu',
      [{ name: 'x', shape: [3, 4], data: ones.map(BigInt), type: 'int64' }, kInput(1)],
      {
        upper: { i: 0 },
      },
    );
    expect(ints.values).toEqual(triluLoop(ones, [3, 4], 1, false));
    const [bools] = runOp('Trilu', [{ name: 'x', shape: [3, 4], data: ones, type: 'bool' }], {});
    expect(bools.dtype).toBe('bool');
    expect(bools.values).toEqual(triluLoop(ones, [3, 4], 0, true));
  });

  it('gradient equals central finite differences (zero where the triangle drops values)', () => {
    const exec = loadOnnx(
      singleNodeModel(
        'Trilu',
        [
          { name: 'x', shape: [2, 3, 4] },
          { name: 'k', shape: [], type: 'int64', init: [1n] },
        ],
        {
          upper: { i: 0 },
        },
        { opset: 14 },
      ),
    );
    const feeds = { x: tf.tensor(seeded(24, 5), [2, 3, 4]) };
    checkGradients(exec, feeds, ['x']);
    const g = tf.grad((v: tf.Tensor) => tf.sum(exec.run({ x: v }, ['y'])[0]))(feeds.x);
    expect(Array.from(g.dataSync())).toEqual(triluLoop(Array(24).fill(1), [2, 3, 4], 1, false));
    tf.dispose([g, feeds.x]);
    exec.dispose();
  });

  it('refuses a 1-D input, naming the node', () => {
    expect(() => runOp('Trilu', [{ name: 'x', shape: [3], data: [1, 2, 3] }], {}, { opset: 14 })).toThrow(
      /Trilu_node.*Trilu.*at least 2 axes/,
    );
  });
});
