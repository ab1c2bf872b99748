import * as tf from '@tensorflow/tfjs-core';
import { describeShape, fail } from '../errors';

/** Score-CAM's default masking, for NHWC image tensors: one masked copy of the sample per mask. */
export function maskImageBatch<I>(input: I, sample: number, masks: tf.Tensor3D): I {
  if (!(input instanceof tf.Tensor) || input.rank !== 4) {
    fail(
      'this model takes an input that is not an NHWC image tensor: its adapter must implement maskInput()',
    );
  }
  const [, h, w, ch] = input.shape;
  const [, mh, mw] = masks.shape;
  if (mh !== h || mw !== w)
    fail(`masks ${describeShape(masks.shape)} do not match the input ${describeShape(input.shape)}`);
  return tf.tidy(() =>
    input.slice([sample, 0, 0, 0], [1, h, w, ch]).mul(masks.expandDims(3)),
  ) as unknown as I;
}
