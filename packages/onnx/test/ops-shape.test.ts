import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OpInput, runOp } from './helpers/run-op';

const INT64_MAX = 9223372036854775807n;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const x234: OpInput = { name: 'x', shape: [2, 3, 4], data: range(24) };
const ints = (name: string, data: (number | bigint)[]): OpInput => ({
  name,
  shape: [data.length],
  data: data.map((v) => BigInt(v)),
  type: 'int64',
  constant: true,
});

describe('shape, slicing and constant ops', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('Reshape: 0 copies a dimension, -1 takes the rest; allowzero keeps a literal 0', () => {
    const [out] = runOp('Reshape', [x234, ints('s', [0, -1])]);
    expect(out.shape).toEqual([2, 12]);
    expect(out.values).toEqual(range(24));
    const [empty] = runOp(
      'Reshape',
      [{ name: 'x', shape: [0, 3], data: [] }, ints('s', [3, 0])],
      { allowzero: { i: 1 } },
      { opset: 14 },
    );
    expect(empty.shape).toEqual([3, 0]);
  });

  it('Flatten at axis 0, 2 and -1', () => {
    expect(runOp('Flatten', [x234], { axis: { i: 0 } })[0].shape).toEqual([1, 24]);
    expect(runOp('Flatten', [x234], { axis: { i: 2 } })[0].shape).toEqual([6, 4]);
    expect(runOp('Flatten', [x234], { axis: { i: -1 } })[0].shape).toEqual([6, 4]);
    expect(runOp('Flatten', [x234])[0].shape).toEqual([2, 12]);
  });

  it('Transpose with a permutation, and reversed by default', () => {
    const [p] = runOp('Transpose', [x234], { perm: { ints: [1, 0, 2] } });
    expect(p.shape).toEqual([3, 2, 4]);
    expect(p.values.slice(0, 8)).toEqual([0, 1, 2, 3, 12, 13, 14, 15]);
    const [r] = runOp('Transpose', [{ name: 'x', shape: [2, 3], data: range(6) }]);
    expect(r.values).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('Squeeze and Unsqueeze: axes as attributes (opset 11) and as inputs (opset 13)', () => {
    const x = { name: 'x', shape: [1, 3, 1, 2], data: range(6) };
    expect(runOp('Squeeze', [x], { axes: { ints: [0, -2] } }, { opset: 11 })[0].shape).toEqual([3, 2]);
    expect(runOp('Squeeze', [x, ints('a', [2])])[0].shape).toEqual([1, 3, 2]);
    expect(runOp('Squeeze', [x])[0].shape).toEqual([3, 2]);
    const y = { name: 'x', shape: [3, 2], data: range(6) };
    expect(runOp('Unsqueeze', [y], { axes: { ints: [0, 3] } }, { opset: 11 })[0].shape).toEqual([1, 3, 2, 1]);
    expect(runOp('Unsqueeze', [y, ints('a', [-1, 1])])[0].shape).toEqual([3, 1, 2, 1]);
  });

  it('Shape (with opset-15 start/end), Size, Expand, Tile', () => {
    expect(runOp('Shape', [x234])[0]).toMatchObject({ values: [2, 3, 4], dtype: 'int32' });
    expect(runOp('Shape', [x234], { start: { i: 1 }, end: { i: -1 } }, { opset: 15 })[0].values).toEqual([3]);
    expect(runOp('Size', [x234])[0].values).toEqual([24]);
    const expanded = runOp('Expand', [
      { name: 'x', shape: [3, 1], data: [1, 2, 3] },
      ints('s', [2, 1, 2]),
    ])[0];
    expect(expanded.shape).toEqual([2, 3, 2]);
    expect(expanded.values).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    const tiled = runOp('Tile', [{ name: 'x', shape: [1, 2], data: [1, 2] }, ints('r', [2, 2])])[0];
    expect(tiled.values).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
  });

  it('Gather with negative and scalar indices', () => {
    const [rows] = runOp('Gather', [x234, ints('i', [-1, 0])], { axis: { i: 1 } });
    expect(rows.shape).toEqual([2, 2, 4]);
    expect(rows.values.slice(0, 8)).toEqual([8, 9, 10, 11, 0, 1, 2, 3]);
    const [one] = runOp('Gather', [
      x234,
      { name: 'i', shape: [], data: [1n], type: 'int64', constant: true },
    ]);
    expect(one.shape).toEqual([3, 4]);
    expect(one.values[0]).toBe(12);
    // Indices fed at run time, negative ones wrapped by the op.
    const [fed] = runOp('Gather', [
      { name: 'x', shape: [5], data: [10, 11, 12, 13, 14] },
      { name: 'i', shape: [3], data: [-1, 0, -5], type: 'int64' },
    ]);
    expect(fed.values).toEqual([14, 10, 10]);
  });

  it('Slice: inputs (opset 10+) with axes, steps, negative steps and INT64 bounds; attributes before', () => {
    const [a] = runOp('Slice', [x234, ints('s', [1, -3]), ints('e', [INT64_MAX, -1]), ints('a', [0, 2])]);
    expect(a.shape).toEqual([1, 3, 2]);
    expect(a.values).toEqual([13, 14, 17, 18, 21, 22]);
    const [b] = runOp('Slice', [
      x234,
      ints('s', [-1, 3]),
      ints('e', [-INT64_MAX, 0]),
      ints('a', [2, 1]),
      ints('t', [-2, -2]),
    ]);
    // Axis 1 from 3 (clamped to 2) down to 0 exclusive in steps of 2: index 2 only.
    expect(b.shape).toEqual([2, 1, 2]);
    expect(b.values).toEqual([11, 9, 23, 21]);
    const [c] = runOp(
      'Slice',
      [x234],
      { starts: { ints: [1] }, ends: { ints: [3] }, axes: { ints: [1] } },
      { opset: 9 },
    );
    expect(c.shape).toEqual([2, 2, 4]);
    const [empty] = runOp('Slice', [x234, ints('s', [5]), ints('e', [9]), ints('a', [2])]);
    expect(empty.shape).toEqual([2, 3, 0]);
  });

  it('Concat (empty inputs add nothing) and Split (input sizes, attribute sizes, equal parts)', () => {
    const [c] = runOp('Concat', [x234, { name: 'z', shape: [2, 0, 4], data: [] }, x234], { axis: { i: -2 } });
    expect(c.shape).toEqual([2, 6, 4]);
    const sizes = runOp('Split', [x234, ints('s', [1, 3])], { axis: { i: 2 } }, { outputs: ['a', 'b'] });
    expect(sizes.map((o) => o.shape)).toEqual([
      [2, 3, 1],
      [2, 3, 3],
    ]);
    const legacy = runOp(
      'Split',
      [x234],
      { axis: { i: 1 }, split: { ints: [2, 1] } },
      { outputs: ['a', 'b'], opset: 11 },
    );
    expect(legacy.map((o) => o.shape[1])).toEqual([2, 1]);
    const equal = runOp('Split', [x234], { axis: { i: 2 } }, { outputs: ['a', 'b'] });
    expect(equal[1].values).toEqual([2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23]);
    const uneven = runOp(
      'Split',
      [{ name: 'x', shape: [5], data: range(5) }],
      { num_outputs: { i: 2 } },
      {
        outputs: ['a', 'b'],
        opset: 18,
      },
    );
    expect(uneven.map((o) => o.values)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('Pad: constant (opset 2 attributes and 11+ inputs), reflect, edge, negative pads crop', () => {
    const x = { name: 'x', shape: [1, 3], data: [1, 2, 3] };
    expect(
      runOp('Pad', [x], { pads: { ints: [0, 1, 0, 2] }, value: { f: 9 } }, { opset: 2 })[0].values,
    ).toEqual([9, 1, 2, 3, 9, 9]);
    const value = { name: 'v', shape: [], data: [7], constant: true };
    expect(runOp('Pad', [x, ints('p', [0, 2, 0, 1]), value])[0].values).toEqual([7, 7, 1, 2, 3, 7]);
    expect(runOp('Pad', [x, ints('p', [0, 2, 0, 2])], { mode: { s: 'reflect' } })[0].values).toEqual([
      3, 2, 1, 2, 3, 2, 1,
    ]);
    expect(runOp('Pad', [x, ints('p', [0, 2, 0, 1])], { mode: { s: 'edge' } })[0].values).toEqual([
      1, 1, 1, 2, 3, 3,
    ]);
    expect(runOp('Pad', [x, ints('p', [0, -1, 0, 1])])[0].values).toEqual([2, 3, 0]);
    const axes = runOp(
      'Pad',
      [x, ints('p', [1, 1]), { name: '', shape: [], data: [] }, ints('a', [-1])],
      {},
      { opset: 18 },
    );
    expect(axes[0].values).toEqual([0, 1, 2, 3, 0]);
  });

  it('DepthToSpace (DCR and CRD) and SpaceToDepth', () => {
    // The ONNX operator examples: 8 channels of a 1x1x2x3 image... here [1, 8, 1, 1] -> [1, 2, 2, 2].
    const x = { name: 'x', shape: [1, 8, 1, 1], data: range(8) };
    const dcr = runOp('DepthToSpace', [x], { blocksize: { i: 2 } })[0];
    expect(dcr).toMatchObject({ shape: [1, 2, 2, 2], values: [0, 2, 4, 6, 1, 3, 5, 7] });
    const crd = runOp('DepthToSpace', [x], { blocksize: { i: 2 }, mode: { s: 'CRD' } })[0];
    expect(crd.values).toEqual(range(8));
    const image = { name: 'x', shape: [1, 2, 2, 2], data: [0, 2, 4, 6, 1, 3, 5, 7] };
    expect(runOp('SpaceToDepth', [image], { blocksize: { i: 2 } })[0]).toMatchObject({
      shape: [1, 8, 1, 1],
      values: range(8),
    });
  });

  it('Cast, ConstantOfShape, Range, Constant, Identity, Dropout', () => {
    const cast = runOp('Cast', [{ name: 'x', shape: [4], data: [-1.7, 0, 2.9, 0.5] }], { to: { i: 7 } })[0];
    expect(cast).toMatchObject({ values: [-1, 0, 2, 0], dtype: 'int32' });
    expect(runOp('Cast', [{ name: 'x', shape: [3], data: [0, 2, -1] }], { to: { i: 9 } })[0].values).toEqual([
      0, 1, 1,
    ]);
    const filled = runOp('ConstantOfShape', [ints('s', [2, 2])], {
      value: { t: { dims: [1], type: 'int64', data: [5n] } },
    })[0];
    expect(filled).toMatchObject({ shape: [2, 2], values: [5, 5, 5, 5], dtype: 'int32' });
    expect(runOp('ConstantOfShape', [ints('s', [3])])[0]).toMatchObject({
      values: [0, 0, 0],
      dtype: 'float32',
    });
    const scalar = (name: string, v: number) => ({ name, shape: [], data: [v], constant: true });
    expect(runOp('Range', [scalar('a', 1), scalar('b', 2), scalar('c', 0.25)])[0].values).toEqual([
      1, 1.25, 1.5, 1.75,
    ]);
    expect(runOp('Constant', [], { value_ints: { ints: [3, -1] } })[0]).toMatchObject({
      values: [3, -1],
      dtype: 'int32',
    });
    expect(runOp('Constant', [], { value: { t: { dims: [2], data: [0.5, 2] } } })[0].values).toEqual([
      0.5, 2,
    ]);
    expect(runOp('Identity', [x234])[0].values).toEqual(range(24));
    const dropout = runOp('Dropout', [x234], {}, { outputs: ['y', 'mask'] });
    expect(dropout[0].values).toEqual(range(24));
    expect(dropout[1]).toMatchObject({ shape: [2, 3, 4], dtype: 'bool' });
  });
});
