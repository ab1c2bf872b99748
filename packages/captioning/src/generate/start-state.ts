import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Captioner, encodeImages } from '../captioner';
import type { DecoderState } from '../decoder/decoder';

/** The decoder's state before the first word, for one image `[1, h, w, c]`. */
export function startState(captioner: Captioner, image: tf.Tensor4D): DecoderState {
  if (image.rank !== 4 || image.shape[0] !== 1) {
    throw new GradcamError(
      `caption generation takes one image [1, h, w, c], got [${image.shape.join(', ')}]`,
    );
  }
  return tf.tidy(() => captioner.decoder.begin(encodeImages(captioner, image)));
}
