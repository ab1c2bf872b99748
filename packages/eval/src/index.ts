export { captionerSubject, type WordItem } from './caption-subject';
export { type ClassItem, classifierSubject } from './classifier-subject';
export { Collector } from './collector';
export { type ExampleScene, evaluateSubject, type SubjectRun } from './evaluate-subject';
export { type EvaluateOptions, evaluateSubjects } from './evaluate-subjects';
export { objectsTruth } from './ground-truth';
export { writeEvalHtml } from './html';
export { localizationScores, peakPlace } from './localization';
export { evalMarkdown } from './markdown';
export { METRICS, type MetricKey } from './metric-keys';
export {
  cascadingRandomisation,
  ENCODER_TOP_DOWN,
  encoderGroups,
  layerSlot,
  type Randomisation,
  variablesSlot,
  type WeightSlot,
} from './randomise-layers';
export type { EvalReport } from './report-types';
export { type EvalRunOptions, type EvalRunResult, runEval, writeEvalReports } from './run-eval';
export { DEFAULT_EVAL_SEED, evalScenes } from './scenes';
export { DEFAULT_EVAL_SCENES, type EvalSettings, SUBSETS, withSubsets } from './settings';
export { loadSubject } from './subjects';
export { type ModelSummary, type RowSummary, summarise } from './summarise';
export { CENTRE_MARGIN, checkTargets, POINTING_TARGETS, type TargetCheck } from './targets';
export {
  EVAL_MODELS,
  type EvalItem,
  type EvalModel,
  type EvalScene,
  type EvalSubject,
  type MapVariant,
} from './types';
export { BASELINES, baselineMap, mapVariants } from './variants';
export { type AnswerItem, vqaSubject } from './vqa-subject';
