import { applyKernelFixes, restoreStockKernels } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

const SHAPE = [2, 3, 4, 5];
const C = 5;
const EPSILON = 1e-3;

function seeded(n: number, seed: number): Float64Array {
  const values = new Float64Array(n);
  let state = seed * 7919 + 17;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values[i] = state / 1073741824 - 1;
  }
  return values;
}

const beta = seeded(C, 1);
const movingMean = seeded(C, 2);
const movingVariance = seeded(C, 3).map((v) => v + 1.5);
const x = seeded(2 * 3 * 4 * 5, 4);
const w = seeded(x.length, 5);

/** d/dx of sum(w * BN(x)) without scale, in float64: w / sqrt(var + eps) per channel. */
const expected = w.map((v, i) => v / Math.sqrt(movingVariance[i % C] + EPSILON));

/** Keras' BatchNormalization(scale=False), as every Keras application builds it, in inference. */
function scaleFreeBatchNorm(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.batchNormalization({ scale: false, epsilon: EPSILON, inputShape: SHAPE.slice(1) })],
  });
  model.setWeights([beta, movingMean, movingVariance].map((v) => tf.tensor1d(Float32Array.from(v))));
  return model;
}

function gradient(model: tfl.LayersModel): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor(Float32Array.from(x), SHAPE);
    const weights = tf.tensor(Float32Array.from(w), SHAPE);
    const f = (v: tf.Tensor) => tf.sum(tf.mul(model.apply(v, { training: false }) as tf.Tensor, weights));
    return tf.grad(f)(input).dataSync() as Float32Array;
  });
}

describe("a LayersModel's BatchNormalization(scale=False) is differentiable with @gradcam/core's fixes", () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`${backend}: stock throws, fixed equals the float64 gradient`, async () => {
      await tf.setBackend(backend);
      const model = scaleFreeBatchNorm();
      restoreStockKernels(backend);
      expect(() => gradient(model)).toThrow(/Cannot read properties of undefined/);
      applyKernelFixes(backend);
      const before = tf.memory().numTensors;
      const got = gradient(model);
      let err = 0;
      expected.forEach((v, i) => {
        err = Math.max(err, Math.abs(got[i] - v));
      });
      expect(err).toBeLessThan(1e-5);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }
});
