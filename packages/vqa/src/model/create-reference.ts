import type { LayersModel } from '@tensorflow/tfjs-layers';
import { AnswerVocabulary } from '../vocabulary/answer-vocabulary';
import { QuestionVocabulary } from '../vocabulary/question-vocabulary';
import { initialWeights } from './init';
import { DEFAULT_SIZES, type ReferenceArchitecture, referenceWeightShapes } from './reference-config';
import { encoderChannels, ReferenceVqaModel } from './reference-vqa';

export interface CreateReferenceVqaOptions {
  /** Image encoder whose output is the image feature (`[batch, h, w, c]` for attention). */
  encoder: LayersModel;
  /** The words questions may use (`<pad>` and `<unk>` are added), or a ready vocabulary. */
  questionWords: Iterable<string> | QuestionVocabulary;
  /** The answers the classifier chooses from, in output order. */
  answers: readonly string[] | AnswerVocabulary;
  architecture?: ReferenceArchitecture;
  embeddingSize?: number;
  lstmUnits?: number;
  fusionSize?: number;
  hiddenSize?: number;
  attentionSize?: number;
  /** Seed of the random starting weights (default 1). */
  seed?: number;
  metadata?: Record<string, unknown>;
}

/** A reference VQA model with seeded random head weights, ready to train or to test with. */
export function createReferenceVqa(options: CreateReferenceVqaOptions): ReferenceVqaModel {
  const questionVocabulary =
    options.questionWords instanceof QuestionVocabulary
      ? options.questionWords
      : QuestionVocabulary.fromWords(options.questionWords);
  const answerVocabulary =
    options.answers instanceof AnswerVocabulary ? options.answers : new AnswerVocabulary(options.answers);
  const config = {
    architecture: options.architecture ?? 'pooled',
    imageChannels: encoderChannels(options.encoder),
    embeddingSize: options.embeddingSize ?? DEFAULT_SIZES.embeddingSize,
    lstmUnits: options.lstmUnits ?? DEFAULT_SIZES.lstmUnits,
    fusionSize: options.fusionSize ?? DEFAULT_SIZES.fusionSize,
    hiddenSize: options.hiddenSize ?? DEFAULT_SIZES.hiddenSize,
    attentionSize: options.attentionSize ?? DEFAULT_SIZES.attentionSize,
  };
  const shapes = referenceWeightShapes(config, questionVocabulary.size, answerVocabulary.size);
  return new ReferenceVqaModel({
    encoder: options.encoder,
    questionVocabulary,
    answerVocabulary,
    config,
    weights: initialWeights(shapes, options.seed ?? 1),
    metadata: options.metadata,
  });
}
