import type { Box, MapData } from '@gradcam/core';
import type { Mask, ScoreFn } from '@gradcam/metrics';
import type { Scene } from '@gradcam/shapeworld';

export const EVAL_MODELS = ['classifier', 'captioner', 'vqa'] as const;
export type EvalModel = (typeof EVAL_MODELS)[number];

/**
 * One explained target with its ground truth: a class present in the scene, an object-naming
 * word of a caption, or a VQA answer whose supporting objects are known.
 */
export interface EvalItem {
  model: EvalModel;
  /** Index of the scene in the evaluated list. */
  scene: number;
  /** What is explained, for reports: `triangle`, `"red" in 'a red circle'`, `what color ...? red`. */
  label: string;
  /** A breakdown key for the reports: the shape, the word's role, the question type. */
  group: string;
  /** Union of the masks of the objects the target names. */
  mask: Mask;
  /** Their boxes: a 15% box is right when it matches any of them. */
  boxes: Box[];
}

/**
 * How a map is made: a CAM method of the engine, optionally counterfactual, or Guided Grad-CAM
 * (guided backpropagation times the method's map, reduced to one channel).
 */
export interface MapVariant {
  /** Row name in the reports, e.g. `gradcam`, `gradcam (counterfactual)`, `guided gradcam`. */
  name: string;
  method: string;
  counterfactual?: boolean;
  guided?: boolean;
}

/** A model under evaluation: what to explain in a scene, how, and how to score its targets. */
export interface EvalSubject<I extends EvalItem = EvalItem> {
  model: EvalModel;
  /** One line for reports: the model and the explained layer. */
  description: string;
  layer: string;
  /** The targets of a scene with known ground truth (possibly none). */
  items(scene: Scene, index: number): I[];
  /** One map per item (image-sized, normalised to [0, 1]), in item order. */
  explain(scene: Scene, items: readonly I[], variant: MapVariant): Promise<MapData[]>;
  /**
   * The item's target as a positive score (a probability) of a batch of images preprocessed as
   * `input` makes them, for the perturbation metrics.
   */
  scoreFn(scene: Scene, item: I): ScoreFn;
  /** The scene as the model's input, `[1, h, w, 3]`; the caller disposes it. */
  input(scene: Scene): import('@tensorflow/tfjs-core').Tensor4D;
  /**
   * Model randomisation (cascading, top to bottom): labels of the steps; `randomise(k)` puts
   * random weights into the layers of steps 0..k, `restore()` brings the trained ones back.
   */
  randomisation?: { steps: string[]; randomise(step: number): void; restore(): void };
  /** Variants this model cannot explain (e.g. Guided Grad-CAM without guided gradients). */
  unsupported?(variant: MapVariant): string | undefined;
  dispose(): void;
}
