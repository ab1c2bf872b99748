import * as tf from '@tensorflow/tfjs-core';
import type { CaptionDecoder } from './decoder/decoder';
import type { Vocabulary } from './vocabulary';

/**
 * `log p(w_t | w_<t, image)` for every position of every row's caption, teacher-forced: step t
 * reads the true previous token (`<start>` first), whatever the model would have said.
 * `tokens` is `[rows, T]` ids (a caption's words and then `<end>`); positions holding `<pad>`
 * score 0, so that captions of different lengths share a batch. Differentiable in the features
 * (and in the decoder's weights: a training loss is minus the sum). Returns `[rows, T]`.
 */
export function tokenLogProbs(
  decoder: CaptionDecoder,
  vocabulary: Vocabulary,
  features: tf.Tensor,
  tokens: tf.Tensor2D,
): tf.Tensor2D {
  const [rows, length] = tokens.shape;
  const ids = tokens.toInt();
  let state = decoder.begin(features);
  let previous = tf.fill([rows], vocabulary.start, 'int32') as tf.Tensor1D;
  const columns: tf.Tensor1D[] = [];
  for (let t = 0; t < length; t++) {
    const step = decoder.step(state, previous);
    const word = ids.slice([0, t], [rows, 1]).reshape([rows]) as tf.Tensor1D;
    const logProbs = tf.logSoftmax(step.logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(word, vocabulary.size)), 1);
    const real = tf.notEqual(word, vocabulary.pad).toFloat();
    columns.push(tf.mul(picked, real) as tf.Tensor1D);
    state = step.state;
    previous = word;
  }
  return tf.stack(columns, 1) as tf.Tensor2D;
}

/** The ids of a caption as the model scores it: its words, then `<end>`. */
export function withEnd(ids: readonly number[], vocabulary: Vocabulary): number[] {
  return [...ids, vocabulary.end];
}
