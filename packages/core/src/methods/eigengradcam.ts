import * as tf from '@tensorflow/tfjs-core';
import type { GradientMethod } from './method';
import { firstPrincipalProjection } from './principal-projection';

/** Eigen-Grad-CAM: the first principal component of gradient x activation; class-specific. */
export const eigengradcam: GradientMethod = {
  kind: 'gradient',
  name: 'eigengradcam',
  description: 'Eigen-Grad-CAM: first principal component of gradient x activation',
  rawMap: (activations, gradients) => {
    const product = tf.mul(activations, gradients) as tf.Tensor4D;
    try {
      return firstPrincipalProjection(product);
    } finally {
      product.dispose();
    }
  },
};
