import * as tf from '@tensorflow/tfjs-core';
import type { GradientMethod } from './method';

/** HiResCAM (Draelos & Carin 2020): gradient x activation per pixel, no spatial averaging. */
export const hirescam: GradientMethod = {
  kind: 'gradient',
  name: 'hirescam',
  description: 'HiResCAM: element-wise gradient x activation summed over channels',
  rawMap: (activations, gradients) => tf.tidy(() => gradients.mul(activations).sum(3) as tf.Tensor3D),
};
