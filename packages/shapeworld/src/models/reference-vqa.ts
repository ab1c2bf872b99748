import { createReferenceVqa, type ReferenceVqaModel } from '@gradcam/vqa';
import { answerVocabulary, questionVocabulary } from '../world/vocabulary';
import { CLASSIFIER_PREPROCESSING } from './classifier-data';
import { buildEncoder } from './encoder';

export const VQA_SIZES = {
  embeddingSize: 32,
  lstmUnits: 64,
  fusionSize: 96,
  hiddenSize: 96,
  attentionSize: 48,
} as const;

/**
 * The reference VQA model: the shared encoder (16x16x64 `features`) and @gradcam/vqa's attention
 * head (one question-conditioned soft-attention glimpse over that grid, fused with the question's
 * LSTM state, MLP to ShapeWorld's answers). Attention at the explained layer keeps the answer's
 * evidence where the object asked about is.
 */
export function buildReferenceVqa(options: {
  seed: number;
  inputSize?: number;
  architecture?: 'attention' | 'pooled';
}): ReferenceVqaModel {
  return createReferenceVqa({
    encoder: buildEncoder(options.inputSize ?? 64, { seed: options.seed }),
    questionWords: questionVocabulary(),
    answers: answerVocabulary(),
    architecture: options.architecture ?? 'attention',
    ...VQA_SIZES,
    seed: options.seed + 300,
    metadata: { preset: 'tf', preprocessing: CLASSIFIER_PREPROCESSING, world: 'shapeworld' },
  });
}
