import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ModelAdapters } from '../model/adapter-for';
import { shapeText } from '../model/shape-text';
import { bodyOnce } from './body-once';

/** One class of the model's output on an image. */
export interface ClassScore {
  class: number;
  /** The scored output: the logit when the model's softmax was looked through. */
  score: number;
  /** softmax(logits), only when the model ends in a softmax (its own output, then). */
  probability?: number;
}

/** Every class's score in the model's outputs on a batch of one image (the outputs stay the caller's). */
export async function scoresOfOutputs(outputs: unknown, scoresLogits: boolean): Promise<ClassScore[]> {
  if (!(outputs instanceof tf.Tensor) || outputs.rank !== 2 || outputs.shape[0] !== 1) {
    const shape = outputs instanceof tf.Tensor ? shapeText(outputs.shape) : 'not one tensor';
    throw new GradcamError(
      `the model's output is ${shape} for one image; gradcam explain needs class scores [batch, classes]`,
    );
  }
  const values = Float32Array.from(await outputs.data());
  const probabilities = scoresLogits ? softmax(values) : undefined;
  return Array.from(values, (score, c) => ({ class: c, score, probability: probabilities?.[c] }));
}

/** The model's scores for every class on a batch of one image, from one body and one head run. */
export async function classScores(
  model: Pick<ModelAdapters, 'adapters' | 'scoresLogits'>,
  input: tf.Tensor4D,
): Promise<ClassScore[]> {
  const once = bodyOnce(model.adapters, input);
  try {
    return await scoresOfOutputs(once.outputs, model.scoresLogits);
  } finally {
    once.dispose();
  }
}
/** Best first; equal scores keep class order, so the ranking is reproducible. */
export function ranked(scores: readonly ClassScore[]): ClassScore[] {
  return [...scores].sort((a, b) => b.score - a.score || a.class - b.class);
}

function softmax(logits: Float32Array): number[] {
  // Shifted by the maximum so that exp cannot overflow.
  const max = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
