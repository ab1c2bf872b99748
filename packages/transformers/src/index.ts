// tfjs-core's main module first, then @gradcam/core, which registers the gradients of TF.js ops.
import '@tensorflow/tfjs-core';
import '@gradcam/core';

export {
  type CaptionAdapterOptions,
  type TokenLogProbOutputs,
  type TransformerCaptionAdapter,
  transformerCaptionAdapter,
} from './explain/caption-adapter';
export { type EncoderLayers, encoderLayers, type TokenTensor } from './explain/encoder-layers';
export {
  type ExplainImageCaptionOptions,
  explainImageCaption,
  type ImageCaptionExplanation,
  listEncoderLayers,
  type TokenMap,
} from './explain/explain-image-caption';
export { type GeneratedIds, generateIds } from './explain/generate';
export { teacherForcedLogits, tokenLogProbs } from './explain/teacher-forcing';
export {
  type Library,
  resolveLibrary,
  TRANSFORMERS_PACKAGES,
  type TransformersModule,
} from './model-dir/library';
export {
  type CaptionImage,
  type ImageCaptioner,
  type LoadCaptionerOptions,
  loadImageCaptioner,
  preprocess,
} from './model-dir/load-captioner';
export { type ModelDir, readModelDir, SUPPORTED_MODEL_TYPES } from './model-dir/read-model-dir';
