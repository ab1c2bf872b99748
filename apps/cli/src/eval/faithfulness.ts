import type { MapData } from '@gradcam/core';
import {
  confidenceChange,
  deletionInsertion,
  type OcclusionResult,
  occlusionAgreement,
  occlusionMap,
  type ScoreFn,
} from '@gradcam/metrics';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * Deletion and insertion curves of 16 steps (256 pixels each at 64x64): enough to rank methods,
 * at 34 forward passes per map instead of 200. RISE's substrates: 0 for deletion (mid grey in
 * the reference models' [-1, 1] input), a blurred image for insertion.
 */
export const CURVE_STEPS = 16;

/** Occlusion with 8-pixel patches every 4 pixels: a 15x15 grid at 64x64. */
export const OCCLUSION = { patch: 8, stride: 4 } as const;

export async function perturbationScores(scoreFn: ScoreFn, image: tf.Tensor4D, map: MapData) {
  const curves = await deletionInsertion(scoreFn, image, map, { steps: CURVE_STEPS, batchSize: 64 });
  const change = await confidenceChange(scoreFn, image, map);
  return {
    deletion: curves.deletion!.auc,
    insertion: curves.insertion!.auc,
    drop: 100 * change.drop,
    increase: change.increase ? 100 : 0,
  };
}

export function occlusionOf(scoreFn: ScoreFn, image: tf.Tensor4D): Promise<OcclusionResult> {
  return occlusionMap(scoreFn, image, { ...OCCLUSION, batchSize: 64 });
}

/** Spearman of the map with the occlusion map; undefined when either is constant. */
export function occlusionScore(map: MapData, occlusion: OcclusionResult): number | undefined {
  const { spearman } = occlusionAgreement(map, occlusion);
  return Number.isFinite(spearman) ? spearman : undefined;
}
