import { type Normalization, PRESETS } from '@gradcam/render';
import { REFERENCE_NORMALIZATION } from './reference-normalization';

/** The pixel scaling a saved model names in its metadata (`preset`), else the reference models' one. */
export function modelNormalization(metadata: Record<string, unknown>): Normalization {
  const preset = metadata.preset;
  if (typeof preset === 'string' && preset in PRESETS) return PRESETS[preset as keyof typeof PRESETS];
  return REFERENCE_NORMALIZATION;
}
