import * as tf from '@tensorflow/tfjs-core';
import type { Scene } from '../world/scene';
import { maskCellCounts } from './mask-cells';

/**
 * 1 at the cells of a `grid` x `grid` feature map that no object's mask touches, else 0, as
 * [scenes, grid, grid, 1]: where the reference models' training keeps `features` at zero.
 */
export function backgroundCells(scenes: readonly Scene[], grid: number): tf.Tensor4D {
  const values = new Float32Array(scenes.length * grid * grid).fill(1);
  scenes.forEach((scene, s) => {
    scene.objects.forEach((_, i) => {
      maskCellCounts(scene, i, grid).forEach((count, cell) => {
        if (count > 0) values[s * grid * grid + cell] = 0;
      });
    });
  });
  return tf.tensor4d(values, [scenes.length, grid, grid, 1]);
}

/**
 * Mean absolute activation of `features` [n, grid, grid, c] over the background cells (`background`
 * from backgroundCells): an L1 penalty that leaves the objects' cells free.
 */
export function backgroundActivation(features: tf.Tensor, background: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const offObjects = tf.sum(tf.mul(tf.abs(features), background));
    const count = tf.mul(tf.sum(background), features.shape[3] as number);
    return tf.div(offObjects, tf.maximum(count, 1)) as tf.Scalar;
  });
}
