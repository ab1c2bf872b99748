import * as tf from '@tensorflow/tfjs-core';
import { PAD_ID } from '../vocabulary/question-vocabulary';
import type { VqaModel } from './vqa-model';

/** 1 where a token is a word, 0 where it is padding. */
export function questionMask(tokens: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.notEqual(tokens, PAD_ID).cast('float32') as tf.Tensor2D);
}

/** Answer scores from the encoder's output and the question's word embeddings. */
export function scoresFromEmbeddings(
  model: VqaModel,
  imageFeatures: tf.Tensor,
  embeddings: tf.Tensor3D,
  mask: tf.Tensor2D,
): tf.Tensor2D {
  return model.classify(model.fuse(imageFeatures, model.encodeQuestion(embeddings, mask)));
}

/** Answer scores `[rows, answers]` from the encoder's output and word ids `[rows, T]`. */
export function scoresFromTokens(
  model: VqaModel,
  imageFeatures: tf.Tensor,
  tokens: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() =>
    scoresFromEmbeddings(model, imageFeatures, model.embedQuestion(tokens), questionMask(tokens)),
  );
}

/** The whole model on images `[batch, H, W, C]` and word ids `[batch, T]`: answer scores. */
export function predictScores(model: VqaModel, images: tf.Tensor4D, tokens: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => scoresFromTokens(model, model.encoder.predict(images) as tf.Tensor, tokens));
}
