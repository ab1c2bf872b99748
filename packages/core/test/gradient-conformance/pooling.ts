import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';
import { type PoolSpec, poolReference } from './reference';

function pool(
  spec: PoolSpec,
  shape: number[],
  name: string,
  extra: Partial<ConformanceCase> = {},
): ConformanceCase {
  const kernel = spec.kind === 'max' ? 'MaxPool' : 'AvgPool';
  const op = spec.kind === 'max' ? tf.maxPool : tf.avgPool;
  return {
    kernel,
    name,
    inputs: [{ shape }],
    f: (x) => op(x as tf.Tensor4D, spec.size, spec.stride, spec.pad),
    reference: poolReference(spec),
    ...extra,
  };
}

const s = (size: number, stride: number, pad: 'same' | 'valid', kind: 'max' | 'avg'): PoolSpec => ({
  kind,
  size: [size, size],
  stride: [stride, stride],
  pad,
});

// A 4x4 map after ReLU: some windows all zero, one with a tied positive maximum.
const RELU_OUTPUT = [0, 0, 0.5, 0.5, 0, 0, 0.2, 0.5, 0.3, 0, 0, 0, 0, 0.3, 0, 0];
// All negative, with ties: a conv with a negative bias before the pool.
const NEGATIVE = [
  -0.5, -0.2, -0.2, -0.7, -0.9, -0.2, -0.3, -0.3, -0.4, -0.6, -0.1, -0.8, -0.6, -0.4, -0.1, -0.5,
];

function maxPoolCases(): ConformanceCase[] {
  return [
    pool(s(2, 2, 'valid', 'max'), [1, 4, 4, 1], '2x2 stride 2 valid'),
    pool(s(3, 1, 'same', 'max'), [1, 4, 4, 2], "3x3 stride 1 'same' (borders)"),
    pool(s(3, 2, 'same', 'max'), [2, 5, 5, 2], "3x3 stride 2 'same', batch 2"),
    pool(s(3, 2, 'valid', 'max'), [1, 7, 7, 3], '3x3 stride 2 valid (InceptionV3 reduction)'),
    pool(s(2, 2, 'same', 'max'), [1, 5, 5, 2], "2x2 stride 2 'same' on odd size (padding after)"),
    pool(s(2, 2, 'valid', 'max'), [1, 4, 4, 1], 'windows all zero after ReLU, ties: first maximum', {
      inputs: [{ shape: [1, 4, 4, 1], values: RELU_OUTPUT }],
      ties: 'first',
    }),
    pool(s(2, 2, 'valid', 'max'), [1, 4, 4, 1], 'windows all negative, ties: first maximum', {
      inputs: [{ shape: [1, 4, 4, 1], values: NEGATIVE }],
      ties: 'first',
    }),
    pool(
      s(3, 1, 'same', 'max'),
      [1, 4, 4, 1],
      "all negative under 'same' padding (padding is not a candidate)",
      {
        inputs: [{ shape: [1, 4, 4, 1], values: NEGATIVE }],
        ties: 'first',
      },
    ),
  ];
}

function avgPoolCases(): ConformanceCase[] {
  return [
    pool(s(2, 2, 'valid', 'avg'), [1, 4, 4, 2], '2x2 stride 2 valid'),
    pool(s(3, 1, 'valid', 'avg'), [2, 5, 5, 2], '3x3 stride 1 valid (overlapping windows), batch 2'),
    pool(s(3, 1, 'same', 'avg'), [1, 4, 4, 1], "3x3 stride 1 'same' on 4x4 (border cells divide by fewer)"),
    pool(
      s(3, 1, 'same', 'avg'),
      [2, 5, 5, 3],
      "3x3 stride 1 'same', batch 2, 3 channels (InceptionV3 branch)",
    ),
    pool(s(3, 2, 'same', 'avg'), [1, 5, 5, 2], "3x3 stride 2 'same'"),
    pool(s(2, 2, 'same', 'avg'), [1, 3, 3, 1], "2x2 stride 2 'same' on odd size (padding after)"),
  ];
}

export const poolingCases: ConformanceCase[] = [...maxPoolCases(), ...avgPoolCases()];
