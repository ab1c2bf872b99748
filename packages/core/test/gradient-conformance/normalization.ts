import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase, InputSpec } from './case';

const EPS = 1e-3;
const X: InputSpec = { shape: [2, 3, 3, 2] };
const PARAM: InputSpec = { shape: [2] };
const VARIANCE: InputSpec = { shape: [2], fill: 'positive' };

/** Inference batch norm over the last axis: (x - mean) / sqrt(var + eps) * scale + offset. */
function batchNormReference(hasScale: boolean, hasOffset: boolean) {
  return ([x, mean, variance, ...rest]: Float64Array[]): Float64Array => {
    const scale = hasScale ? rest[0] : undefined;
    const offset = hasOffset ? rest[hasScale ? 1 : 0] : undefined;
    const c = mean.length;
    return x.map((v, i) => {
      const k = i % c;
      return (
        ((v - mean[k]) / Math.sqrt(variance[k] + EPS)) * (scale ? scale[k] : 1) + (offset ? offset[k] : 0)
      );
    });
  };
}

function batchNorm(hasScale: boolean, hasOffset: boolean, name: string): ConformanceCase {
  const inputs = [X, PARAM, VARIANCE, ...(hasScale ? [PARAM] : []), ...(hasOffset ? [PARAM] : [])];
  return {
    kernel: 'FusedBatchNorm',
    name,
    inputs,
    f: (x, mean, variance, ...rest) => {
      const scale = hasScale ? rest[0] : undefined;
      const offset = hasOffset ? rest[hasScale ? 1 : 0] : undefined;
      return tf.batchNorm(x, mean, variance, offset, scale, EPS);
    },
    reference: batchNormReference(hasScale, hasOffset),
  };
}

/** Normalises each group of elements (group index by element) to zero mean and unit variance. */
function normalizeGroups(
  x: Float64Array,
  groupOf: (i: number) => number,
  groups: number,
  eps: number,
): Float64Array {
  const sum = new Float64Array(groups);
  const sq = new Float64Array(groups);
  const count = new Float64Array(groups);
  x.forEach((v, i) => {
    sum[groupOf(i)] += v;
    count[groupOf(i)] += 1;
  });
  x.forEach((v, i) => {
    const g = groupOf(i);
    sq[g] += (v - sum[g] / count[g]) ** 2;
  });
  return x.map((v, i) => {
    const g = groupOf(i);
    return (v - sum[g] / count[g]) / Math.sqrt(sq[g] / count[g] + eps);
  });
}

// Layer norm as tfjs-layers and the ONNX importer build it: tf.moments with keepDims, then scale and shift.
const layerNorm: ConformanceCase = {
  kernel: 'layer norm',
  composite: true,
  name: 'over channels (tf.moments keepDims), tokens [2, 3, 4]',
  inputs: [{ shape: [2, 3, 4] }, { shape: [4] }, { shape: [4] }],
  f: (x, gamma, beta) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS))), gamma), beta);
  },
  reference: ([x, gamma, beta]) =>
    normalizeGroups(x, (i) => Math.floor(i / 4), 6, EPS).map((v, i) => v * gamma[i % 4] + beta[i % 4]),
};

const instanceNorm: ConformanceCase = {
  kernel: 'instance norm',
  composite: true,
  name: 'over H, W per sample and channel, NHWC [2, 3, 3, 2]',
  inputs: [X],
  f: (x) => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPS)));
  },
  // Group = (sample, channel): sample i / 18, channel i % 2.
  reference: ([x]) => normalizeGroups(x, (i) => Math.floor(i / 18) * 2 + (i % 2), 4, EPS),
};

const localResponse: ConformanceCase = {
  kernel: 'LRN',
  name: 'depth radius 2 (AlexNet, GoogLeNet ONNX)',
  inputs: [{ shape: [1, 2, 2, 5] }],
  f: (x) => tf.localResponseNormalization(x as tf.Tensor4D, 2, 1, 0.5, 0.75),
  reference: ([x]) =>
    x.map((v, i) => {
      const c = i % 5;
      let sq = 0;
      for (let d = Math.max(0, c - 2); d <= Math.min(4, c + 2); d++) sq += x[i - c + d] ** 2;
      return v / (1 + 0.5 * sq) ** 0.75;
    }),
};

export const normalizationCases: ConformanceCase[] = [
  batchNorm(true, true, 'scale and offset, NHWC batch 2'),
  batchNorm(false, true, 'no scale (Keras BatchNormalization(scale=False), InceptionV3)'),
  batchNorm(true, false, 'no offset'),
  batchNorm(false, false, 'neither scale nor offset'),
  layerNorm,
  instanceNorm,
  localResponse,
];
