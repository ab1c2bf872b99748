import * as tf from '@tensorflow/tfjs-core';
import type { GradientMethod } from './method';

/** LayerCAM (Jiang et al. 2021): positive gradients as per-pixel weights, good at shallow layers. */
export const layercam: GradientMethod = {
  kind: 'gradient',
  name: 'layercam',
  description: 'LayerCAM: ReLU(gradient) x activation summed over channels',
  rawMap: (activations, gradients) => tf.tidy(() => gradients.relu().mul(activations).sum(3) as tf.Tensor3D),
};
