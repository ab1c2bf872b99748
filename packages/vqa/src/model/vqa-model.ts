import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { AnswerVocabulary } from '../vocabulary/answer-vocabulary';
import type { QuestionVocabulary } from '../vocabulary/question-vocabulary';

/**
 * A VQA model in the four parts the paper's explanations need. Every part works row by row (no
 * statistic across rows), because the Grad-CAM engine stacks the K answers of one image as K rows.
 */
export interface VqaModel {
  /**
   * Image -> features: `[batch, h, w, c]` (a spatial map, needed by attention) or `[batch, c]`
   * (already pooled). Any explainable LayersModel; it is cut at the explained layer.
   */
  readonly encoder: LayersModel;
  readonly questionVocabulary: QuestionVocabulary;
  readonly answerVocabulary: AnswerVocabulary;
  /** Free-form facts saved with the model, e.g. `{ preset: 'unit' }` for the image normalisation. */
  readonly metadata: Record<string, unknown>;
  /** Word ids `[rows, T]` (int32) -> word embeddings `[rows, T, e]`. */
  embedQuestion(tokens: tf.Tensor2D): tf.Tensor3D;
  /** Embeddings `[rows, T, e]` and a mask `[rows, T]` (1 for words, 0 for padding) -> `[rows, q]`. */
  encodeQuestion(embeddings: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D;
  /** Image features (the encoder's output) and question features -> joint features `[rows, f]`. */
  fuse(imageFeatures: tf.Tensor, questionFeatures: tf.Tensor2D): tf.Tensor2D;
  /** Joint features -> one pre-softmax score per answer, `[rows, answers]`. */
  classify(fused: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}
