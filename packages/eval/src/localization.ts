import type { MapData } from '@gradcam/core';
import { boxLocalization, energyPointing, mapPeak, pointingHits } from '@gradcam/metrics';
import type { EvalItem } from './types';

/** The localization numbers of one map against its item's truth (hits as 0 or 1, for means). */
export function localizationScores(map: MapData, item: EvalItem) {
  const box = boxLocalization(map, item.boxes);
  const point = pointingHits(map, item.mask);
  return {
    iou: box.iou,
    boxAccuracy: box.hit ? 1 : 0,
    pointing: point.inside ? 1 : 0,
    pointingTolerant: point.near ? 1 : 0,
    energy: energyPointing(map, item.mask),
  };
}

/**
 * Where a map's maximum falls: on the target's objects, on another object of the scene, or on
 * the background. Tells a miss of the pointing game that points at the wrong object from one
 * that points at nothing.
 */
export function peakPlace(map: MapData, item: EvalItem, objectMasks: readonly Uint8Array[]): string {
  const peak = mapPeak(map).index;
  if (item.mask.data[peak]) return 'the named object(s)';
  if (objectMasks.some((m) => m[peak])) return 'another object';
  return 'background';
}
