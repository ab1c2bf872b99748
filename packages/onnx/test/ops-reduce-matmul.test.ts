import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, type OpInput, runOp, seeded } from './helpers/run-op';

const ints = (name: string, data: number[]): OpInput => ({
  name,
  shape: [data.length],
  data: data.map((v) => BigInt(v)),
  type: 'int64',
  constant: true,
});
const x = { name: 'x', shape: [2, 3], data: [1, -2, 3, 4, 5, -6] };

describe('reduce, softmax, matmul and normalization ops', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('Reduce*: axes as attribute (opset 13) or input (ReduceSum 13, others 18), keepdims, all axes', () => {
    const [mean] = runOp('ReduceMean', [x], { axes: { ints: [1] } });
    expect(mean.shape).toEqual([2, 1]);
    expectClose(mean.values, [2 / 3, 1]);
    expect(runOp('ReduceMean', [x, ints('a', [-1])], { keepdims: { i: 0 } }, { opset: 18 })[0].shape).toEqual(
      [2],
    );
    expect(runOp('ReduceSum', [x, ints('a', [0])])[0].values).toEqual([5, 3, -3]);
    expect(runOp('ReduceSum', [x])[0]).toMatchObject({ shape: [1, 1], values: [5] });
    expect(runOp('ReduceSum', [x], { noop_with_empty_axes: { i: 1 } })[0].values).toEqual(x.data);
    expect(runOp('ReduceMax', [x], { axes: { ints: [1] }, keepdims: { i: 0 } })[0].values).toEqual([3, 5]);
    expect(runOp('ReduceMin', [x], { axes: { ints: [0] } })[0].values).toEqual([1, -2, -6]);
    expect(runOp('ReduceProd', [x], { axes: { ints: [1] } })[0].values).toEqual([-6, -120]);
    expect(runOp('ReduceL1', [x], { axes: { ints: [1] } })[0].values).toEqual([6, 15]);
    expectClose(runOp('ReduceL2', [x], { axes: { ints: [1] } })[0].values, [Math.sqrt(14), Math.sqrt(77)]);
    expect(runOp('ReduceSumSquare', [x], { axes: { ints: [1] } })[0].values).toEqual([14, 77]);
    const p = { name: 'x', shape: [2], data: [1, 3] };
    expectClose(runOp('ReduceLogSum', [p])[0].values, [Math.log(4)]);
    expectClose(runOp('ReduceLogSumExp', [p])[0].values, [Math.log(Math.exp(1) + Math.exp(3))]);
  });

  it('Softmax over one axis (opset 13) and over the input flattened at axis (opset 11); LogSoftmax', () => {
    const data = seeded(12, 3);
    const softmax = (v: number[]) => {
      const m = Math.max(...v);
      const e = v.map((u) => Math.exp(u - m));
      const s = e.reduce((a, b) => a + b);
      return e.map((u) => u / s);
    };
    const t = { name: 'x', shape: [2, 3, 2], data };
    // opset 13, axis 1: per (i, k), over j.
    const [a] = runOp('Softmax', [t], { axis: { i: 1 } });
    const expected13: number[] = new Array(12);
    for (let i = 0; i < 2; i++)
      for (let k = 0; k < 2; k++) {
        const s = softmax([0, 1, 2].map((j) => data[i * 6 + j * 2 + k]));
        for (let j = 0; j < 3; j++) expected13[i * 6 + j * 2 + k] = s[j];
      }
    expectClose(a.values, expected13);
    // opset 11, axis 1: per i, over the 6 values of rows [j, k].
    const [b] = runOp('Softmax', [t], { axis: { i: 1 } }, { opset: 11 });
    expectClose(b.values, [...softmax(data.slice(0, 6)), ...softmax(data.slice(6))]);
    const [c] = runOp('LogSoftmax', [t]);
    const last = [0, 1, 2, 3, 4, 5].flatMap((r) => softmax(data.slice(2 * r, 2 * r + 2)).map(Math.log));
    expectClose(c.values, last);
  });

  it('CumSum, exclusive and reversed', () => {
    const t = { name: 'x', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] };
    const axis = { name: 'a', shape: [], data: [1n], type: 'int64' as const, constant: true };
    expect(runOp('CumSum', [t, axis])[0].values).toEqual([1, 3, 6, 4, 9, 15]);
    expect(runOp('CumSum', [t, axis], { exclusive: { i: 1 } })[0].values).toEqual([0, 1, 3, 0, 4, 9]);
    expect(runOp('CumSum', [t, axis], { reverse: { i: 1 } })[0].values).toEqual([6, 5, 3, 15, 11, 6]);
  });

  it('ArgMax/ArgMin with keepdims and select_last_index', () => {
    const t = { name: 'x', shape: [2, 3], data: [1, 5, 5, 0, 0, -1] };
    expect(runOp('ArgMax', [t], { axis: { i: 1 } })[0]).toMatchObject({ shape: [2, 1], values: [1, 0] });
    expect(runOp('ArgMax', [t], { axis: { i: 1 }, select_last_index: { i: 1 } })[0].values).toEqual([2, 1]);
    expect(runOp('ArgMin', [t], { axis: { i: 0 }, keepdims: { i: 0 } })[0]).toMatchObject({
      shape: [3],
      values: [1, 1, 1],
    });
  });

  it('Gemm with transA/transB, alpha and beta; MatMul with vectors and broadcast batches', () => {
    const a = { name: 'a', shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }; // used transposed: [2, 3]
    const b = { name: 'b', shape: [4, 3], data: seeded(12, 4), constant: true }; // transposed: [3, 4]
    const c = { name: 'c', shape: [4], data: [1, 2, 3, 4], constant: true };
    const [g] = runOp('Gemm', [a, b, c], {
      transA: { i: 1 },
      transB: { i: 1 },
      alpha: { f: 2 },
      beta: { f: 0.5 },
    });
    expect(g.shape).toEqual([2, 4]);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a.data[k * 2 + i] * b.data[j * 3 + k];
        expected.push(2 * s + 0.5 * c.data[j]);
      }
    expectClose(g.values, expected);

    const batched = runOp('MatMul', [
      { name: 'p', shape: [2, 1, 2, 3], data: seeded(12, 5) },
      { name: 'q', shape: [3, 3, 2], data: seeded(18, 6) },
    ])[0];
    expect(batched.shape).toEqual([2, 3, 2, 2]);
    const vector = runOp('MatMul', [
      { name: 'v', shape: [3], data: [1, 2, 3] },
      { name: 'm', shape: [2, 3, 2], data: [1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2] },
    ])[0];
    expect(vector).toMatchObject({ shape: [2, 2], values: [4, 5, 8, 10] });
    const both = runOp('MatMul', [
      { name: 'v', shape: [3], data: [1, 2, 3] },
      { name: 'w', shape: [3], data: [1, 1, 1] },
    ])[0];
    expect(both).toMatchObject({ shape: [], values: [6] });
  });

  it('BatchNormalization (inference), on NCHW and on channels-last inputs', () => {
    const shape = [2, 3, 2, 2];
    const data = seeded(24, 7);
    const params = {
      scale: [0.5, 2, -1],
      bias: [0.1, 0.2, 0.3],
      mean: [0.3, -0.2, 0.1],
      variance: [1.5, 0.25, 4],
    };
    const inputs = (first: OpInput): OpInput[] => [
      first,
      ...Object.entries(params).map(([name, v]) => ({ name, shape: [3], data: v, constant: true })),
    ];
    const expected = data.map((v, i) => {
      const c = Math.floor(i / 4) % 3;
      return ((v - params.mean[c]) / Math.sqrt(params.variance[c] + 1e-3)) * params.scale[c] + params.bias[c];
    });
    const [nchw] = runOp('BatchNormalization', inputs({ name: 'x', shape, data }), { epsilon: { f: 1e-3 } });
    expectClose(nchw.values, expected);
    // A 3-D input [N, C, L] normalises per channel too.
    const [line] = runOp('BatchNormalization', inputs({ name: 'x', shape: [2, 3, 4], data }), {
      epsilon: { f: 1e-3 },
    });
    expectClose(line.values, expected);
  });

  it('LayerNormalization over the last axes, InstanceNormalization per sample and channel', () => {
    const data = seeded(24, 8);
    const normalise = (v: number[], eps: number) => {
      const m = v.reduce((a, b) => a + b) / v.length;
      const s = v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
      return v.map((u) => (u - m) / Math.sqrt(s + eps));
    };
    const [layer] = runOp(
      'LayerNormalization',
      [
        { name: 'x', shape: [2, 3, 4], data },
        { name: 's', shape: [3, 4], data: seeded(12, 9), constant: true },
        { name: 'b', shape: [3, 4], data: seeded(12, 10), constant: true },
      ],
      { axis: { i: 1 }, epsilon: { f: 1e-5 } },
      { opset: 17 },
    );
    const s = seeded(12, 9);
    const b = seeded(12, 10);
    const expectedLayer = [0, 1].flatMap((n) =>
      normalise(data.slice(n * 12, n * 12 + 12), 1e-5).map((v, i) => v * s[i] + b[i]),
    );
    expectClose(layer.values, expectedLayer, 1e-4);
    // The optional Mean and InvStdDev outputs keep the normalised axes as 1s.
    const [, mean, inverse] = runOp(
      'LayerNormalization',
      [
        { name: 'x', shape: [2, 3, 4], data },
        { name: 's', shape: [4], data: [1, 1, 1, 1], constant: true },
      ],
      {},
      { opset: 17, outputs: ['y', 'mean', 'inv'] },
    );
    expect(mean.shape).toEqual([2, 3, 1]);
    expectClose(
      mean.values,
      [0, 1, 2, 3, 4, 5].map((r) => data.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b) / 4),
    );
    expect(inverse.shape).toEqual([2, 3, 1]);
    const [instance] = runOp('InstanceNormalization', [
      { name: 'x', shape: [2, 3, 4], data },
      { name: 's', shape: [3], data: [1, 2, 3], constant: true },
      { name: 'b', shape: [3], data: [0, 1, 0], constant: true },
    ]);
    const expectedInstance = [0, 1, 2, 3, 4, 5].flatMap((r) =>
      normalise(data.slice(r * 4, r * 4 + 4), 1e-5).map((v) => v * [1, 2, 3][r % 3] + [0, 1, 0][r % 3]),
    );
    expectClose(instance.values, expectedInstance, 1e-4);
  });
});
