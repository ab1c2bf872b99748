import { Cumsum, type CumsumAttrs, cumsum, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { gradientFix } from './gradient-fix';

/** The gradient of a cumulative sum is the cumulative sum of dy the other way, on the same axis. */
const cumsumGradConfig: GradConfig = {
  kernelName: Cumsum,
  inputsToSave: ['x'],
  gradFunc: (dy, _saved, attrs) => {
    const { axis, exclusive, reverse } = attrs as unknown as CumsumAttrs;
    return { x: () => cumsum(dy as Tensor, axis, exclusive, !reverse) };
  },
};

export const cumsumGradientFix = gradientFix(
  'Cumsum gradient, inner axes',
  cumsumGradConfig,
  "the stock gradient transposes the result as if the cumulative sum had been taken on the last axis: tf.cumsum of a [3,2] tensor along axis 0 throws \"The gradient of input 'x' has shape '2,3'\"",
);
