import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Captioner, encodeImages } from './captioner';
import { checkCaptionLength, checkImages } from './check-input';
import { tokenLogProbs } from './token-log-probs';

/**
 * Teacher-forced `log p(w_t | w_<t, image)` of a caption's words on each image of a batch, and of
 * `<end>` after them unless `includeEnd: false`: one array per image. A plain forward pass.
 */
export async function scoreCaption(
  captioner: Captioner,
  images: tf.Tensor4D,
  words: readonly number[],
  options: { includeEnd?: boolean } = {},
): Promise<number[][]> {
  const { vocabulary } = captioner;
  const ids = [...words, ...(options.includeEnd === false ? [] : [vocabulary.end])];
  if (ids.length === 0) {
    throw new GradcamError(
      'the caption has no tokens to score; give at least one word, or score <end> (includeEnd: true)',
    );
  }
  checkCaptionLength(captioner, words.length);
  checkImages(captioner, images);
  const scores = tf.tidy(() => {
    const features = encodeImages(captioner, images);
    const rows = features.shape[0];
    const tokens = tf.tile(tf.tensor2d([ids], [1, ids.length], 'int32'), [rows, 1]) as tf.Tensor2D;
    return tokenLogProbs(captioner.decoder, vocabulary, features, tokens);
  });
  const values = (await scores.array()) as number[][];
  scores.dispose();
  return values;
}
