import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx } from '../src';
import { checkGradients } from './helpers/finite-difference';
import { singleNodeModel } from './helpers/onnx-builder';
import { type OpInput, runOp, seeded } from './helpers/run-op';

const f32 = (name: string, shape: number[], data: number[]): OpInput => ({ name, shape, data });
const i64 = (name: string, shape: number[], data: number[]): OpInput => ({
  name,
  shape,
  data: data.map(BigInt),
  type: 'int64',
  constant: true,
});

describe('GatherElements, GatherND, ScatterND (the ONNX operator examples)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('GatherElements along axis 1, axis 0, and with negative indices', () => {
    const [a] = runOp('GatherElements', [f32('x', [2, 2], [1, 2, 3, 4]), i64('i', [2, 2], [0, 0, 1, 0])], {
      axis: { i: 1 },
    });
    expect(a.values).toEqual([1, 1, 4, 3]);
    const data = f32('x', [3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [b] = runOp('GatherElements', [data, i64('i', [2, 3], [1, 2, 0, 2, 0, 0])], { axis: { i: 0 } });
    expect([b.shape, b.values]).toEqual([
      [2, 3],
      [4, 8, 3, 7, 2, 3],
    ]);
    const [c] = runOp('GatherElements', [data, i64('i', [2, 3], [-1, -2, 0, -2, 0, 0])], { axis: { i: 0 } });
    expect(c.values).toEqual([7, 5, 3, 4, 2, 3]);
    expect(() => runOp('GatherElements', [data, i64('i', [1, 1], [3])])).toThrow(
      /index 3 is out of range for a dimension of 3/,
    );
  });

  it('GatherND: elements, rows, tuples into 3-D data, and batch_dims', () => {
    const [a] = runOp('GatherND', [f32('x', [2, 2], [0, 1, 2, 3]), i64('i', [2, 2], [0, 0, 1, 1])]);
    expect([a.shape, a.values]).toEqual([[2], [0, 3]]);
    const [b] = runOp('GatherND', [f32('x', [2, 2], [0, 1, 2, 3]), i64('i', [2, 1], [1, 0])]);
    expect([b.shape, b.values]).toEqual([
      [2, 2],
      [2, 3, 0, 1],
    ]);
    const cube = f32('x', [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]);
    const [c] = runOp('GatherND', [cube, i64('i', [2, 2], [0, 1, 1, 0])]);
    expect([c.shape, c.values]).toEqual([
      [2, 2],
      [2, 3, 4, 5],
    ]);
    const [d] = runOp('GatherND', [cube, i64('i', [2, 1], [1, 0])], { batch_dims: { i: 1 } }, { opset: 12 });
    expect([d.shape, d.values]).toEqual([
      [2, 2],
      [2, 3, 4, 5],
    ]);
  });

  it('ScatterND: elements and slices replaced, and added', () => {
    const [a] = runOp('ScatterND', [
      f32('x', [8], [1, 2, 3, 4, 5, 6, 7, 8]),
      i64('i', [4, 1], [4, 3, 1, 7]),
      f32('u', [4], [9, 10, 11, 12]),
    ]);
    expect(a.values).toEqual([1, 11, 3, 10, 9, 6, 7, 12]);
    const slab = Array.from({ length: 64 }, (_, i) => (Math.floor(i / 16) === 1 ? 0 : 1));
    const [b] = runOp('ScatterND', [
      f32('x', [4, 4, 4], Array(64).fill(1)),
      i64('i', [2, 1], [0, 2]),
      f32('u', [2, 4, 4], [...Array(16).fill(5), ...Array(16).fill(8)]),
    ]);
    expect(b.values).toEqual([
      ...Array(16).fill(5),
      ...Array(16).fill(1),
      ...Array(16).fill(8),
      ...Array(16).fill(1),
    ]);
    const [c] = runOp(
      'ScatterND',
      [f32('x', [4, 4, 4], slab), i64('i', [2, 1], [1, 1]), f32('u', [2, 4, 4], Array(32).fill(2))],
      { reduction: { s: 'add' } },
      { opset: 16 },
    );
    expect(c.values).toEqual(slab.map((v, i) => (Math.floor(i / 16) === 1 ? v + 4 : v)));
    expect(() =>
      runOp('ScatterND', [
        f32('x', [8], Array(8).fill(0)),
        i64('i', [2, 1], [0, 1]),
        f32('u', [3], [1, 2, 3]),
      ]),
    ).toThrow(/updates are \[3\]; these indices need \[2\]/);
  });

  it('gradients equal central finite differences (data, and updates of ScatterND)', () => {
    const model = (op: string, inputs: Parameters<typeof singleNodeModel>[1], attrs = {}) =>
      loadOnnx(singleNodeModel(op, inputs, attrs, { opset: 16 }));
    const ge = model('GatherElements', [
      { name: 'x', shape: [3, 4] },
      { name: 'i', shape: [2, 4], type: 'int64', init: [2n, 0n, 1n, 1n, 0n, 0n, 2n, 1n] },
    ]);
    checkGradients(ge, { x: tf.tensor(seeded(12, 1), [3, 4]) }, ['x']);
    const gn = model('GatherND', [
      { name: 'x', shape: [3, 2, 2] },
      { name: 'i', shape: [3, 2], type: 'int64', init: [2n, 1n, 0n, 0n, 2n, 1n] },
    ]);
    checkGradients(gn, { x: tf.tensor(seeded(12, 2), [3, 2, 2]) }, ['x']);
    const sn = model('ScatterND', [
      { name: 'x', shape: [4, 3] },
      { name: 'i', shape: [2, 1], type: 'int64', init: [3n, 1n] },
      { name: 'u', shape: [2, 3] },
    ]);
    checkGradients(sn, { x: tf.tensor(seeded(12, 3), [4, 3]), u: tf.tensor(seeded(6, 4), [2, 3]) }, [
      'x',
      'u',
    ]);
    const sa = model(
      'ScatterND',
      [
        { name: 'x', shape: [4, 3] },
        { name: 'i', shape: [3, 1], type: 'int64', init: [3n, 1n, 3n] },
        { name: 'u', shape: [3, 3] },
      ],
      { reduction: { s: 'add' } },
    );
    checkGradients(sa, { x: tf.tensor(seeded(12, 5), [4, 3]), u: tf.tensor(seeded(9, 6), [3, 3]) }, [
      'x',
      'u',
    ]);
    for (const m of [ge, gn, sn, sa]) m.dispose();
  });
});
