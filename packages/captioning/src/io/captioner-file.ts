import { GradcamError } from '@gradcam/core';
import { type DecoderConfig, validateDecoderConfig } from '../decoder/config';

/**
 * captioner.json: what the directory holds and how to rebuild the decoder.
 *
 *   captioner.json                     this file
 *   encoder/model.json, weights.bin    the encoder, a TF.js LayersModel
 *   decoder/manifest.json, weights.bin the decoder's weights, in TF.js's weights-manifest format
 */
export interface CaptionerFile {
  format: typeof FORMAT;
  version: 1;
  decoder: DecoderConfig;
  /** The vocabulary's words after the special tokens `<pad> <start> <end> <unk>` (ids 0-3). */
  vocabulary: string[];
  encoder: string;
  decoderWeights: string;
  /** Free-form facts about the model, e.g. `preset` (the pixel normalisation it was trained with). */
  metadata: Record<string, unknown>;
  /** The most words a caption may have (`<end>` not counted); absent in older files (default 32). */
  maxCaptionLength?: number;
}

export const FORMAT = 'gradcam-captioner';
export const CAPTIONER_JSON = 'captioner.json';
export const ENCODER_DIR = 'encoder';
export const DECODER_DIR = 'decoder';
export const DECODER_MANIFEST = 'manifest.json';
export const WEIGHTS_BIN = 'weights.bin';

/** Checks a parsed captioner.json, with errors that say what is wrong in it. */
export function parseCaptionerFile(json: unknown, path: string): CaptionerFile {
  const file = json as Partial<CaptionerFile>;
  if (!file || file.format !== FORMAT) {
    throw new GradcamError(`${path} is not a captioner description (expected "format": "${FORMAT}")`);
  }
  if (file.version !== 1)
    throw new GradcamError(`${path} has version ${file.version}; this library reads version 1`);
  if (!file.decoder || typeof file.decoder !== 'object')
    throw new GradcamError(`${path} has no decoder configuration`);
  if (!Array.isArray(file.vocabulary) || file.vocabulary.some((w) => typeof w !== 'string')) {
    throw new GradcamError(`${path} has no vocabulary (a list of words)`);
  }
  validateDecoderConfig(file.decoder);
  return {
    format: FORMAT,
    version: 1,
    decoder: file.decoder,
    vocabulary: file.vocabulary,
    encoder: file.encoder ?? `${ENCODER_DIR}/model.json`,
    decoderWeights: file.decoderWeights ?? `${DECODER_DIR}/${DECODER_MANIFEST}`,
    metadata: file.metadata && typeof file.metadata === 'object' ? file.metadata : {},
    ...(file.maxCaptionLength !== undefined ? { maxCaptionLength: file.maxCaptionLength } : {}),
  };
}
