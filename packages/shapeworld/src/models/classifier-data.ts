import * as tf from '@tensorflow/tfjs-core';
import type { Scene } from '../world/scene';
import { CLASSIFIER_CLASSES } from './classifier';

/**
 * What the reference models read: RGB scaled to [-1, 1], NHWC float32. Centred inputs make the
 * first steps of training twice as fast as [0, 1] on this data (measured); a masked-out pixel
 * (Score-CAM, occlusion) is then mid grey, which ShapeWorld's backgrounds are close to anyway.
 */
export const CLASSIFIER_PREPROCESSING = 'RGB / 127.5 - 1, NHWC float32';

/** A batch of scenes as the classifier's input, `[n, size, size, 3]`. */
export function scenesToTensor(scenes: readonly Scene[]): tf.Tensor4D {
  if (scenes.length === 0) throw new Error('no scenes to batch');
  const { width, height } = scenes[0];
  const values = new Float32Array(scenes.length * width * height * 3);
  scenes.forEach((scene, i) => {
    if (scene.width !== width || scene.height !== height)
      throw new Error(`scene ${i} is ${scene.width}x${scene.height}, the batch is ${width}x${height}`);
    const offset = i * width * height * 3;
    const data = scene.image.data;
    for (let k = 0; k < data.length; k++) values[offset + k] = data[k] / 127.5 - 1;
  });
  return tf.tensor4d(values, [scenes.length, height, width, 3]);
}

/** Which classes are present: 1 or 0 per class, in CLASSIFIER_CLASSES order. */
export function presentShapes(scene: Scene): number[] {
  return CLASSIFIER_CLASSES.map((shape) => (scene.objects.some((o) => o.shape === shape) ? 1 : 0));
}

/** The multi-hot targets of a batch, `[n, classes]`. */
export function scenesToTargets(scenes: readonly Scene[]): tf.Tensor2D {
  return tf.tensor2d(scenes.map(presentShapes));
}
