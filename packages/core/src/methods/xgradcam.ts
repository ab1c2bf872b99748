import * as tf from '@tensorflow/tfjs-core';
import type { GradientMethod } from './method';

const EPS = 1e-7;

/** XGrad-CAM (Fu et al. 2020): gradients weighted by the normalised activations. */
export const xgradcam: GradientMethod = {
  kind: 'gradient',
  name: 'xgradcam',
  description: 'XGrad-CAM: sum of gradient x activation over the sum of activations',
  channelWeights: (activations, gradients) =>
    tf.tidy(
      () =>
        gradients
          .mul(activations)
          .sum([1, 2])
          .div(activations.sum([1, 2]).add(EPS)) as tf.Tensor2D,
    ),
};
