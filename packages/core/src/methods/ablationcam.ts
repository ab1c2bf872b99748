import * as tf from '@tensorflow/tfjs-core';
import type { PerturbationMethod } from './method';

/**
 * Ablation-CAM (Desai & Ramaswamy 2020): the weight of a channel is the relative drop of the
 * target's score when the head sees that channel zeroed. Only the head is re-run.
 */
export const ablationcam: PerturbationMethod = {
  kind: 'perturbation',
  name: 'ablationcam',
  description: 'Ablation-CAM: relative score drop when each channel is zeroed in the head',
  async channelWeights(probe) {
    const c = probe.activations.shape[3];
    const ablated: tf.Tensor2D[] = [];
    for (let start = 0; start < c; start += probe.batchSize) {
      const channels = Array.from({ length: Math.min(probe.batchSize, c - start) }, (_, i) => start + i);
      ablated.push(await probe.scoreAblated(channels));
    }
    const weights = tf.tidy(() => {
      const base = tf.tensor2d(probe.baseScores, [probe.baseScores.length, 1]);
      // The reference divides by the unmodified score, sign included.
      return base.sub(tf.concat(ablated, 0).transpose()).div(base) as tf.Tensor2D;
    });
    tf.dispose(ablated);
    return weights;
  },
};
