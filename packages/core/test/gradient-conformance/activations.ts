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

function composite(
  kernel: string,
  f: (x: tf.Tensor) => tf.Tensor,
  js: (x: number) => number,
): ConformanceCase {
  return {
    kernel,
    composite: true,
    name: 'random signed [2, 3, 4], scaled by 4',
    inputs: [{ shape: SHAPE }],
    f,
    reference: unaryReference(js),
  };
}

const GELU_C = Math.sqrt(2 / Math.PI);
const hardSigmoid = (x: number) => Math.min(Math.max(x / 6 + 0.5, 0), 1);

// Activations that layers and importers compose from several kernels. Inputs are scaled by 4 so
// that the saturated parts of hard sigmoid and hard swish are reached too.
export const compositeActivationCases: ConformanceCase[] = [
  composite(
    'swish (SiLU)',
    (x) => tf.mul(tf.mul(x, 4), tf.sigmoid(tf.mul(x, 4))),
    (x) => 4 * x * sigmoid(4 * x),
  ),
  composite(
    'GELU, tanh approximation',
    (x) => {
      const z = tf.mul(x, 4);
      const inner = tf.mul(GELU_C, tf.add(z, tf.mul(0.044715, tf.pow(z, 3))));
      return tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(inner)));
    },
    (x) => 2 * x * (1 + Math.tanh(GELU_C * (4 * x + 0.044715 * (4 * x) ** 3))),
  ),
  composite(
    'hard swish (MobileNetV3)',
    (x) => {
      const z = tf.mul(x, 4);
      return tf.mul(z, tf.clipByValue(tf.add(tf.div(z, 6), 0.5), 0, 1));
    },
    (x) => 4 * x * hardSigmoid(4 * x),
  ),
  composite(
    'mish',
    (x) => tf.mul(tf.mul(x, 4), tf.tanh(tf.softplus(tf.mul(x, 4)))),
    (x) => 4 * x * Math.tanh(Math.log1p(Math.exp(4 * x))),
  ),
  composite(
    'softsign',
    (x) => tf.div(tf.mul(x, 4), tf.add(tf.abs(tf.mul(x, 4)), 1)),
    (x) => (4 * x) / (Math.abs(4 * x) + 1),
  ),
];
