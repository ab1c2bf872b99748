import * as tf from '@tensorflow/tfjs-core';
import { describeShape, fail } from '../errors';
import type { BodyContext, HeadOutputs, Target } from '../types';

/**
 * One row of a backward pass is one (sample, target) pair. Rows are target-major, so the rows of
 * one target form a contiguous block and its scores are one slice of the head's outputs.
 */
export interface Row {
  sample: number;
  target: number;
}

export function allRows(batch: number, targets: number): Row[] {
  const rows: Row[] = [];
  for (let target = 0; target < targets; target++) {
    for (let sample = 0; sample < batch; sample++) rows.push({ sample, target });
  }
  return rows;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows of `t` (first dimension) picked by sample index: the activations or context of each row. */
export function gatherSamples(t: tf.Tensor, samples: number[]): tf.Tensor {
  const isIdentity = samples.length === t.shape[0] && samples.every((s, i) => s === i);
  if (isIdentity) return t.clone();
  return tf.tidy(() => tf.gather(t, tf.tensor1d(samples, 'int32')));
}

/** The context of each row: tensors with a batch dimension are gathered, the rest passed through. */
export function gatherContext<C extends BodyContext>(context: C, batch: number, samples: number[]): C {
  const out: BodyContext = {};
  for (const [key, value] of Object.entries(context)) {
    out[key] =
      value instanceof tf.Tensor && value.rank > 0 && value.shape[0] === batch
        ? gatherSamples(value, samples)
        : value;
  }
  return out as C;
}

function sliceRows(outputs: HeadOutputs, begin: number, size: number): HeadOutputs {
  const slice = (t: tf.Tensor) => t.slice(begin, size);
  if (outputs instanceof tf.Tensor) return slice(outputs);
  return Object.fromEntries(Object.entries(outputs).map(([k, t]) => [k, slice(t)]));
}

/**
 * A target's score, refused unless it is one value per row: a scalar or a [rows, n] score would
 * otherwise be broadcast into a wrong gradient, or fail deep inside TF.js.
 */
export function scoreOf(target: Target, outputs: HeadOutputs, rows: number): tf.Tensor1D {
  const score = target.score(outputs);
  if (!(score instanceof tf.Tensor)) {
    fail(
      `target '${target.label}' returned no tensor; a score is a tensor of shape [${rows}], one value per row`,
    );
  }
  if (score.rank !== 1 || score.shape[0] !== rows) {
    const shape = describeShape(score.shape);
    score.dispose();
    fail(
      `target '${target.label}' gave a score of shape ${shape}, but a target gives one value per row, shape [${rows}]; ` +
        'reduce every axis but the first (e.g. sum over time steps) or pick one class',
    );
  }
  return score as tf.Tensor1D;
}

/** One score per row: each target scores its own contiguous block of rows. */
export function scoreRows(outputs: HeadOutputs, rows: Row[], targets: Target[]): tf.Tensor1D {
  const parts: tf.Tensor1D[] = [];
  let begin = 0;
  while (begin < rows.length) {
    const target = rows[begin].target;
    let end = begin;
    while (end < rows.length && rows[end].target === target) end++;
    const block = begin === 0 && end === rows.length ? outputs : sliceRows(outputs, begin, end - begin);
    parts.push(scoreOf(targets[target], block, end - begin));
    begin = end;
  }
  return parts.length === 1 ? parts[0] : (tf.concat(parts) as tf.Tensor1D);
}

/** Scores `[rows, targets]` of every target on the same rows of outputs (the head's input rows). */
export function scoreAllTargets(outputs: HeadOutputs, targets: Target[], rows: number): tf.Tensor2D {
  return tf.stack(
    targets.map((t) => scoreOf(t, outputs, rows)),
    1,
  ) as tf.Tensor2D;
}

export function disposeContext(context: BodyContext): void {
  for (const value of Object.values(context)) if (value instanceof tf.Tensor) value.dispose();
}
