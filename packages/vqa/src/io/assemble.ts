import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ReferenceVqaModel } from '../model/reference-vqa';
import { AnswerVocabulary } from '../vocabulary/answer-vocabulary';
import { QuestionVocabulary } from '../vocabulary/question-vocabulary';
import type { VqaJson } from './vqa-json';

/**
 * The model from its parsed vqa.json, its loaded encoder and the bytes of its head weights,
 * wherever they came from (files or HTTP). On failure the encoder and any decoded weights are
 * disposed, so a bad file leaks no tensors.
 */
export function assembleVqaModel(
  json: VqaJson,
  encoder: LayersModel,
  weightBytes: ArrayBuffer,
): ReferenceVqaModel {
  let weights: tf.NamedTensorMap | undefined;
  try {
    weights = tf.io.decodeWeights(weightBytes, json.weights.specs);
    return new ReferenceVqaModel({
      encoder,
      questionVocabulary: new QuestionVocabulary(json.questionVocabulary),
      answerVocabulary: new AnswerVocabulary(json.answers),
      config: json.config,
      weights,
      metadata: json.metadata,
    });
  } catch (error) {
    if (weights) tf.dispose(Object.values(weights));
    encoder.dispose();
    throw error;
  }
}
