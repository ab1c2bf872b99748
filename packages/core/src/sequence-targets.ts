import * as tf from '@tensorflow/tfjs-core';
import { describeShape, fail } from './errors';
import { selectOutput } from './targets';
import type { HeadOutputs, Target } from './types';

/** One class at one time step of a sequence output `[rows, T, C]`. */
export interface SequencePick {
  step: number;
  classIndex: number;
}

export interface SequenceTargetOptions {
  /** The head output to read when the head returns a record (default: its first). */
  output?: string;
  /**
   * `logProb` (default): the head gives logits and the score sums their log-softmax over classes;
   * `logit`: the raw values are summed (a softmax at the end of the head makes them probabilities).
   */
  scale?: 'logProb' | 'logit';
  label?: string;
}

function asSequence(outputs: HeadOutputs, opts: SequenceTargetOptions, what: string): tf.Tensor3D {
  const t = selectOutput(outputs, opts.output);
  if (t.rank !== 3) {
    fail(`${what} reads a sequence output [rows, time steps, classes], got ${describeShape(t.shape)}`);
  }
  return t as tf.Tensor3D;
}

function checkPicks(picks: SequencePick[], steps: number, classes: number, what: string): void {
  for (const { step, classIndex } of picks) {
    if (!Number.isInteger(step) || step < 0 || step >= steps) {
      fail(`${what}: time step ${step} is out of range; the output has ${steps} (valid: 0..${steps - 1})`);
    }
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes) {
      fail(
        `${what}: class ${classIndex} is out of range; the output has ${classes} (valid: 0..${classes - 1})`,
      );
    }
  }
}

/**
 * The sum over `picks` of one class's score at one time step. A constant 0/1 mask selects them,
 * so the gradient is a multiply and a sum, which every backend differentiates (no Gather).
 */
export function sequenceTarget(picks: SequencePick[], opts: SequenceTargetOptions = {}): Target {
  if (!Array.isArray(picks) || picks.length === 0) {
    fail('sequenceTarget needs at least one { step, classIndex } to score');
  }
  const label = opts.label ?? picks.map((p) => `${p.classIndex}@${p.step}`).join(' ');
  const what = `target '${label}'`;
  return {
    label,
    validate: (outputs) => {
      const [, steps, classes] = asSequence(outputs, opts, what).shape;
      checkPicks(picks, steps, classes, what);
    },
    score: (outputs) => {
      const seq = asSequence(outputs, opts, what);
      const [, steps, classes] = seq.shape;
      checkPicks(picks, steps, classes, what);
      const mask = tf.buffer([steps, classes], 'float32');
      for (const { step, classIndex } of picks) mask.set(1, step, classIndex);
      const values = opts.scale === 'logit' ? seq : tf.logSoftmax(seq);
      return tf.mul(values, mask.toTensor()).sum([1, 2]) as tf.Tensor1D;
    },
  };
}

/** One character read at the time steps that emitted it (its CTC run), summed. */
export function characterTarget(
  classIndex: number,
  steps: number[],
  opts: SequenceTargetOptions = {},
): Target {
  if (!Array.isArray(steps) || steps.length === 0)
    fail('characterTarget needs the time steps of the character');
  return sequenceTarget(
    steps.map((step) => ({ step, classIndex })),
    { ...opts, label: opts.label ?? `class ${classIndex} at steps ${steps.join(',')}` },
  );
}

/** A whole string: every character at its time steps, the score of the decoded path. */
export function stringTarget(
  characters: { classIndex: number; steps: number[] }[],
  opts: SequenceTargetOptions = {},
): Target {
  if (!Array.isArray(characters) || characters.length === 0)
    fail('stringTarget needs at least one character');
  const picks = characters.flatMap((c) => c.steps.map((step) => ({ step, classIndex: c.classIndex })));
  return sequenceTarget(picks, { ...opts, label: opts.label ?? 'string' });
}
