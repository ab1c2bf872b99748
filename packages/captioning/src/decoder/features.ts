import { GradcamError } from '@gradcam/core';
import type * as tf from '@tensorflow/tfjs-core';

function checkChannels(features: tf.Tensor, channels: number): void {
  const last = features.shape[features.rank - 1];
  if (last !== channels) {
    throw new GradcamError(
      `the encoder's features have ${last} channels (shape [${features.shape.join(', ')}]); the decoder was built for ${channels}`,
    );
  }
}

/** One feature vector per row: a feature map `[rows, h, w, c]` (or `[rows, n, c]`) averaged over space. */
export function pooledFeatures(features: tf.Tensor, channels: number): tf.Tensor2D {
  checkChannels(features, channels);
  if (features.rank === 2) return features as tf.Tensor2D;
  if (features.rank === 3) return features.mean(1) as tf.Tensor2D;
  if (features.rank === 4) return features.mean([1, 2]) as tf.Tensor2D;
  throw new GradcamError(
    `the encoder's features must have rank 2, 3 or 4, got [${features.shape.join(', ')}]`,
  );
}

/** The feature map as a set of locations `[rows, h * w, c]`, what attention reads. */
export function featureLocations(features: tf.Tensor, channels: number): tf.Tensor3D {
  checkChannels(features, channels);
  if (features.rank === 3) return features as tf.Tensor3D;
  if (features.rank === 4) {
    const [rows, h, w, c] = features.shape;
    return features.reshape([rows, h * w, c]);
  }
  throw new GradcamError(
    `an attention decoder reads a spatial feature map [rows, h, w, c]; the encoder gives [${features.shape.join(', ')}]`,
  );
}
