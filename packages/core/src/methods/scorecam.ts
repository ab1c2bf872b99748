import * as tf from '@tensorflow/tfjs-core';
import type { PerturbationMethod } from './method';

const MASK_EPS = 1e-8;

/**
 * Score-CAM (Wang et al. 2020): each channel, upsampled and min-max scaled, masks the input;
 * the target's scores on the masked inputs, softmaxed over channels, are the weights.
 */
export const scorecam: PerturbationMethod = {
  kind: 'perturbation',
  name: 'scorecam',
  description: 'Score-CAM: channels as input masks, weighted by the softmax of the masked scores',
  async channelWeights(probe) {
    const [, h, w, c] = probe.activations.shape;
    const scores: tf.Tensor2D[] = [];
    for (let start = 0; start < c; start += probe.batchSize) {
      const size = Math.min(probe.batchSize, c - start);
      const masks = tf.tidy(() => {
        const channels = probe.activations.slice([0, 0, 0, start], [1, h, w, size]);
        const perChannel = channels.transpose([3, 1, 2, 0]) as tf.Tensor4D;
        // The reference upsamples with torch's UpsamplingBilinear2d, which aligns corners (unlike
        // the cv2.resize of the final maps), and scales by (x - min) / (max - min + 1e-8).
        const up = tf.image.resizeBilinear(perChannel, probe.inputSize, true).squeeze([3]);
        const min = up.min([1, 2], true);
        return up.sub(min).div(up.max([1, 2], true).sub(min).add(MASK_EPS)) as tf.Tensor3D;
      });
      scores.push(await probe.scoreMasked(masks));
      masks.dispose();
    }
    const weights = tf.tidy(() => tf.softmax(tf.concat(scores, 0).transpose(), 1) as tf.Tensor2D);
    tf.dispose(scores);
    return weights;
  },
};
