export { centreMap, randomMap, uniformMap } from './baselines/prior-maps';
export { type BaselineOptions, baselineImage } from './faithfulness/baseline';
export {
  type ConfidenceChange,
  confidenceChange,
  summariseConfidence,
} from './faithfulness/confidence-change';
export {
  type Curve,
  type DeletionInsertionOptions,
  type DeletionInsertionResult,
  deletionInsertion,
} from './faithfulness/deletion-insertion';
export { type OcclusionOptions, type OcclusionResult, occlusionMap } from './faithfulness/occlusion';
export { occlusionAgreement, poolToOcclusionGrid } from './faithfulness/occlusion-agreement';
export {
  type BoxLocalization,
  type BoxLocalizationOptions,
  boxLocalization,
} from './localization/box-localization';
export { energyPointing } from './localization/energy-pointing';
export {
  mapPeak,
  type PointingGameOptions,
  type PointingGameResult,
  pointingGame,
  pointingHits,
  zhangTolerance,
} from './localization/pointing-game';
export { unionMask } from './localization/union-mask';
export { createGaussian, createRng } from './rng';
export {
  type ExplainFn,
  modelRandomisation,
  type RandomisationStep,
  type RandomisationStepResult,
} from './sanity/model-randomisation';
export { trapezoidArea } from './stats/area';
export { type MeanInterval, type MeanIntervalOptions, meanInterval } from './stats/mean-interval';
export { averageRanks, rankCorrelation } from './stats/rank-correlation';
export { type SsimOptions, ssim } from './stats/ssim';
export { studentTCdf, studentTQuantile } from './stats/student-t';
export type { Baseline, ImageInput, Mask, ScoreFn } from './types';
