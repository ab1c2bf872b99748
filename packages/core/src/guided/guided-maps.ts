import * as tf from '@tensorflow/tfjs-core';
import { takingGradients } from '../engine/gradient-failure';
import { resizeMaps } from '../postprocess/maps';
import type { ExplainableModel, Target, TargetMap } from '../types';

/**
 * Adds guided backpropagation and Guided Grad-CAM (the pointwise product with the map, paper
 * section 3.2) to each map. One guided backward pass per target covers every sample.
 */
export async function guidedMaps<I>(
  model: ExplainableModel<I, any, any>,
  input: I,
  targets: Target<any>[],
  maps: TargetMap[],
): Promise<void> {
  for (const [t, target] of targets.entries()) {
    const gradients = takingGradients(model.layer, 'guided backpropagation', () =>
      model.guidedGradients!(input, (outputs) => target.score(outputs)),
    );
    const [, h, w, ch] = gradients.shape;
    for (const entry of maps.filter((m) => m.target === t)) {
      const { guided, product } = tf.tidy(() => {
        const g = gradients.slice([entry.sample, 0, 0, 0], [1, h, w, ch]).reshape([h, w, ch]);
        const cam = resizeMaps(tf.tensor3d(entry.map.data, [1, entry.map.height, entry.map.width]), [h, w]);
        return { guided: g, product: g.mul(cam.reshape([h, w, 1])) };
      });
      entry.guided = { data: (await guided.data()) as Float32Array, width: w, height: h, channels: ch };
      entry.guidedGradCam = {
        data: (await product.data()) as Float32Array,
        width: w,
        height: h,
        channels: ch,
      };
      tf.dispose([guided, product]);
    }
    gradients.dispose();
  }
}
