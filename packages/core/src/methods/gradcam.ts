import type { GradientMethod } from './method';

/** Selvaraju et al. eq. 1: alpha_k is the spatial mean of d y / d A^k. */
export const gradcam: GradientMethod = {
  kind: 'gradient',
  name: 'gradcam',
  description: 'Grad-CAM: channel weights are the spatially averaged gradients',
  channelWeights: (_activations, gradients) => gradients.mean([1, 2]),
};
