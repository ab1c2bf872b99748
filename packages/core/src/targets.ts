import * as tf from '@tensorflow/tfjs-core';
import { fail } from './errors';
import type { HeadOutputs, Target } from './types';

/** The tensor a target reads: the head's only output, or the named field of a record. */
export function selectOutput(outputs: HeadOutputs, field: string | undefined, required = false): tf.Tensor {
  if (outputs instanceof tf.Tensor) {
    if (required) fail(`this target reads the head output '${field}', but the head returns a single tensor`);
    return outputs;
  }
  const key = field ?? Object.keys(outputs)[0];
  const t = key === undefined ? undefined : outputs[key];
  if (!t) {
    fail(`the head has no output named '${field}'; it has: ${Object.keys(outputs).join(', ')}`);
  }
  return t;
}

function asMatrix(t: tf.Tensor, what: string): tf.Tensor2D {
  if (t.rank !== 2) fail(`${what} needs head outputs of shape [rows, n], got rank ${t.rank}`);
  return t as tf.Tensor2D;
}

function checkIndex(index: number, n: number, kind: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    fail(`${kind} ${index} is out of range: the model has ${n} (valid: 0..${n - 1})`);
  }
}

/** The raw (pre-softmax) score of class `index`. */
export function classTarget(index: number, opts: { output?: string; label?: string } = {}): Target {
  if (!Number.isInteger(index) || index < 0) fail(`class index must be a non-negative integer, got ${index}`);
  return {
    label: opts.label ?? `class ${index}`,
    validate: (outputs) =>
      checkIndex(index, asMatrix(selectOutput(outputs, opts.output), 'classTarget').shape[1], 'class'),
    score: (outputs) => {
      const m = asMatrix(selectOutput(outputs, opts.output), 'classTarget');
      return m.slice([0, index], [-1, 1]).reshape([-1]) as tf.Tensor1D;
    },
  };
}

/** The score of whatever class each row predicts (its largest output). */
export function predictedTarget(opts: { output?: string } = {}): Target {
  return {
    label: 'predicted',
    score: (outputs) => asMatrix(selectOutput(outputs, opts.output), 'predictedTarget').max(1) as tf.Tensor1D,
  };
}

/** The score of answer `index` of a VQA head (output field `answers` when the head returns a record). */
export function answerTarget(index: number, label?: string): Target {
  return classTarget(index, { output: 'answers', label: label ?? `answer ${index}` });
}

/** `log p(w_t | w_<t, image)` of word `t`, from a head output `tokenLogProbs` of shape [rows, T]. */
export function wordTarget(t: number, label?: string): Target {
  return {
    label: label ?? `word ${t}`,
    validate: (outputs) =>
      checkIndex(
        t,
        asMatrix(selectOutput(outputs, 'tokenLogProbs', true), 'wordTarget').shape[1],
        'word position',
      ),
    score: (outputs) =>
      asMatrix(selectOutput(outputs, 'tokenLogProbs', true), 'wordTarget')
        .slice([0, t], [-1, 1])
        .reshape([-1]) as tf.Tensor1D,
  };
}

/** The log-probability of the whole caption: the sum of its words' (the original's behaviour). */
export function captionTarget(label = 'caption'): Target {
  return {
    label,
    score: (outputs) =>
      asMatrix(selectOutput(outputs, 'tokenLogProbs', true), 'captionTarget').sum(1) as tf.Tensor1D,
  };
}

/** Any function of the head's outputs to one scalar per row. */
export function outputTarget<O extends HeadOutputs = HeadOutputs>(
  label: string,
  score: (outputs: O) => tf.Tensor1D,
): Target<O> {
  return { label, score };
}
