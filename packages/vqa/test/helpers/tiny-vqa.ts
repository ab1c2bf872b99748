import * as tf from '@tensorflow/tfjs-core';
import {
  createReferenceVqa,
  type ReferenceArchitecture,
  type ReferenceVqaModel,
  smallConvEncoder,
} from '../../src';

export const QUESTION_WORDS =
  'what color is the circle square triangle shape how many are there red blue green'.split(' ');
export const ANSWERS = [
  'red',
  'blue',
  'green',
  'yellow',
  'circle',
  'square',
  'triangle',
  '1',
  '2',
  '3',
  'yes',
  'no',
];
export const IMAGE_SIZE = 12;

/**
 * A tiny random VQA model: a 12x12 image through two ReLU convolutions (conv1 12x12x4, conv2
 * 6x6x6: the default layer), embeddings and LSTM of 8, fusion and MLP of 8. Seeded.
 */
export function tinyVqa(architecture: ReferenceArchitecture = 'pooled', seed = 3): ReferenceVqaModel {
  return createReferenceVqa({
    encoder: smallConvEncoder({ size: IMAGE_SIZE, filters: [4, 6], seed }),
    questionWords: QUESTION_WORDS,
    answers: ANSWERS,
    architecture,
    embeddingSize: 8,
    lstmUnits: 8,
    fusionSize: 8,
    hiddenSize: 8,
    attentionSize: 6,
    seed,
  });
}

/** A seeded random image `[1, size, size, 3]` in [0, 1]. */
export function randomImage(seed: number, batch = 1): tf.Tensor4D {
  return tf.randomUniform([batch, IMAGE_SIZE, IMAGE_SIZE, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
}
