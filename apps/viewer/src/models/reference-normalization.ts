import { PRESETS } from '@gradcam/render';

/**
 * What the ShapeWorld reference models read: RGB / 127.5 - 1 (shapeworld's CLASSIFIER_PREPROCESSING),
 * which is render's `tf` preset.
 */
export const REFERENCE_NORMALIZATION = PRESETS.tf;
