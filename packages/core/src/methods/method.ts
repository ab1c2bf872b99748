import type * as tf from '@tensorflow/tfjs-core';

/**
 * A CAM method is a small pure function. Gradient methods see the activations and the gradients
 * of one score per row; they return either per-channel weights (then `raw = sum_k w_k A_k`) or the
 * raw map itself, exactly one of the two (a method with neither would have no map, so it does not
 * type-check). Both tensors are `[rows, h, w, channels]`.
 */
export type GradientMethod = ChannelWeightMethod | RawMapMethod;

interface GradientMethodBase {
  kind: 'gradient';
  name: string;
  description: string;
}

/** Per-channel weights `[rows, channels]`; the engine sums the weighted channels. */
export interface ChannelWeightMethod extends GradientMethodBase {
  channelWeights(activations: tf.Tensor4D, gradients: tf.Tensor4D): tf.Tensor2D;
  rawMap?: never;
}

/** The raw map `[rows, h, w]` itself: for methods that weigh each cell, not each channel. */
export interface RawMapMethod extends GradientMethodBase {
  rawMap(activations: tf.Tensor4D, gradients: tf.Tensor4D): tf.Tensor3D;
  channelWeights?: never;
}

/** Uses the activations alone: the same map for every target of a sample. */
export interface ActivationMethod {
  kind: 'activation';
  name: string;
  description: string;
  rawMap(activations: tf.Tensor4D): tf.Tensor3D;
}

/** What a gradient-free method may ask of the model for one sample. */
export interface PerturbationProbe {
  /** `[1, h, w, channels]`: the sample's activations. */
  activations: tf.Tensor4D;
  /** Scores of every target on the unmodified input: `[targets]`. */
  baseScores: Float32Array;
  /** Input size `[H, W]`. */
  inputSize: [number, number];
  /** Scores `[n, targets]` of the input multiplied by each mask of `[n, H, W]`. */
  scoreMasked(masks: tf.Tensor3D): Promise<tf.Tensor2D>;
  /** Scores `[n, targets]` when the head sees the activations with each listed channel set to zero. */
  scoreAblated(channels: number[]): Promise<tf.Tensor2D>;
  batchSize: number;
}

/** Channel weights `[targets, channels]` found by re-scoring perturbed inputs or activations. */
export interface PerturbationMethod {
  kind: 'perturbation';
  name: string;
  description: string;
  channelWeights(probe: PerturbationProbe): Promise<tf.Tensor2D>;
}

export type CamMethod = GradientMethod | ActivationMethod | PerturbationMethod;
