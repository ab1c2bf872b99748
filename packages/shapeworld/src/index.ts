export { captionPointingGame } from './models/caption-pointing';
export { captionerVocabulary, captionTokens, trainingCaption } from './models/captioner-data';
export {
  CAPTIONER_INFO_FILE,
  type CaptionerInfo,
  type CaptionPointingFigures,
} from './models/captioner-info';
export {
  buildClassifier,
  CLASSIFIER_CLASSES,
  CLASSIFIER_OUTPUT_LAYER,
  type ClassifierOptions,
} from './models/classifier';
export {
  CLASSIFIER_PREPROCESSING,
  presentShapes,
  scenesToTargets,
  scenesToTensor,
} from './models/classifier-data';
export { CLASSIFIER_INFO_FILE, type ClassifierInfo } from './models/classifier-info';
export {
  buildEncoder,
  ENCODER_LAYOUT,
  type EncoderOptions,
  type EncoderStep,
  encoderLayers,
  FEATURES_LAYER,
} from './models/encoder';
export {
  type CaptionerEvaluation,
  evaluateCaptioner,
  greedyCaptions,
  type ParsedCaption,
  parseCaption,
  scoreCaptions,
} from './models/evaluate-captioner';
export { type ClassifierEvaluation, evaluateClassifier } from './models/evaluate-classifier';
export { answerQuestions, evaluateVqa, type TypeAccuracy, type VqaEvaluation } from './models/evaluate-vqa';
export { CAPTIONER_HELD_OUT, CLASSIFIER_HELD_OUT, VQA_HELD_OUT } from './models/held-out';
export { committedCaptionerDir, type LoadedCaptioner, loadReferenceCaptioner } from './models/load-captioner';
export { committedClassifierDir, type LoadedClassifier, loadClassifier } from './models/load-classifier';
export { committedVqaDir, type LoadedVqa, loadReferenceVqa } from './models/load-vqa';
export {
  type PointingGame,
  type PointingScore,
  pointingGame,
  STANDARD_TOLERANCE,
} from './models/pointing-game';
export { QuestionPrior } from './models/question-prior';
export { buildReferenceCaptioner, CAPTIONER_MAX_WORDS, CAPTIONER_SIZES } from './models/reference-captioner';
export { buildReferenceVqa, VQA_SIZES } from './models/reference-vqa';
export { attentionTargets, questionsOf, questionTokens, type SceneQuestion } from './models/vqa-data';
export { VQA_INFO_FILE, type VqaInfo } from './models/vqa-info';
export { type VqaPointingFigures, vqaPointingGame } from './models/vqa-pointing';
export { AnswerBalancer } from './world/answer-balancer';
export { answerDistribution, type TypeDistribution } from './world/answer-distribution';
export { CAPTION_FUNCTION_WORDS, type Caption, type CaptionOptions, describeScene } from './world/captions';
export { type DatasetItem, type DatasetOptions, generateDataset } from './world/dataset';
export { type ExportSummary, exportDataset, readExportedScene, type SceneJson } from './world/export-dataset';
export { generateScene, type SceneOptions, sceneSeed } from './world/generate-scene';
export { type Coverage, insideShape, shapeCoverage } from './world/geometry';
export { COLOR_RGB, COLORS, type ColorName, SHAPE_PLURALS, SHAPES, type ShapeName } from './world/palette';
export {
  ANSWERS,
  askQuestions,
  COUNT_WORDS,
  candidateQuestions,
  QUESTION_TYPES,
  type Question,
  type QuestionOptions,
  type QuestionType,
  questionBalancer,
} from './world/questions';
export { hashSeed, Random } from './world/random';
export { holds, INVERSE, RELATIONS, type Relation, relationsBetween } from './world/relations';
export { decodeMask, encodeMask } from './world/rle';
export type { Scene, SceneObject } from './world/scene';
export { answerVocabulary, captionVocabulary, questionVocabulary } from './world/vocabulary';
export type { WordLink, WordRole } from './world/words';
