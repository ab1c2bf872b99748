import { generateScene, type Scene, sceneSeed } from '@gradcam/shapeworld';

/**
 * The seed of the evaluation scenes by default. Training streams use small seeds (the classifier
 * seed 1) and the classifier's held-out set 20240607; this one is used by nothing else, so no
 * model has seen these scenes.
 */
export const DEFAULT_EVAL_SEED = 777_001;

/** Scene i of the evaluation is a function of (seed, i) alone: reruns see the same scenes. */
export function evalScenes(seed: number, count: number): Scene[] {
  return Array.from({ length: count }, (_, i) => generateScene(sceneSeed(seed, i)));
}
