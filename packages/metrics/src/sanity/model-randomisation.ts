import type { MapData } from '@gradcam/core';
import { fail } from '../checks';
import { rankCorrelation } from '../stats/rank-correlation';
import { type SsimOptions, ssim } from '../stats/ssim';

/** Explains a fixed set of inputs and targets; the same set, in the same order, on every call. */
export type ExplainFn = () => MapData | MapData[] | Promise<MapData | MapData[]>;

export interface RandomisationStep {
  /** What was randomised, e.g. 'head', 'head + block4' (cascading) or 'block3' (independent). */
  label: string;
  explain: ExplainFn;
}

export interface RandomisationStepResult {
  label: string;
  /** Per map: Spearman rho with the trained model's map (NaN when either map is constant). */
  spearman: number[];
  /** Per map: SSIM with the trained model's map, both min-max normalised to [0, 1] first. */
  ssim: number[];
  /** Means over the maps; `meanSpearman` skips the undefined (NaN) ones, counted in `undefinedSpearman`. */
  meanSpearman: number;
  meanSsim: number;
  undefinedSpearman: number;
}

/**
 * The model randomisation test of Adebayo et al. (Sanity Checks for Saliency Maps, 2018): a
 * method that explains the model should give different maps once the weights are randomised, so
 * high similarity to the trained maps is a failure. The caller randomises (the head, then
 * successive layers) and hands over one explain function per step; this compares the maps.
 */
export async function modelRandomisation(
  trained: ExplainFn,
  steps: readonly RandomisationStep[],
  options: { ssim?: SsimOptions } = {},
): Promise<{ steps: RandomisationStepResult[] }> {
  const reference = asList(await trained());
  const results: RandomisationStepResult[] = [];
  for (const step of steps) {
    const maps = asList(await step.explain());
    if (maps.length !== reference.length) {
      fail(`step '${step.label}' gave ${maps.length} maps, but the trained model gave ${reference.length}`);
    }
    const spearman = maps.map((m, i) => rankCorrelation(reference[i], m));
    // SSIM depends on the scale of the values; rank correlation does not. Normalising both maps
    // compares their shapes, not the magnitude of a randomised model's gradients.
    const similarity = maps.map((m, i) => ssim(minMax(reference[i]), minMax(m), options.ssim));
    const defined = spearman.filter((v) => !Number.isNaN(v));
    results.push({
      label: step.label,
      spearman,
      ssim: similarity,
      meanSpearman: defined.length ? defined.reduce((s, v) => s + v, 0) / defined.length : Number.NaN,
      meanSsim: similarity.reduce((s, v) => s + v, 0) / similarity.length,
      undefinedSpearman: spearman.length - defined.length,
    });
  }
  return { steps: results };
}

function asList(maps: MapData | MapData[]): MapData[] {
  const list = Array.isArray(maps) ? maps : [maps];
  if (list.length === 0) fail('an explain function returned no maps');
  return list;
}

/** (x - min) / (max - min); a constant map becomes all zeros rather than NaN. */
export function minMax(map: MapData): MapData {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of map.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  const data = map.data.map((v) => (span > 0 ? (v - lo) / span : 0));
  return { data, width: map.width, height: map.height };
}
