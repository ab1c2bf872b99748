import * as tf from '@tensorflow/tfjs-core';

// The reference (pytorch-grad-cam) divides by max + 1e-7 after subtracting the minimum.
const NORM_EPS = 1e-7;

/** Per map of `[n, h, w]`: `(x - min) / (max(x - min) + 1e-7)`. */
export function minMaxPerMap(maps: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const shifted = maps.sub(maps.min([1, 2], true));
    return shifted.div(shifted.max([1, 2], true).add(NORM_EPS)) as tf.Tensor3D;
  });
}

/**
 * Bilinear resize of `[n, h, w]` maps with half-pixel centres and clamped edges, which is what
 * OpenCV's INTER_LINEAR (the reference's cv2.resize) computes for float images.
 */
export function resizeMaps(maps: tf.Tensor3D, [height, width]: [number, number]): tf.Tensor3D {
  const [, h, w] = maps.shape;
  if (h === height && w === width) return maps.clone();
  return tf.tidy(
    () =>
      tf.image
        .resizeBilinear(maps.expandDims(3) as tf.Tensor4D, [height, width], false, true)
        .squeeze([3]) as tf.Tensor3D,
  );
}

/** Weighted sum of channels: `[rows, h, w, c]` x `[rows, c]` -> `[rows, h, w]`. */
export function weightedChannelSum(activations: tf.Tensor4D, weights: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [rows, , , c] = activations.shape;
    return activations.mul(weights.reshape([rows, 1, 1, c])).sum(3) as tf.Tensor3D;
  });
}
