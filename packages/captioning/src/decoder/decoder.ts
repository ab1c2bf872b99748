import type * as tf from '@tensorflow/tfjs-core';
import type { DecoderConfig } from './config';
import type { DecoderWeights } from './weights';

/**
 * What the decoder carries from one step to the next, one row per caption being decoded: the
 * LSTM's `h` and `c`, and for attention the image's features. Every tensor has the rows first, so
 * that beam search can reorder the rows of all of them alike.
 */
export type DecoderState = Record<string, tf.Tensor>;

export interface DecoderStep {
  /** Scores of the next token, `[rows, vocabulary]`, before the softmax. */
  logits: tf.Tensor2D;
  state: DecoderState;
  /** Attention weights over the feature grid, `[rows, h * w]` (attention decoders only). */
  attention?: tf.Tensor2D;
}

/**
 * A language model conditioned on an image. Both methods are differentiable row-wise TF.js code
 * and allocate tensors freely: call them inside `tf.tidy` (or a gradient function).
 */
export interface CaptionDecoder {
  readonly config: DecoderConfig;
  readonly weights: DecoderWeights;
  /** The state before the first word, from the encoder's output features (rows first). */
  begin(features: tf.Tensor): DecoderState;
  /** One step: reads the previous token of each row (`[rows]` ids), scores the next. */
  step(state: DecoderState, previous: tf.Tensor1D): DecoderStep;
}
