import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case';
import { runCase } from './run-case';

type CustomGradient = Parameters<typeof tf.customGrad>[0];

/**
 * x^2 with a gradient `factor` times off in one element only: the suite must notice 5%, with the
 * float64 reference forward and with the backend float32 one.
 */
export function skewedSquare(element: number, factor: number, withReference = true): ConformanceCase {
  return {
    kernel: 'Square',
    name: 'skewed',
    inputs: [{ shape: [3, 4], fill: 'positive' }],
    f: (x) =>
      tf.customGrad(((v: tf.Tensor, save: tf.GradSaveFunc) => {
        save([v]);
        return {
          value: tf.square(v),
          gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => {
            const scale = tf.buffer([3, 4], 'float32', new Float32Array(12).fill(1));
            scale.values[element] = factor;
            return tf.mul(tf.mul(dy, tf.mul(s, 2)), scale.toTensor());
          },
        };
      }) as CustomGradient)(x),
    reference: withReference ? ([x]) => x.map((v) => v * v) : undefined,
  };
}

/** On the active backend: skewed gradients the check let through, exact ones it failed (both empty when sound). */
export function checkSensitivity(): { missed: string[]; rejected: string[] } {
  const missed: string[] = [];
  const rejected: string[] = [];
  for (const withReference of [true, false]) {
    const forward = withReference ? 'float64 reference' : 'backend forward';
    for (const element of [0, 7, 11])
      if (runCase(skewedSquare(element, 1.05, withReference)).ok)
        missed.push(`element ${element}, ${forward}`);
    if (!runCase(skewedSquare(0, 1, withReference)).ok) rejected.push(`exact, ${forward}`);
  }
  return { missed, rejected };
}
