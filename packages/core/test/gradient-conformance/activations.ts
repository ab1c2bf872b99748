import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';
import { binaryReference, unaryReference } from './reference';

const SHAPE = [2, 3, 4];

function activation(
  kernel: string,
  f: (x: tf.Tensor) => tf.Tensor,
  js: (x: number) => number,
): ConformanceCase {
  return {
    kernel,
    name: 'random signed [2, 3, 4]',
    inputs: [{ shape: SHAPE }],
    f,
    reference: unaryReference(js),
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;
// Exact kinks: ReLU at 0, ReLU6 at 0 and 6, where TensorFlow's gradient is that of the left side.
const KINKS = [-1, 0, 0, 0.5, 6, 6, 7, 0];

export const activationCases: ConformanceCase[] = [
  activation('Relu', tf.relu, (x) => Math.max(x, 0)),
  {
    kernel: 'Relu',
    name: 'exactly 0: gradient 0',
    inputs: [{ shape: [8], values: KINKS }],
    f: tf.relu,
    reference: unaryReference((x) => Math.max(x, 0)),
    ties: 'first',
  },
  activation('Relu6', tf.relu6, (x) => Math.min(Math.max(x, 0), 6)),
  {
    kernel: 'Relu6',
    name: 'exactly 0 and 6',
    inputs: [{ shape: [8], values: KINKS }],
    f: tf.relu6,
    reference: unaryReference((x) => Math.min(Math.max(x, 0), 6)),
    ties: 'first',
  },
  activation(
    'LeakyRelu',
    (x) => tf.leakyRelu(x, 0.2),
    (x) => (x > 0 ? x : 0.2 * x),
  ),
  activation('Elu', tf.elu, (x) => (x > 0 ? x : Math.expm1(x))),
  activation('Selu', tf.selu, (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x))),
  activation('Sigmoid', tf.sigmoid, sigmoid),
  activation('Tanh', tf.tanh, Math.tanh),
  activation('Softplus', tf.softplus, (x) => Math.log1p(Math.exp(x))),
  activation(
    'ClipByValue',
    (x) => tf.clipByValue(x, -0.5, 0.5),
    (x) => Math.min(Math.max(x, -0.5), 0.5),
  ),
  {
    kernel: 'Prelu',
    name: 'alpha per channel, broadcast over [2, 3, 4]',
    inputs: [{ shape: SHAPE }, { shape: [4], fill: 'positive' }],
    f: (x, a) => tf.prelu(x, a),
    reference: binaryReference((x, a) => (x > 0 ? x : a * x)),
  },
  {
    kernel: 'Erf',
    name: 'random signed (GELU)',
    inputs: [{ shape: SHAPE }],
    f: tf.erf,
  },
  {
    kernel: 'Step',
    name: 'zero gradient',
    inputs: [{ shape: SHAPE }],
    f: (x) => tf.add(x, tf.step(x)),
    reference: unaryReference((x) => x + (x > 0 ? 1 : 0)),
  },
];
