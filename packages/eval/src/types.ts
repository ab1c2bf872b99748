import type { Box, MapData } from '@gradcam/core';
import type { Mask, ScoreFn } from '@gradcam/metrics';
import type { RgbImage } from '@gradcam/render';

/** The ShapeWorld reference models that `gradcam eval` evaluates by name. */
export const EVAL_MODELS = ['classifier', 'captioner', 'vqa'] as const;
export type EvalModel = (typeof EVAL_MODELS)[number];

/**
 * An image with its objects' masks: a ShapeWorld scene is one, and so is any picture of a user's
 * with its annotated objects. Masks are 0/1, row-major at the image's size.
 */
export interface EvalScene {
  image: RgbImage;
  width: number;
  height: number;
  objects: readonly { mask: Uint8Array; box: Box }[];
}

/**
 * One explained target with its ground truth: a class present in the scene, an object-naming
 * word of a caption, or a VQA answer whose supporting objects are known.
 */
export interface EvalItem {
  /** The subject's model name. */
  model: string;
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

/**
 * A model under evaluation: what to explain in a scene, how, and how to score its targets. The
 * reference models have theirs (classifierSubject, captionerSubject, vqaSubject); a user writes
 * one for their own model and scenes.
 */
export interface EvalSubject<I extends EvalItem = EvalItem, S extends EvalScene = EvalScene> {
  /** The model's name in the reports (a key of report.models). */
  model: string;
  /** One line for reports: the model and the explained layer. */
  description: string;
  layer: string;
  /** For the reports: what one target is and what its truth is, and what `group` means. */
  itemsAre: string;
  groupsAre: string;
  /** The targets of a scene with known ground truth (possibly none). */
  items(scene: S, index: number): I[];
  /** One map per item (image-sized, normalised to [0, 1]), in item order. */
  explain(scene: S, items: readonly I[], variant: MapVariant): Promise<MapData[]>;
  /**
   * The item's target as a positive score (a probability) of a batch of images preprocessed as
   * `input` makes them, for the perturbation metrics.
   */
  scoreFn(scene: S, item: I): ScoreFn;
  /** The scene as the model's input, `[1, h, w, 3]`; the caller disposes it. */
  input(scene: S): import('@tensorflow/tfjs-core').Tensor4D;
  /**
   * Model randomisation (cascading, top to bottom): labels of the steps; `randomise(k)` puts
   * random weights into the layers of steps 0..k, `restore()` brings the trained ones back.
   */
  randomisation?: { steps: string[]; randomise(step: number): void; restore(): void };
  /** Variants this model cannot explain (e.g. Guided Grad-CAM without guided gradients). */
  unsupported?(variant: MapVariant): string | undefined;
  dispose(): void;
}
