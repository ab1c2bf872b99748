import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AttrSpec } from './helpers/onnx-builder';
import { expectClose, runOp, seeded } from './helpers/run-op';

const erf = (x: number) => {
  // Abramowitz-Stegun 7.1.26 is too coarse for 1e-5; integrate the series instead.
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('elementwise ops', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const x = seeded(12, 1).map((v) => v * 3);
  const positive = x.map((v) => Math.abs(v) + 0.1);
  const unary: [string, (v: number) => number, Record<string, AttrSpec>?, number[]?][] = [
    ['Relu', (v) => Math.max(v, 0)],
    ['LeakyRelu', (v) => (v < 0 ? 0.2 * v : v), { alpha: { f: 0.2 } }],
    ['LeakyRelu', (v) => (v < 0 ? 0.01 * v : v)],
    ['Elu', (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1)), { alpha: { f: 0.5 } }],
    ['Selu', (v) => 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1))],
    ['Celu', (v) => Math.max(0, v) + Math.min(0, 2 * (Math.exp(v / 2) - 1)), { alpha: { f: 2 } }],
    ['ThresholdedRelu', (v) => (v > 1 ? v : 0)],
    ['Sigmoid', sigmoid],
    ['HardSigmoid', (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5))],
    ['HardSwish', (v) => v * Math.min(1, Math.max(0, v / 6 + 0.5))],
    ['Tanh', Math.tanh],
    ['Softplus', (v) => Math.log(1 + Math.exp(v))],
    ['Softsign', (v) => v / (1 + Math.abs(v))],
    ['Mish', (v) => v * Math.tanh(Math.log(1 + Math.exp(v)))],
    ['Gelu', (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
    [
      'Gelu',
      (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
      { approximate: { s: 'tanh' } },
    ],
    ['Exp', Math.exp],
    ['Log', Math.log, {}, positive],
    ['Sqrt', Math.sqrt, {}, positive],
    ['Reciprocal', (v) => 1 / v, {}, positive],
    ['Neg', (v) => -v],
    ['Abs', Math.abs],
    ['Sign', Math.sign],
    ['Erf', erf],
    ['Floor', Math.floor],
    ['Ceil', Math.ceil],
    ['Sin', Math.sin],
    ['Cos', Math.cos],
    ['Identity', (v) => v],
    ['Tan', Math.tan],
    ['Atan', Math.atan],
    ['Sinh', Math.sinh],
    ['Cosh', Math.cosh],
    ['Asinh', Math.asinh],
    ['Asin', Math.asin, {}, x.map((v) => v / 4)],
    ['Acos', Math.acos, {}, x.map((v) => v / 4)],
    ['Atanh', Math.atanh, {}, x.map((v) => v / 4)],
    ['Acosh', Math.acosh, {}, positive.map((v) => v + 1)],
  ];
  for (const [op, f, attrs, input] of unary) {
    it(`${op}${attrs && Object.keys(attrs).length > 0 ? ` ${JSON.stringify(attrs)}` : ''}`, () => {
      const data = input ?? x;
      const [out] = runOp(op, [{ name: 'x', shape: [3, 4], data }], attrs ?? {}, { opset: 20 });
      expect(out.shape).toEqual([3, 4]);
      // Opset 20 for Gelu; the other ops are unchanged across these opsets. TF.js erf is a 1e-7 approximation.
      expectClose(out.values, data.map(f), 2e-5);
    });
  }

  it('Round rounds halves to even, as ONNX does', () => {
    const [out] = runOp('Round', [{ name: 'x', shape: [6], data: [0.5, 1.5, 2.5, -0.5, -1.5, 1.4] }]);
    expectClose(out.values, [0, 2, 2, 0, -2, 1], 0);
  });

  it('Clip: bounds as attributes (opset 6), as inputs (opset 11+), one-sided, and min > max', () => {
    const data = [-8, -1, 0.5, 3, 7];
    const clip = (
      opset: number,
      inputs: { name: string; value?: number }[],
      attrs: Record<string, AttrSpec> = {},
    ) =>
      runOp(
        'Clip',
        [
          { name: 'x', shape: [5], data },
          ...inputs.map((i) => ({
            name: i.name,
            shape: [],
            data: i.value === undefined ? [] : [i.value],
            constant: true,
          })),
        ],
        attrs,
        { opset },
      )[0].values;
    expect(clip(6, [], { min: { f: 0 }, max: { f: 6 } })).toEqual([0, 0, 0.5, 3, 6]);
    expect(clip(6, [], { max: { f: 1 } })).toEqual([-8, -1, 0.5, 1, 1]);
    expect(
      clip(13, [
        { name: 'lo', value: 0 },
        { name: 'hi', value: 6 },
      ]),
    ).toEqual([0, 0, 0.5, 3, 6]);
    expect(clip(13, [{ name: '' }, { name: 'hi', value: 1 }])).toEqual([-8, -1, 0.5, 1, 1]);
    expect(clip(13, [{ name: 'lo', value: -2 }])).toEqual([-2, -1, 0.5, 3, 7]);
    expect(
      clip(13, [
        { name: 'lo', value: 2 },
        { name: 'hi', value: 1 },
      ]),
    ).toEqual([1, 1, 1, 1, 1]);
  });

  const a = seeded(6, 2);
  const b = seeded(3, 3).map((v) => v + 2);
  const binary: [string, (p: number, q: number) => number][] = [
    ['Add', (p, q) => p + q],
    ['Sub', (p, q) => p - q],
    ['Mul', (p, q) => p * q],
    ['Div', (p, q) => p / q],
    ['Pow', (p, q) => Math.abs(p) ** q],
    ['Max', Math.max],
    ['Min', Math.min],
    ['Sum', (p, q) => p + q],
    ['Mean', (p, q) => (p + q) / 2],
  ];
  for (const [op, f] of binary) {
    it(`${op} broadcasts [2, 3] with [3]`, () => {
      const left = op === 'Pow' ? a.map(Math.abs) : a;
      const [out] = runOp(op, [
        { name: 'a', shape: [2, 3], data: left },
        { name: 'b', shape: [3], data: b },
      ]);
      expect(out.shape).toEqual([2, 3]);
      expectClose(
        out.values,
        left.map((v, i) => f(v, b[i % 3])),
      );
    });
  }

  it('variadic Max, Min, Sum and Mean over three inputs', () => {
    const inputs = [0, 1, 2].map((k) => ({ name: `x${k}`, shape: [4], data: seeded(4, 10 + k) }));
    const column = (i: number) => inputs.map((input) => input.data[i]);
    expectClose(
      runOp('Max', inputs)[0].values,
      [0, 1, 2, 3].map((i) => Math.max(...column(i))),
    );
    expectClose(
      runOp('Sum', inputs)[0].values,
      [0, 1, 2, 3].map((i) => column(i).reduce((p, q) => p + q)),
    );
    expectClose(
      runOp('Mean', inputs)[0].values,
      [0, 1, 2, 3].map((i) => column(i).reduce((p, q) => p + q) / 3),
    );
    expectClose(runOp('Min', inputs.slice(0, 1))[0].values, inputs[0].data);
  });

  it('comparisons, logic and Where', () => {
    const p = { name: 'a', shape: [4], data: [1, 2, 3, 4] };
    const q = { name: 'b', shape: [4], data: [4, 2, 1, 4] };
    expect(runOp('Equal', [p, q])[0].values).toEqual([0, 1, 0, 1]);
    expect(runOp('Greater', [p, q])[0].values).toEqual([0, 0, 1, 0]);
    expect(runOp('GreaterOrEqual', [p, q])[0].values).toEqual([0, 1, 1, 1]);
    expect(runOp('Less', [p, q])[0].values).toEqual([1, 0, 0, 0]);
    expect(runOp('LessOrEqual', [p, q])[0].values).toEqual([1, 1, 0, 1]);
    const t = { name: 't', shape: [4], data: [1, 1, 0, 0], type: 'bool' as const };
    const f = { name: 'f', shape: [4], data: [1, 0, 1, 0], type: 'bool' as const };
    expect(runOp('And', [t, f])[0].values).toEqual([1, 0, 0, 0]);
    expect(runOp('Or', [t, f])[0].values).toEqual([1, 1, 1, 0]);
    expect(runOp('Xor', [t, f])[0].values).toEqual([0, 1, 1, 0]);
    expect(runOp('Not', [t])[0].values).toEqual([0, 0, 1, 1]);
    const where = runOp('Where', [
      { name: 'c', shape: [2, 1], data: [1, 0], type: 'bool' },
      { name: 'a', shape: [3], data: [1, 2, 3] },
      { name: 'b', shape: [2, 3], data: [10, 20, 30, 40, 50, 60] },
    ])[0];
    expect(where.shape).toEqual([2, 3]);
    expect(where.values).toEqual([1, 2, 3, 40, 50, 60]);
  });

  it('IsNaN and IsInf (both signs, or one)', () => {
    const data = [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const input = [{ name: 'x', shape: [4], data }];
    expect(runOp('IsNaN', input)[0].values).toEqual([0, 1, 0, 0]);
    expect(runOp('IsInf', input)[0].values).toEqual([0, 0, 1, 1]);
    expect(runOp('IsInf', input, { detect_negative: { i: 0 } })[0].values).toEqual([0, 0, 1, 0]);
    expect(runOp('IsInf', input, { detect_positive: { i: 0 } })[0].values).toEqual([0, 0, 0, 1]);
  });

  it('PRelu before opset 7: a 1-D slope applies per channel', () => {
    const [out] = runOp(
      'PRelu',
      [
        { name: 'x', shape: [1, 2, 3], data: [-1, -1, 1, -2, -2, 2] },
        { name: 's', shape: [2], data: [0.5, 0.25], constant: true },
      ],
      {},
      { opset: 6 },
    );
    expect(out.values).toEqual([-0.5, -0.5, 1, -0.5, -0.5, 2]);
  });

  it('PRelu with a per-channel slope, integer Div truncates, Mod with and without fmod', () => {
    const prelu = runOp('PRelu', [
      { name: 'x', shape: [1, 2, 1, 2], data: [-1, 2, -3, 4] },
      { name: 's', shape: [2, 1, 1], data: [0.5, 0.25], constant: true },
    ])[0];
    expect(prelu.values).toEqual([-0.5, 2, -0.75, 4]);
    const ints = (name: string, data: number[]) => ({ name, shape: [4], data, type: 'int64' as const });
    expect(runOp('Div', [ints('a', [7, -7, 7, -7]), ints('b', [2, 2, -2, -2])])[0].values).toEqual([
      3, -3, -3, 3,
    ]);
    expect(runOp('Mod', [ints('a', [7, -7, 7, -7]), ints('b', [3, 3, -3, -3])])[0].values).toEqual([
      1, 2, -2, -1,
    ]);
    const fmod = runOp('Mod', [ints('a', [7, -7, 7, -7]), ints('b', [3, 3, -3, -3])], { fmod: { i: 1 } })[0];
    expect(fmod.values).toEqual([1, -1, 1, -1]);
  });
});
