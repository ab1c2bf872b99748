import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { OnnxExecutor } from '../../src';
import { seeded } from './run-op';

export interface GradientCheckOptions {
  /** Step of the central difference. */
  step?: number;
  /** Allowed |analytic - numeric| relative to max(1, |analytic|). */
  tolerance?: number;
  /** Random directions per input. */
  directions?: number;
  output?: string;
}

/**
 * The gradient TF.js takes through the imported graph, against central differences of the same
 * graph: for a fixed random weighting w of the output, d/dt sum(w * y(x + t v)) at t = 0 equals
 * <grad, v> for every direction v. The sums are taken in float64 so that only the graph's own
 * float32 rounding enters the difference quotient. Returns the worst relative error.
 */
export function checkGradients(
  exec: OnnxExecutor,
  feeds: Record<string, tf.Tensor>,
  wrt: string[],
  { step = 1e-2, tolerance = 2e-3, directions = 2, output = 'y' }: GradientCheckOptions = {},
): number {
  const probe = exec.run(feeds, [output])[0];
  const weights = tf.tensor(seeded(probe.size, 99), probe.shape, 'float32');
  const weightValues = weights.dataSync();
  probe.dispose();

  const value = (overrides: Record<string, tf.Tensor>): number => {
    const [y] = exec.run({ ...feeds, ...overrides }, [output]);
    const data = y.dataSync();
    y.dispose();
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i] * weightValues[i];
    return s;
  };
  const objective = (...xs: tf.Tensor[]) => {
    const [y] = exec.run({ ...feeds, ...Object.fromEntries(wrt.map((n, i) => [n, xs[i]])) }, [output]);
    return tf.sum(tf.mul(y, weights));
  };
  const grads = tf.grads(objective)(wrt.map((n) => feeds[n]));

  let worst = 0;
  wrt.forEach((name, i) => {
    const x = feeds[name];
    const g = grads[i].dataSync();
    for (let d = 0; d < directions; d++) {
      const v = seeded(x.size, 1000 + 31 * i + d);
      let analytic = 0;
      for (let k = 0; k < v.length; k++) analytic += g[k] * v[k];
      const [plus, minus] = tf.tidy(() => {
        const offset = tf.mul(tf.tensor(v, x.shape, 'float32'), step);
        return [tf.add(x, offset), tf.sub(x, offset)];
      });
      const numeric = (value({ [name]: plus }) - value({ [name]: minus })) / (2 * step);
      tf.dispose([plus, minus]);
      const error = Math.abs(analytic - numeric) / Math.max(1, Math.abs(analytic));
      worst = Math.max(worst, error);
      expect(error, `d/d${name} along direction ${d}: analytic ${analytic}, numeric ${numeric}`).toBeLessThan(
        tolerance,
      );
    }
  });
  tf.dispose([weights, ...grads]);
  return worst;
}
