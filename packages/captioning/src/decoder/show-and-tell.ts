import * as tf from '@tensorflow/tfjs-core';
import type { DecoderConfig } from './config';
import type { CaptionDecoder } from './decoder';
import { pooledFeatures } from './features';
import { embed, linear, lstmStep } from './layers';
import type { DecoderWeights } from './weights';

/**
 * Show and Tell: the image, pooled and projected to the word-embedding size, is the LSTM's input
 * before `<start>`; after that the LSTM reads only words. No attention: the image reaches each
 * word through the LSTM's state.
 */
export function showAndTellDecoder(config: DecoderConfig, weights: DecoderWeights): CaptionDecoder {
  const w = weights;
  return {
    config,
    weights,
    begin: (features) => {
      const image = linear(pooledFeatures(features, config.featureChannels), w.imageKernel, w.imageBias);
      const rows = image.shape[0];
      const zeros = tf.zeros([rows, config.hiddenSize]) as tf.Tensor2D;
      return lstmStep(image as tf.Tensor2D, zeros, zeros, w.lstmKernel, w.lstmBias);
    },
    step: (state, previous) => {
      const x = embed(w.embedding, previous);
      const next = lstmStep(x, state.h as tf.Tensor2D, state.c as tf.Tensor2D, w.lstmKernel, w.lstmBias);
      const logits = linear(next.h, w.outputKernel, w.outputBias) as tf.Tensor2D;
      return { logits, state: next };
    },
  };
}
