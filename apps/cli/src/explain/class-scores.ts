import { GradcamError } from '@gradcam/core';
import type * as tf from '@tensorflow/tfjs-core';
import { shapeText } from '../model/shape-text';

/** One class of the model's output on an image. */
export interface ClassScore {
  class: number;
  /** The scored output: the logit when the model's softmax was looked through. */
  score: number;
  /** softmax(logits), only when the model ends in a softmax (its own output, then). */
  probability?: number;
}

export interface ScoringModel {
  predict(input: tf.Tensor4D): tf.Tensor;
  scoresLogits: boolean;
}

/** The model's scores for every class on a batch of one image. */
export async function classScores(model: ScoringModel, input: tf.Tensor4D): Promise<ClassScore[]> {
  const output = model.predict(input);
  let values: Float32Array;
  try {
    if (output.rank !== 2 || output.shape[0] !== 1) {
      throw new GradcamError(
        `the model's output is ${shapeText(output.shape)} for one image; gradcam explain needs class scores [batch, classes]`,
      );
    }
    values = Float32Array.from(await output.data());
  } finally {
    output.dispose();
  }
  const probabilities = model.scoresLogits ? softmax(values) : undefined;
  return Array.from(values, (score, c) => ({ class: c, score, probability: probabilities?.[c] }));
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
