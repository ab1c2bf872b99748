import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Scene } from '../world/scene';
import { CLASSIFIER_CLASSES } from './classifier';
import { presentShapes, scenesToTensor } from './classifier-data';

export interface ClassifierEvaluation {
  scenes: number;
  /** Share of scenes whose whole set of present shapes is predicted exactly. */
  exactMatch: number;
  /** Share of correct present/absent decisions per class. */
  perClass: Record<string, number>;
  /** The logits of every scene, in CLASSIFIER_CLASSES order. */
  logits: number[][];
}

/** Present = logit above 0 (probability above one half). */
export async function evaluateClassifier(
  model: LayersModel,
  scenes: readonly Scene[],
  batchSize = 50,
): Promise<ClassifierEvaluation> {
  const logits: number[][] = [];
  for (let start = 0; start < scenes.length; start += batchSize) {
    const batch = scenes.slice(start, start + batchSize);
    const out = tf.tidy(() => model.predict(scenesToTensor(batch)) as tf.Tensor2D);
    logits.push(...((await out.array()) as number[][]));
    out.dispose();
  }
  let exact = 0;
  const correct = CLASSIFIER_CLASSES.map(() => 0);
  scenes.forEach((scene, i) => {
    const truth = presentShapes(scene);
    const right = truth.map((t, c) => (logits[i][c] > 0 ? 1 : 0) === t);
    right.forEach((r, c) => {
      if (r) correct[c]++;
    });
    if (right.every(Boolean)) exact++;
  });
  return {
    scenes: scenes.length,
    exactMatch: exact / scenes.length,
    perClass: Object.fromEntries(CLASSIFIER_CLASSES.map((c, k) => [c, correct[k] / scenes.length])),
    logits,
  };
}
