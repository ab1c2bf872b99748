import * as tf from '@tensorflow/tfjs-core';
import { describeShape, fail } from '../errors';
import type { ExplainOptions, Target } from '../types';

export function validateTargets(targets: Target[]): void {
  if (!Array.isArray(targets) || targets.length === 0) {
    fail('no targets to explain: pass at least one, e.g. classTarget(281) or predictedTarget()');
  }
  targets.forEach((t, i) => {
    if (!t || typeof t.score !== 'function') {
      fail(
        `target ${i} is not a target: use classTarget(n), wordTarget(t), answerTarget(a) or outputTarget(label, fn)`,
      );
    }
  });
}

export function validateOptions(options: ExplainOptions): void {
  const { outputSize, memoryBudgetMB, maxRowsPerPass, batchSize } = options;
  if (outputSize !== undefined) {
    const ok =
      Array.isArray(outputSize) &&
      outputSize.length === 2 &&
      outputSize.every((n) => Number.isInteger(n) && n > 0);
    if (!ok)
      fail(`outputSize must be [height, width] with positive integers, got ${JSON.stringify(outputSize)}`);
  }
  if (memoryBudgetMB !== undefined && !(memoryBudgetMB > 0))
    fail(`memoryBudgetMB must be positive, got ${memoryBudgetMB}`);
  for (const [name, v] of [
    ['maxRowsPerPass', maxRowsPerPass],
    ['batchSize', batchSize],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v > 0))
      fail(`${name} must be a positive integer, got ${v}`);
  }
  if (options.normalization !== undefined && !['minmax', 'none'].includes(options.normalization)) {
    fail(`normalization must be 'minmax' or 'none', got '${options.normalization}'`);
  }
}

/** Rejects NaN and Inf with a message that says where they came from. */
export function assertFinite(t: tf.Tensor, what: string): void {
  if (t.dtype !== 'float32') return;
  const bad = tf.tidy(() => tf.logicalNot(tf.isFinite(t)).any().dataSync()[0]);
  if (bad) fail(`${what} contains NaN or Inf values; check the input's preprocessing`);
}

export function assertActivations(t: tf.Tensor, layer: string): asserts t is tf.Tensor4D {
  if (!(t instanceof tf.Tensor)) fail(`the body for layer '${layer}' returned no activations tensor`);
  if (t.rank !== 4) {
    fail(
      `activations of layer '${layer}' must be NHWC [batch, h, w, channels], got ${describeShape(t.shape)}; ` +
        'adapters reshape token sequences to a grid',
    );
  }
  assertFinite(t, `the activations of layer '${layer}'`);
}
