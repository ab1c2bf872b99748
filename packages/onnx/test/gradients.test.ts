import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOnnx } from '../src';
import { checkGradients, type GradientCheckOptions } from './helpers/finite-difference';
import { type AttrSpec, encodeModel, singleNodeModel } from './helpers/onnx-builder';
import { seeded, size } from './helpers/run-op';

/** How an input's values are drawn: away from kinks where an op is not differentiable. */
type Values = 'any' | 'awayFromZero' | 'positive' | 'distinct' | 'large';

interface In {
  name: string;
  shape: number[];
  values?: Values;
  /** A constant (initializer): not differentiated. */
  constant?: boolean;
  data?: number[] | bigint[];
  type?: 'int64';
}

interface Case {
  op: string;
  inputs: In[];
  attrs?: Record<string, AttrSpec>;
  opset?: number;
  title?: string;
  check?: GradientCheckOptions;
}

function values(kind: Values, n: number, seed: number): number[] {
  const base = seeded(n, seed);
  switch (kind) {
    case 'awayFromZero':
      return base.map((v) => Math.sign(v || 1) * (0.2 + Math.abs(v)));
    case 'positive':
      return base.map((v) => 0.5 + Math.abs(v));
    case 'large':
      return base.map((v) => 3 * v);
    case 'distinct': {
      // A shuffled grid: no two values within 0.05 of each other, so max/min never switch.
      const order = base.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
      const out = new Array<number>(n);
      order.forEach(([, i], rank) => {
        out[i] = (rank - n / 2) * 0.05;
      });
      return out;
    }
    default:
      return base;
  }
}

const ints = (name: string, data: number[]): In => ({
  name,
  shape: [data.length],
  data: data.map(BigInt),
  type: 'int64',
  constant: true,
});
const x = (shape: number[], v: Values = 'any'): In => ({ name: 'x', shape, values: v });
const c = (name: string, shape: number[], v: Values = 'any'): In => ({
  name,
  shape,
  values: v,
  constant: true,
});

const CASES: Case[] = [
  // convolution
  {
    op: 'Conv',
    inputs: [x([2, 3, 5, 5]), { name: 'w', shape: [4, 3, 3, 3] }, { name: 'b', shape: [4] }],
    attrs: { pads: { ints: [1, 1, 1, 1] } },
  },
  {
    op: 'Conv',
    title: 'Conv stride 2, asymmetric pads',
    inputs: [x([1, 2, 6, 7]), c('w', [3, 2, 3, 2]), c('b', [3])],
    attrs: { pads: { ints: [0, 1, 1, 0] }, strides: { ints: [2, 2] } },
  },
  {
    op: 'Conv',
    title: 'Conv depthwise, multiplier 2',
    inputs: [x([1, 3, 6, 6]), { name: 'w', shape: [6, 1, 3, 3] }, c('b', [6])],
    attrs: { group: { i: 3 }, pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] } },
  },
  {
    op: 'Conv',
    title: 'Conv grouped',
    inputs: [x([1, 4, 5, 5]), c('w', [6, 2, 3, 3])],
    attrs: { group: { i: 2 } },
  },
  {
    op: 'Conv',
    title: 'Conv dilated, unfused',
    inputs: [x([1, 2, 7, 7]), c('w', [2, 2, 3, 3]), c('b', [2])],
    attrs: { dilations: { ints: [2, 2] }, pads: { ints: [2, 2, 2, 2] } },
  },
  {
    op: 'Conv',
    title: 'Conv dilated and strided (dilated filter)',
    inputs: [x([1, 2, 9, 9]), { name: 'w', shape: [2, 2, 2, 2] }],
    attrs: { dilations: { ints: [2, 2] }, strides: { ints: [2, 2] } },
  },
  {
    op: 'Conv',
    title: 'Conv 1-D',
    inputs: [x([2, 2, 8]), c('w', [3, 2, 3])],
    attrs: { pads: { ints: [1, 1] } },
  },
  {
    op: 'ConvTranspose',
    inputs: [x([1, 3, 4, 5]), c('w', [3, 4, 3, 3]), c('b', [4])],
    attrs: { strides: { ints: [2, 2] }, pads: { ints: [1, 0, 1, 1] }, output_padding: { ints: [1, 0] } },
  },
  {
    op: 'ConvTranspose',
    title: 'ConvTranspose grouped and dilated, weights differentiated',
    inputs: [x([1, 4, 3, 3]), { name: 'w', shape: [4, 2, 2, 2] }],
    attrs: { group: { i: 2 }, dilations: { ints: [2, 2] }, strides: { ints: [2, 1] } },
  },
  // pooling
  {
    op: 'MaxPool',
    title: 'MaxPool dilated',
    inputs: [x([1, 2, 7, 7], 'distinct')],
    attrs: {
      kernel_shape: { ints: [2, 2] },
      dilations: { ints: [2, 2] },
      strides: { ints: [2, 2] },
      pads: { ints: [1, 1, 1, 1] },
    },
  },
  {
    op: 'MaxPool',
    inputs: [x([1, 2, 6, 6], 'distinct')],
    attrs: { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } },
  },
  {
    op: 'AveragePool',
    inputs: [x([1, 2, 6, 7])],
    attrs: {
      kernel_shape: { ints: [3, 3] },
      strides: { ints: [2, 2] },
      pads: { ints: [1, 1, 1, 1] },
      ceil_mode: { i: 1 },
    },
  },
  {
    op: 'AveragePool',
    title: 'AveragePool count_include_pad',
    inputs: [x([1, 2, 5, 5])],
    attrs: { kernel_shape: { ints: [2, 2] }, pads: { ints: [1, 0, 0, 1] }, count_include_pad: { i: 1 } },
  },
  { op: 'GlobalAveragePool', inputs: [x([2, 3, 4, 4])] },
  { op: 'GlobalMaxPool', inputs: [x([2, 3, 3, 3], 'distinct')] },
  // normalization
  {
    op: 'BatchNormalization',
    inputs: [x([2, 3, 2, 2]), c('s', [3]), c('b', [3]), c('m', [3]), c('v', [3], 'positive')],
  },
  {
    op: 'LayerNormalization',
    inputs: [x([2, 3, 4]), { name: 's', shape: [4] }, { name: 'b', shape: [4] }],
    opset: 17,
    check: { tolerance: 5e-3 },
  },
  {
    op: 'InstanceNormalization',
    inputs: [x([2, 2, 3, 3]), { name: 's', shape: [2] }, { name: 'b', shape: [2] }],
    check: { tolerance: 5e-3 },
  },
  // elementwise, broadcasting
  ...['Add', 'Sub', 'Mul', 'Max', 'Min', 'Sum', 'Mean'].map(
    (op): Case => ({ op, inputs: [x([2, 3], 'distinct'), { name: 'b', shape: [3], values: 'large' }] }),
  ),
  { op: 'Div', inputs: [x([2, 3]), { name: 'b', shape: [3], values: 'positive' }] },
  { op: 'Pow', inputs: [x([2, 3], 'positive'), { name: 'b', shape: [3] }] },
  { op: 'PRelu', inputs: [x([1, 2, 2, 2], 'awayFromZero'), { name: 's', shape: [2, 1, 1] }] },
  {
    op: 'Where',
    inputs: [
      { name: 'c', shape: [3], data: [1, 0, 1], constant: true },
      x([2, 3]),
      { name: 'b', shape: [2, 3] },
    ],
  },
  ...(
    [
      ['Relu', 'awayFromZero'],
      ['LeakyRelu', 'awayFromZero'],
      ['Elu', 'awayFromZero'],
      ['Selu', 'awayFromZero'],
      ['Celu', 'awayFromZero'],
      ['ThresholdedRelu', 'large'],
      ['Sigmoid', 'any'],
      ['HardSigmoid', 'any'],
      ['HardSwish', 'any'],
      ['Tanh', 'any'],
      ['Softplus', 'any'],
      ['Softsign', 'awayFromZero'],
      ['Mish', 'any'],
      ['Gelu', 'any'],
      ['Exp', 'any'],
      ['Log', 'positive'],
      ['Sqrt', 'positive'],
      ['Reciprocal', 'positive'],
      ['Neg', 'any'],
      ['Abs', 'awayFromZero'],
      ['Erf', 'any'],
      ['Sin', 'any'],
      ['Cos', 'any'],
      ['Identity', 'any'],
      ['Dropout', 'any'],
    ] as const
  ).map(([op, v]): Case => ({ op, inputs: [x([2, 5], v)], opset: op === 'Gelu' ? 20 : 13 })),
  { op: 'Gelu', title: 'Gelu tanh', inputs: [x([2, 5])], attrs: { approximate: { s: 'tanh' } }, opset: 20 },
  {
    op: 'Clip',
    title: 'Clip with bounds as inputs',
    inputs: [
      x([2, 5], 'large'),
      { name: 'lo', shape: [], data: [-1.1], constant: true },
      { name: 'hi', shape: [], data: [1.3], constant: true },
    ],
  },
  {
    op: 'Clip',
    title: 'Clip with attribute bounds (opset 6)',
    inputs: [x([2, 5], 'large')],
    attrs: { min: { f: -1.1 }, max: { f: 0.9 } },
    opset: 6,
  },
  // matmul
  {
    op: 'Gemm',
    inputs: [x([3, 2]), { name: 'b', shape: [4, 3] }, { name: 'c', shape: [4] }],
    attrs: { transA: { i: 1 }, transB: { i: 1 }, alpha: { f: 0.5 }, beta: { f: 2 } },
  },
  {
    op: 'Gemm',
    title: 'Gemm with constant weights, transB (kept transposed, input gradient only)',
    inputs: [
      x([3, 2]),
      { name: 'b', shape: [4, 2], constant: true },
      { name: 'c', shape: [4], constant: true },
    ],
    attrs: { transB: { i: 1 }, alpha: { f: 0.5 } },
  },
  {
    op: 'Gemm',
    title: 'Gemm with constant weights, no transpose',
    inputs: [x([3, 2]), { name: 'b', shape: [2, 4], constant: true }],
  },
  { op: 'MatMul', inputs: [x([2, 1, 2, 3]), { name: 'b', shape: [3, 3, 2] }] },
  { op: 'MatMul', title: 'MatMul vector by matrix', inputs: [x([3]), { name: 'b', shape: [3, 2] }] },
  // recurrent: weights, biases and initial states are differentiated too
  {
    op: 'LSTM',
    title: 'LSTM bidirectional with peepholes, initial states and sequence lengths',
    inputs: [
      x([3, 2, 2]),
      { name: 'w', shape: [2, 12, 2] },
      { name: 'r', shape: [2, 12, 3] },
      { name: 'b', shape: [2, 24] },
      ints('lens', [3, 2]),
      { name: 'h0', shape: [2, 2, 3] },
      { name: 'c0', shape: [2, 2, 3] },
      { name: 'p', shape: [2, 9] },
    ],
    attrs: { hidden_size: { i: 3 }, direction: { s: 'bidirectional' } },
  },
  {
    op: 'LSTM',
    title: 'LSTM reverse, clip, input_forget, batch-first layout (opset 14)',
    inputs: [x([2, 3, 2]), { name: 'w', shape: [1, 8, 2] }, { name: 'r', shape: [1, 8, 2] }],
    attrs: {
      hidden_size: { i: 2 },
      direction: { s: 'reverse' },
      clip: { f: 0.7 },
      input_forget: { i: 1 },
      layout: { i: 1 },
    },
    opset: 14,
  },
  {
    op: 'GRU',
    title: 'GRU bidirectional, reset before the linear map',
    inputs: [
      x([3, 2, 2]),
      { name: 'w', shape: [2, 9, 2] },
      { name: 'r', shape: [2, 9, 3] },
      { name: 'b', shape: [2, 18] },
    ],
    attrs: { hidden_size: { i: 3 }, direction: { s: 'bidirectional' } },
  },
  {
    op: 'GRU',
    title: 'GRU reverse, linear_before_reset, sequence lengths, initial state',
    inputs: [
      x([3, 2, 2]),
      { name: 'w', shape: [1, 6, 2] },
      { name: 'r', shape: [1, 6, 2] },
      { name: 'b', shape: [1, 12] },
      ints('lens', [1, 3]),
      { name: 'h0', shape: [1, 2, 2] },
    ],
    attrs: { hidden_size: { i: 2 }, direction: { s: 'reverse' }, linear_before_reset: { i: 1 } },
  },
  {
    op: 'RNN',
    inputs: [
      x([3, 2, 2]),
      { name: 'w', shape: [1, 3, 2] },
      { name: 'r', shape: [1, 3, 3] },
      { name: 'b', shape: [1, 6] },
    ],
    attrs: { hidden_size: { i: 3 } },
  },
  // shape and slicing
  { op: 'Flatten', inputs: [x([2, 3, 2])] },
  { op: 'Reshape', inputs: [x([2, 3, 2]), ints('s', [0, -1])] },
  { op: 'Transpose', inputs: [x([2, 3, 4])], attrs: { perm: { ints: [2, 0, 1] } } },
  { op: 'Squeeze', inputs: [x([2, 1, 3]), ints('a', [1])] },
  { op: 'Unsqueeze', inputs: [x([2, 3]), ints('a', [0, 3])] },
  { op: 'Expand', inputs: [x([3, 1]), ints('s', [2, 3, 4])] },
  { op: 'Tile', inputs: [x([2, 3]), ints('r', [2, 1])] },
  { op: 'Gather', inputs: [x([4, 3]), ints('i', [3, -4, 3])] },
  {
    op: 'Slice',
    inputs: [x([4, 6]), ints('s', [3, 0]), ints('e', [0, 6]), ints('a', [0, 1]), ints('t', [-2, 2])],
  },
  { op: 'Concat', inputs: [x([2, 3]), { name: 'b', shape: [2, 2] }], attrs: { axis: { i: 1 } } },
  { op: 'Pad', inputs: [x([2, 3]), ints('p', [1, 2, 0, 1])], title: 'Pad constant' },
  {
    op: 'Pad',
    inputs: [x([2, 4]), ints('p', [1, 2, 1, 3])],
    attrs: { mode: { s: 'reflect' } },
    title: 'Pad reflect',
  },
  {
    op: 'Pad',
    inputs: [x([2, 3]), ints('p', [0, 2, 1, 1])],
    attrs: { mode: { s: 'edge' } },
    title: 'Pad edge',
  },
  {
    op: 'Resize',
    title: 'Resize linear',
    inputs: [
      x([1, 2, 3, 4]),
      { name: '', shape: [], constant: true },
      { name: 's', shape: [4], data: [1, 1, 2, 1.5], constant: true },
    ],
    attrs: { mode: { s: 'linear' } },
  },
  {
    op: 'Resize',
    title: 'Resize nearest',
    inputs: [
      x([1, 2, 3, 4]),
      { name: '', shape: [], constant: true },
      { name: 's', shape: [4], data: [1, 1, 2, 0.5], constant: true },
    ],
    attrs: { mode: { s: 'nearest' } },
  },
  {
    op: 'Resize',
    title: 'Resize cubic',
    inputs: [
      x([1, 1, 4, 4]),
      { name: '', shape: [], constant: true },
      { name: 's', shape: [4], data: [1, 1, 1.5, 0.75], constant: true },
    ],
    attrs: { mode: { s: 'cubic' } },
  },
  { op: 'DepthToSpace', inputs: [x([1, 8, 2, 3])], attrs: { blocksize: { i: 2 }, mode: { s: 'CRD' } } },
  { op: 'SpaceToDepth', inputs: [x([1, 2, 4, 6])], attrs: { blocksize: { i: 2 } } },
  {
    op: 'CumSum',
    inputs: [x([2, 5]), { name: 'a', shape: [], data: [1n], type: 'int64', constant: true }],
    attrs: { exclusive: { i: 1 } },
  },
  ...(['Tan', 'Atan', 'Sinh', 'Cosh', 'Asinh'] as const).map((op): Case => ({ op, inputs: [x([2, 5])] })),
  // reductions
  ...['ReduceMean', 'ReduceSum', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSumExp'].map(
    (op): Case => ({ op, inputs: [x([2, 3, 4])], attrs: { axes: { ints: [1, -1] } }, opset: 13 }),
  ),
  ...['ReduceMax', 'ReduceMin'].map(
    (op): Case => ({ op, inputs: [x([2, 3, 4], 'distinct')], attrs: { axes: { ints: [1] } } }),
  ),
  { op: 'ReduceProd', inputs: [x([2, 3], 'awayFromZero')], attrs: { axes: { ints: [1] } } },
  { op: 'ReduceL1', inputs: [x([2, 3], 'awayFromZero')], attrs: { axes: { ints: [0] } } },
  { op: 'ReduceLogSum', inputs: [x([2, 3], 'positive')], attrs: { axes: { ints: [1] } } },
  { op: 'Softmax', inputs: [x([2, 3, 4], 'large')], attrs: { axis: { i: 1 } } },
  { op: 'Softmax', title: 'Softmax opset 11 (2-D coercion)', inputs: [x([2, 3, 4], 'large')], opset: 11 },
  { op: 'LogSoftmax', inputs: [x([2, 5], 'large')] },
];

describe('gradients of every differentiable op, against finite differences', () => {
  const worst: Record<string, number> = {};
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    const top = Object.entries(worst).sort((a, b) => b[1] - a[1])[0];
    console.log(`worst relative gradient error: ${top[1].toExponential(2)} (${top[0]})`);
  });

  for (const [k, t] of CASES.entries()) {
    const title = t.title ?? t.op;
    it(title, () => {
      const bytes = singleNodeModel(
        t.op,
        t.inputs.map((i, j) => ({
          name: i.name,
          shape: i.shape,
          type: i.type,
          init: i.constant ? (i.data ?? values(i.values ?? 'any', size(i.shape), 100 * k + j)) : undefined,
        })),
        t.attrs ?? {},
        { opset: t.opset ?? 13 },
      );
      const exec = loadOnnx(bytes);
      const fed = t.inputs.filter((i) => !i.constant);
      const feeds = Object.fromEntries(
        fed.map((i, j) => [
          i.name,
          tf.tensor(values(i.values ?? 'any', size(i.shape), 100 * k + j + 50), i.shape),
        ]),
      );
      try {
        worst[title] = checkGradients(
          exec,
          feeds,
          fed.map((i) => i.name),
          t.check,
        );
      } finally {
        tf.dispose(Object.values(feeds));
        exec.dispose();
      }
    });
  }

  it("convolutions with constant weights differentiate like TF.js's own ops", () => {
    // Weights fed from outside take TF.js's gradients; constant ones the forward-convolution path.
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [2, 4, 9, 8] }],
      outputs: [{ name: 'y' }],
      initializers: [
        { name: 'w', dims: [6, 4, 3, 3], data: seeded(216, 1) },
        { name: 'b', dims: [6], data: seeded(6, 2) },
        { name: 'd', dims: [12, 1, 3, 3], data: seeded(108, 3) },
      ],
      nodes: [
        {
          op: 'Conv',
          inputs: ['x', 'w', 'b'],
          outputs: ['c'],
          attrs: { pads: { ints: [1, 0, 2, 1] }, strides: { ints: [2, 2] } },
        },
        {
          op: 'Conv',
          inputs: ['c', 'd'],
          outputs: ['y'],
          attrs: { group: { i: 6 }, pads: { ints: [1, 1, 1, 1] } },
        },
      ],
    });
    const exec = loadOnnx(bytes);
    const input = tf.tensor(seeded(2 * 4 * 72, 4), [2, 4, 9, 8]);
    const weights = { w: exec.constant('w')!, b: exec.constant('b')!, d: exec.constant('d')! };
    const gradient = (fed: Record<string, tf.Tensor>) =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(exec.run({ ...fed, x: t }, ['y'])[0])))(input);
    const ours = gradient({});
    const theirs = gradient(weights);
    expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).toBeLessThan(
      1e-4 * tf.max(tf.abs(theirs)).dataSync()[0],
    );
    tf.dispose([input, ours, theirs]);
    exec.dispose();
  });

  it('a conv -> batch norm -> relu -> add -> pool chain that stays channels-last', () => {
    // Every op here runs on NHWC values; the gradient must still be the NCHW graph's.
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [1, 2, 5, 5] }],
      outputs: [{ name: 'y' }],
      initializers: [
        { name: 'w1', dims: [3, 2, 3, 3], data: seeded(54, 1) },
        { name: 'w2', dims: [3, 3, 1, 1], data: seeded(9, 2) },
        { name: 's', dims: [3], data: [1, 0.5, 2] },
        { name: 'b', dims: [3], data: [0.1, -0.1, 0] },
        { name: 'm', dims: [3], data: [0, 0.1, -0.1] },
        { name: 'v', dims: [3], data: [1, 2, 0.5] },
        { name: 'bias', dims: [3, 1, 1], data: [0.2, -0.3, 0.1] },
      ],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w1'], outputs: ['c1'], attrs: { pads: { ints: [1, 1, 1, 1] } } },
        { op: 'BatchNormalization', inputs: ['c1', 's', 'b', 'm', 'v'], outputs: ['bn'] },
        { op: 'Tanh', inputs: ['bn'], outputs: ['t'] },
        { op: 'Conv', inputs: ['t', 'w2'], outputs: ['c2'] },
        { op: 'Add', inputs: ['c2', 't'], outputs: ['sum'] },
        { op: 'Add', inputs: ['sum', 'bias'], outputs: ['biased'] },
        { op: 'AveragePool', inputs: ['biased'], outputs: ['y'], attrs: { kernel_shape: { ints: [2, 2] } } },
      ],
    });
    const exec = loadOnnx(bytes);
    const input = tf.tensor(seeded(50, 3), [1, 2, 5, 5]);
    expect(checkGradients(exec, { x: input }, ['x'])).toBeLessThan(2e-3);
    input.dispose();
    exec.dispose();
  });
});
