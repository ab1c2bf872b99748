import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';

type T2 = tf.Tensor2D;

// Sizes: batch 2, input 3, hidden 2, two time steps; smooth, so the backend's differences serve.
const X = { shape: [2, 2, 3] };

/** Two steps of an LSTM cell as tfjs-layers builds it: z = x W + h U + b, gates i f c o by slicing. */
function lstm(x: tf.Tensor, w: tf.Tensor, u: tf.Tensor, b: tf.Tensor): tf.Tensor {
  let h = tf.zeros([2, 2]);
  let c = tf.zeros([2, 2]);
  for (const xt of tf.unstack(x, 1)) {
    const z = tf.add(tf.add(tf.matMul(xt as T2, w as T2), tf.matMul(h as T2, u as T2)), b);
    const [i, f, g, o] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c));
  }
  return h;
}

/**
 * Two steps of a GRU cell with the reset gate applied after the recurrent product (Keras'
 * reset_after, the ONNX importer's linear_before_reset = 1).
 */
function gru(x: tf.Tensor, w: tf.Tensor, u: tf.Tensor, b: tf.Tensor): tf.Tensor {
  let h = tf.zeros([2, 2]);
  for (const xt of tf.unstack(x, 1)) {
    const [xz, xr, xh] = tf.split(tf.matMul(xt as T2, w as T2), 3, 1);
    const [hz, hr, hh] = tf.split(tf.add(tf.matMul(h as T2, u as T2), b), 3, 1);
    const zt = tf.sigmoid(tf.add(xz, hz));
    const rt = tf.sigmoid(tf.add(xr, hr));
    const candidate = tf.tanh(tf.add(xh, tf.mul(rt, hh)));
    h = tf.add(tf.mul(zt, h), tf.mul(tf.sub(1, zt), candidate));
  }
  return h;
}

export const recurrentCases: ConformanceCase[] = [
  {
    kernel: 'LSTM cell',
    composite: true,
    name: 'two steps, batch 2, gates by split',
    inputs: [X, { shape: [3, 8] }, { shape: [2, 8] }, { shape: [8] }],
    f: lstm,
  },
  {
    kernel: 'GRU cell',
    composite: true,
    name: 'two steps, batch 2, reset after',
    inputs: [X, { shape: [3, 6] }, { shape: [2, 6] }, { shape: [6] }],
    f: gru,
  },
];
