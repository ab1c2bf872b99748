import type * as tf from '@tensorflow/tfjs-core';

/** A binary ground-truth mask, row-major, 1 inside the object and 0 outside. */
export interface Mask {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Scores a batch of images (NHWC, the same preprocessing as the image that was explained): one
 * number per image, for the explained target. The metrics own and dispose the batch tensor.
 */
export type ScoreFn = (batch: tf.Tensor4D) => Promise<ArrayLike<number>>;

/**
 * What replaces a removed pixel: a gaussian blur of the image, the image's per-channel mean,
 * seeded gaussian noise with the image's per-channel mean and standard deviation, or a constant.
 */
export type Baseline = 'blur' | 'mean' | 'noise' | number;

/** One image: `[1, h, w, c]` or `[h, w, c]`. */
export type ImageInput = tf.Tensor3D | tf.Tensor4D;
