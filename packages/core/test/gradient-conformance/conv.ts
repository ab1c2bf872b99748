import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';
import { type ConvSpec, convForward } from './conv-reference';

type T4 = tf.Tensor4D;

function conv(spec: ConvSpec, x: number[], filter: number[], name: string): ConformanceCase {
  const op = spec.depthwise ? tf.depthwiseConv2d : tf.conv2d;
  return {
    kernel: spec.depthwise ? 'DepthwiseConv2dNative' : 'Conv2D',
    name,
    inputs: [{ shape: x }, { shape: filter }],
    f: (a, k) => op(a as T4, k as T4, spec.stride, tfPad(spec.pad), 'NHWC', spec.dilation),
    reference: ([a, k], [sa, sk]) => convForward(spec, a, sa, k, sk),
  };
}

/** TF.js takes explicit padding for all four NHWC axes. */
function tfPad(pad: ConvSpec['pad']): 'same' | 'valid' {
  if (typeof pad === 'string') return pad;
  return [[0, 0], ...pad, [0, 0]] as unknown as 'valid';
}

const at = (stride: number, dilation: number, pad: ConvSpec['pad'], depthwise = false): ConvSpec => ({
  stride,
  dilation,
  pad,
  depthwise,
});

const convCases: ConformanceCase[] = [
  conv(at(1, 1, 'valid'), [1, 5, 5, 2], [3, 3, 2, 3], '3x3 valid'),
  conv(at(1, 1, 'same'), [2, 4, 4, 3], [3, 3, 3, 2], "3x3 'same' (borders), batch 2"),
  conv(at(2, 1, 'same'), [1, 6, 6, 2], [3, 3, 2, 2], "3x3 stride 2 'same' on even size (padding after)"),
  conv(at(2, 1, 'valid'), [1, 7, 7, 2], [3, 3, 2, 2], '3x3 stride 2 valid'),
  conv(
    at(2, 1, [
      [1, 0],
      [0, 2],
    ]),
    [1, 5, 6, 2],
    [3, 3, 2, 2],
    'explicit asymmetric padding, stride 2 (ONNX pads)',
  ),
  conv(at(1, 2, 'same'), [1, 6, 6, 2], [3, 3, 2, 2], "3x3 dilation 2 'same'"),
  conv(at(1, 1, 'same'), [1, 4, 5, 3], [1, 7, 3, 2], "1x7 'same' (InceptionV3 factorised)"),
  conv(at(1, 1, 'valid'), [2, 3, 3, 4], [1, 1, 4, 3], '1x1 (pointwise)'),
];

const depthwiseCases: ConformanceCase[] = [
  conv(at(1, 1, 'same', true), [1, 4, 4, 3], [3, 3, 3, 1], "3x3 'same'"),
  conv(at(2, 1, 'same', true), [2, 5, 5, 2], [3, 3, 2, 2], "3x3 stride 2 'same', multiplier 2, batch 2"),
  conv(at(1, 2, 'valid', true), [1, 6, 6, 2], [3, 3, 2, 1], '3x3 dilation 2 valid'),
  conv(
    at(
      1,
      1,
      [
        [1, 1],
        [2, 0],
      ],
      true,
    ),
    [1, 4, 4, 2],
    [3, 3, 2, 1],
    'explicit asymmetric padding (ONNX pads)',
  ),
  conv(at(2, 1, 'same', true), [1, 6, 6, 2], [5, 5, 2, 1], "5x5 stride 2 'same' on even size (MobileNetV3)"),
];

const separable: ConformanceCase = {
  kernel: 'separable conv',
  composite: true,
  name: "depthwise 3x3 'same' then 1x1",
  inputs: [{ shape: [1, 4, 4, 2] }, { shape: [3, 3, 2, 1] }, { shape: [1, 1, 2, 3] }],
  f: (x, d, p) => tf.separableConv2d(x as T4, d as T4, p as T4, 1, 'same'),
  reference: ([x, d, p], [sx, sd, sp]) => {
    const mid = convForward(at(1, 1, 'same', true), x, sx, d, sd);
    return convForward(at(1, 1, 'valid'), mid, [sx[0], sx[1], sx[2], sx[3] * sd[3]], p, sp);
  },
};

// Fused ops (what the converter emits): conv, bias and an activation, with gradients of all three.
const fused: ConformanceCase[] = [
  {
    kernel: 'FusedConv2D',
    name: "3x3 'same' + bias + relu",
    inputs: [{ shape: [1, 4, 4, 2] }, { shape: [3, 3, 2, 3] }, { shape: [3] }],
    f: (x, k, b) =>
      tf.fused.conv2d({ x: x as T4, filter: k as T4, bias: b, strides: 1, pad: 'same', activation: 'relu' }),
    reference: ([x, k, b], [sx, sk]) =>
      convForward(at(1, 1, 'same'), x, sx, k, sk).map((v, i) => Math.max(v + b[i % 3], 0)),
  },
  {
    kernel: 'FusedDepthwiseConv2D',
    name: "3x3 stride 2 'same' + bias + relu6",
    inputs: [{ shape: [1, 5, 5, 2] }, { shape: [3, 3, 2, 1] }, { shape: [2] }],
    f: (x, k, b) =>
      tf.fused.depthwiseConv2d({
        x: x as T4,
        filter: k as T4,
        bias: b,
        strides: 2,
        pad: 'same',
        activation: 'relu6',
      }),
    reference: ([x, k, b], [sx, sk]) =>
      convForward(at(2, 1, 'same', true), x, sx, k, sk).map((v, i) => Math.min(Math.max(v + b[i % 2], 0), 6)),
  },
];

// The transpose's forward is the convolution's input gradient: checked by backend differences.
const transposed: ConformanceCase[] = [
  {
    kernel: 'Conv2DBackpropInput',
    name: "3x3 stride 2 'same' (decoder upsampling)",
    inputs: [{ shape: [1, 3, 3, 2] }, { shape: [3, 3, 3, 2] }],
    f: (x, k) => tf.conv2dTranspose(x as T4, k as T4, [1, 6, 6, 3], 2, 'same'),
    linear: true,
  },
  {
    kernel: 'Conv2DBackpropInput',
    name: '2x2 stride 2 valid, batch 2',
    inputs: [{ shape: [2, 2, 2, 2] }, { shape: [2, 2, 1, 2] }],
    f: (x, k) => tf.conv2dTranspose(x as T4, k as T4, [2, 4, 4, 1], 2, 'valid'),
    linear: true,
  },
  {
    kernel: 'Conv2DBackpropInput',
    name: "3x3 stride 1 'same'",
    inputs: [{ shape: [1, 4, 4, 2] }, { shape: [3, 3, 1, 2] }],
    f: (x, k) => tf.conv2dTranspose(x as T4, k as T4, [1, 4, 4, 1], 1, 'same'),
    linear: true,
  },
];

export const convolutionCases: ConformanceCase[] = [
  ...convCases,
  ...depthwiseCases,
  separable,
  ...fused,
  ...transposed,
];
