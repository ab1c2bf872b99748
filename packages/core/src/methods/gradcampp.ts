import * as tf from '@tensorflow/tfjs-core';
import type { GradientMethod } from './method';

// The reference's closed form assumes an exponential score, so that higher derivatives are
// powers of the first; its epsilon keeps empty channels finite.
const EPS = 1e-6;

/** Grad-CAM++ (Chattopadhyay et al. 2018): positive gradients weighted per pixel by alpha_ij. */
export const gradcampp: GradientMethod = {
  kind: 'gradient',
  name: 'gradcampp',
  description: 'Grad-CAM++: positive gradients weighted by second/third-order terms',
  channelWeights: (activations, gradients) =>
    tf.tidy(() => {
      const g2 = gradients.square();
      const g3 = g2.mul(gradients);
      const sumA = activations.sum([1, 2], true);
      const alpha = g2.div(g2.mul(2).add(sumA.mul(g3)).add(EPS));
      const alphaWhereGrad = tf.where(gradients.notEqual(0), alpha, tf.zerosLike(alpha));
      return gradients.relu().mul(alphaWhereGrad).sum([1, 2]) as tf.Tensor2D;
    }),
};
