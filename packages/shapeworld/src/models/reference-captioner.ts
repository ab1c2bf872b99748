import { type Captioner, createCaptioner } from '@gradcam/captioning';
import { captionerVocabulary } from './captioner-data';
import { CLASSIFIER_PREPROCESSING } from './classifier-data';
import { buildEncoder, type EncoderStep } from './encoder';

/** The most words a caption may have: four objects take 15 ("a red circle and ..."); the rest is slack. */
export const CAPTIONER_MAX_WORDS = 20;

export const CAPTIONER_SIZES = { embedSize: 32, hiddenSize: 96, attentionSize: 32 } as const;

/**
 * The reference captioner: the shared encoder (16x16x64 `features`) and a Show-Attend-Tell decoder
 * attending over that grid. Attention at the explained layer keeps each word's evidence where its
 * object is, which is what the pointing game asks of the captioner's maps.
 */
export function buildReferenceCaptioner(options: {
  seed: number;
  inputSize?: number;
  /** The encoder's layers (default ENCODER_LAYOUT); experiments try others. */
  layout?: readonly EncoderStep[];
}): Captioner {
  return createCaptioner({
    encoder: buildEncoder(options.inputSize ?? 64, { seed: options.seed, layout: options.layout }),
    vocabulary: captionerVocabulary(),
    decoder: { kind: 'show-attend-tell', ...CAPTIONER_SIZES },
    seed: options.seed + 200,
    metadata: { preset: 'tf', preprocessing: CLASSIFIER_PREPROCESSING, world: 'shapeworld' },
    maxCaptionLength: CAPTIONER_MAX_WORDS,
  });
}
