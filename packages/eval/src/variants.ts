import type { MapData } from '@gradcam/core';
import { centreMap, randomMap, uniformMap } from '@gradcam/metrics';
import type { MapVariant } from './types';

/**
 * Rows that run on a subset: the gradient-free methods (a forward pass per channel and target) and
 * Guided Grad-CAM (a guided backward pass through the whole encoder per target: 0.8 s per caption
 * against 0.14 s for Grad-CAM, measured on the captioner).
 */
export const EXPENSIVE_ROWS = new Set(['scorecam', 'ablationcam', 'guided gradcam']);

/**
 * The rows of a model's table: every requested method, then Grad-CAM's counterfactual map (the
 * evidence against the target: a low localization score is what it should get) and Guided
 * Grad-CAM, when Grad-CAM is among the methods.
 */
export function mapVariants(methods: readonly string[]): MapVariant[] {
  const variants: MapVariant[] = methods.map((method) => ({ name: method, method }));
  if (methods.includes('gradcam')) {
    variants.push({ name: 'gradcam (counterfactual)', method: 'gradcam', counterfactual: true });
    variants.push({ name: 'guided gradcam', method: 'gradcam', guided: true });
  }
  return variants;
}

export const BASELINES = ['centre', 'uniform', 'random'] as const;
export type BaselineName = (typeof BASELINES)[number];

/**
 * The prior maps every method must beat: a centred gaussian, a flat map (its maximum is the first
 * pixel, as np.argmax picks it), and seeded uniform noise (a new seed per item).
 */
export function baselineMap(name: BaselineName, width: number, height: number, seed: number): MapData {
  if (name === 'centre') return centreMap(width, height);
  if (name === 'uniform') return uniformMap(width, height);
  return randomMap(width, height, seed);
}
