import { type DecoderConfig, validateDecoderConfig } from './config';
import type { CaptionDecoder } from './decoder';
import { showAndTellDecoder } from './show-and-tell';
import { showAttendTellDecoder } from './show-attend-tell';
import { type DecoderWeights, initialWeights } from './weights';

/** A decoder of the configured kind, with the given weights or fresh seeded ones. */
export function createDecoder(
  config: DecoderConfig,
  weights?: DecoderWeights,
  options: { seed?: number } = {},
): CaptionDecoder {
  validateDecoderConfig(config);
  const w = weights ?? initialWeights(config, options.seed);
  return config.kind === 'show-and-tell' ? showAndTellDecoder(config, w) : showAttendTellDecoder(config, w);
}
