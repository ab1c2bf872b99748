import * as tf from '@tensorflow/tfjs-core';
import type { DecoderConfig } from './config';
import type { CaptionDecoder } from './decoder';
import { featureLocations } from './features';
import { embed, linear, lstmStep } from './layers';
import type { DecoderWeights } from './weights';

/**
 * Show, Attend and Tell with soft attention. The LSTM starts from the mean feature (through tanh
 * layers); each step scores every location of the encoder's final feature map against the previous
 * hidden state (additive attention: `v . tanh(W_f a_i + W_h h)`), reads their softmax-weighted sum
 * as the context, feeds `[word, context]` to the LSTM and predicts the word from `[h, context]`.
 */
export function showAttendTellDecoder(config: DecoderConfig, weights: DecoderWeights): CaptionDecoder {
  const w = weights;
  return {
    config,
    weights,
    begin: (features) => {
      const locations = featureLocations(features, config.featureChannels);
      const mean = locations.mean(1);
      return {
        h: tf.tanh(linear(mean, w.initHKernel, w.initHBias)),
        c: tf.tanh(linear(mean, w.initCKernel, w.initCBias)),
        features: locations,
        // The feature side of the attention does not change from step to step: computed once.
        keys: linear(locations, w.attentionFeatureKernel, w.attentionBias),
      };
    },
    step: (state, previous) => {
      const { h, c, features, keys } = state;
      const query = linear(h, w.attentionHiddenKernel).expandDims(1);
      const energies = linear(tf.tanh(tf.add(keys, query)), w.attentionScore).squeeze([2]);
      const attention = tf.softmax(energies) as tf.Tensor2D;
      const context = tf.sum(tf.mul(attention.expandDims(2), features), 1) as tf.Tensor2D;
      const x = tf.concat([embed(w.embedding, previous), context], 1);
      const next = lstmStep(x, h as tf.Tensor2D, c as tf.Tensor2D, w.lstmKernel, w.lstmBias);
      const logits = linear(tf.concat([next.h, context], 1), w.outputKernel, w.outputBias) as tf.Tensor2D;
      return { logits, state: { ...next, features, keys }, attention };
    },
  };
}
