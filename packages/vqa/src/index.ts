// The engine's package first: it sets up tfjs-core's chained ops and gradients that this one uses.
import '@gradcam/core';

export { type AnsweredQuestion, answerQuestion } from './explain/answer-question';
export { explainAnswer } from './explain/explain-answer';
export type {
  AnswerExplanation,
  AnswerScore,
  ExplainAnswerOptions,
  ExplainedAnswer,
} from './explain/types';
export {
  type VqaAdapter,
  type VqaAdapterOptions,
  type VqaContext,
  type VqaInput,
  type VqaOutputs,
  vqaAdapter,
} from './explain/vqa-adapter';
export { type WordImportance, wordImportances } from './explain/word-importance';
export { loadVqaModel } from './io/load';
export { loadVqaModelFromUrl, type VqaUrlLoadOptions } from './io/load-url';
export { saveVqaModel } from './io/save';
export { VQA_JSON, type VqaJson } from './io/vqa-json';
export { predictScores, questionMask, scoresFromEmbeddings, scoresFromTokens } from './model/answer-scores';
export { type CreateReferenceVqaOptions, createReferenceVqa } from './model/create-reference';
export { type LstmWeights, lstmLastState } from './model/lstm';
export {
  ARCHITECTURES,
  DEFAULT_SIZES,
  type ReferenceArchitecture,
  type ReferenceVqaConfig,
  referenceWeightShapes,
} from './model/reference-config';
export { ReferenceVqaModel, type ReferenceVqaParts } from './model/reference-vqa';
export { type SmallEncoderOptions, smallConvEncoder } from './model/small-encoder';
export type { VqaModel } from './model/vqa-model';
export { slug } from './report/format';
export { explanationLines } from './report/text';
export { AnswerVocabulary, normalizeAnswer } from './vocabulary/answer-vocabulary';
export { closest, editDistance } from './vocabulary/edit-distance';
export {
  type EncodedQuestion,
  MAX_QUESTION_WORDS,
  PAD,
  PAD_ID,
  QuestionVocabulary,
  UNK,
  UNK_ID,
} from './vocabulary/question-vocabulary';
export { tokenize } from './vocabulary/tokenize';
