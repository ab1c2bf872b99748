// tfjs-core's main module first: tfjs-layers and the engine must share the engine it sets up.
import '@gradcam/core';

export {
  type Captioner,
  type CaptionerOptions,
  createCaptioner,
  type DecoderOptions,
  encodeImages,
} from './captioner';
export { DEFAULT_MAX_CAPTION_LENGTH } from './check-input';
export { DECODER_KINDS, type DecoderConfig, type DecoderKind, weightShapes } from './decoder/config';
export { createDecoder } from './decoder/create-decoder';
export type { CaptionDecoder, DecoderState, DecoderStep } from './decoder/decoder';
export { type DecoderWeights, initialWeights } from './decoder/weights';
export {
  type CaptionAdapter,
  type CaptionAdapterOptions,
  type CaptionContext,
  type CaptionHeadOutputs,
  captionAdapter,
} from './explain/caption-adapter';
export {
  type CaptionExplanation,
  type ExplainCaptionOptions,
  explainCaption,
  type WordMap,
} from './explain/explain-caption';
export type { WordChoice } from './explain/word-choice';
export { generateCaption } from './generate/generate-caption';
export type { GeneratedCaption, GenerationOptions } from './generate/options';
export { CAPTIONER_JSON, type CaptionerFile } from './io/captioner-file';
export { loadCaptioner } from './io/load-captioner';
export { loadCaptionerFromUrl, type UrlLoadOptions } from './io/load-captioner-url';
export { saveCaptioner } from './io/save-captioner';
export { type ReferenceCaptionerOptions, referenceCaptioner } from './reference-captioner';
export { type ReferenceEncoderOptions, referenceEncoder } from './reference-encoder';
export { scoreCaption } from './score-caption';
export { tokenLogProbs } from './token-log-probs';
export { END, PAD, SPECIAL_TOKENS, START, type TokenizedCaption, UNKNOWN, Vocabulary } from './vocabulary';
