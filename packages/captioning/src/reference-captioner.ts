import { type Captioner, createCaptioner, type DecoderOptions } from './captioner';
import { type ReferenceEncoderOptions, referenceEncoder } from './reference-encoder';
import type { Vocabulary } from './vocabulary';

export interface ReferenceCaptionerOptions extends ReferenceEncoderOptions, DecoderOptions {
  vocabulary: Vocabulary | readonly string[];
  metadata?: Record<string, unknown>;
  /** The most words a caption may have (`<end>` not counted); default 32. */
  maxCaptionLength?: number;
}

/**
 * The reference architecture with fresh seeded weights: the small CNN of `referenceEncoder` and
 * a Show-and-Tell decoder (or, with `kind: 'show-attend-tell'`, soft attention over the CNN's
 * final feature map). Train it, or save it as is for tests.
 */
export function referenceCaptioner(options: ReferenceCaptionerOptions): Captioner {
  const { vocabulary, kind, embedSize, hiddenSize, attentionSize, metadata, maxCaptionLength, ...encoder } =
    options;
  return createCaptioner({
    encoder: referenceEncoder(encoder),
    vocabulary,
    decoder: { kind, embedSize, hiddenSize, attentionSize },
    seed: encoder.seed,
    metadata,
    maxCaptionLength,
  });
}
