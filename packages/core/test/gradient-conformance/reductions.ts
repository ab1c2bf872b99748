import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';
import { reduceReference } from './reference';

type Combine = (v: number[]) => number;
const sum: Combine = (v) => v.reduce((a, b) => a + b, 0);
const mean: Combine = (v) => sum(v) / v.length;
const max: Combine = (v) => Math.max(...v);
const min: Combine = (v) => Math.min(...v);
const prod: Combine = (v) => v.reduce((a, b) => a * b, 1);

type Reduce = (x: tf.Tensor, axis: number[], keepDims: boolean) => tf.Tensor;
const OPS: [string, Reduce, Combine][] = [
  ['Sum', tf.sum, sum],
  ['Mean', tf.mean, mean],
  ['Max', tf.max, max],
  ['Min', tf.min, min],
  ['Prod', tf.prod, prod],
];

function reduction(
  kernel: string,
  op: Reduce,
  combine: Combine,
  shape: number[],
  axes: number[],
  keep: boolean,
) {
  return {
    kernel,
    name: `[${shape}] over axes [${axes}]${keep ? ', keepDims' : ''}`,
    inputs: [{ shape }],
    f: (x: tf.Tensor) => op(x, axes, keep),
    reference: ([x]: Float64Array[]) => reduceReference(x, shape, axes, combine),
  } satisfies ConformanceCase;
}

// Global pooling of NHWC maps, a middle axis, the batch axis, everything.
const AXES: [number[], number[], boolean][] = [
  [[2, 3, 3, 2], [1, 2], false],
  [[2, 3, 4], [1], true],
  [[3, 4], [0], false],
  [[2, 3, 2], [0, 1, 2], false],
];

// A map after ReLU whose channels each hold two tied maxima, both 0 in channel 0.
const TIED = [0, 0.5, -0.2, -0.1, 0, 0.5, -0.3, 0.2];

const ties: ConformanceCase[] = [
  {
    kernel: 'Max',
    name: 'global max pool with pairs of tied maxima (TensorFlow shares the gradient)',
    inputs: [{ shape: [1, 2, 2, 2], values: TIED }],
    f: (x) => tf.max(x, [1, 2]),
    reference: ([x]) => reduceReference(x, [1, 2, 2, 2], [1, 2], max),
    ties: 'split',
  },
  {
    kernel: 'Min',
    name: 'pairs of tied minima',
    inputs: [{ shape: [1, 2, 2, 2], values: TIED.map((v) => -v) }],
    f: (x) => tf.min(x, [1, 2]),
    reference: ([x]) => reduceReference(x, [1, 2, 2, 2], [1, 2], min),
    ties: 'split',
  },
];

const empty: ConformanceCase[] = [
  reduction('Sum', tf.sum, sum, [0, 3], [0], false),
  reduction('Sum', tf.sum, sum, [2, 0], [1], true),
];

// Zero gradient: the index of the extreme does not move under small changes.
const indices: ConformanceCase[] = [
  {
    kernel: 'ArgMax',
    name: 'x + argMax over axis 1',
    inputs: [{ shape: [2, 3] }],
    f: (x) => tf.add(x, tf.cast(tf.expandDims(tf.argMax(x, 1), 1), 'float32')),
    reference: ([x]) =>
      x.map((v, i) => v + argBest(x.subarray(i - (i % 3), i - (i % 3) + 3), (a, b) => a > b)),
  },
  {
    kernel: 'ArgMin',
    name: 'x + argMin over axis 1',
    inputs: [{ shape: [2, 3] }],
    f: (x) => tf.add(x, tf.cast(tf.expandDims(tf.argMin(x, 1), 1), 'float32')),
    reference: ([x]) =>
      x.map((v, i) => v + argBest(x.subarray(i - (i % 3), i - (i % 3) + 3), (a, b) => a < b)),
  },
];

function argBest(v: Float64Array, better: (a: number, b: number) => boolean): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (better(v[i], v[best])) best = i;
  return best;
}

export const reductionCases: ConformanceCase[] = [
  ...OPS.flatMap(([kernel, op, combine]) =>
    AXES.map(([shape, axes, keep]) => reduction(kernel, op, combine, shape, axes, keep)),
  ),
  ...ties,
  ...empty,
  ...indices,
];
