import type { MapData } from '@gradcam/core';
import { boxLocalization, energyPointing, pointingGame } from '@gradcam/metrics';
import { POINTING_TOLERANCE } from './metric-keys';
import type { EvalItem } from './types';

/** The localization numbers of one map against its item's truth (hits as 0 or 1, for means). */
export function localizationScores(map: MapData, item: EvalItem) {
  const box = boxLocalization(map, item.boxes);
  const point = pointingGame(map, item.mask);
  return {
    iou: box.iou,
    boxAccuracy: box.hit ? 1 : 0,
    pointing: point.hit ? 1 : 0,
    pointingTolerant: point.distance <= POINTING_TOLERANCE ? 1 : 0,
    energy: energyPointing(map, item.mask),
  };
}

/**
 * Where a map's maximum falls: on the target's objects, on another object of the scene, or on
 * the background. Tells a miss of the pointing game that points at the wrong object from one
 * that points at nothing.
 */
export function peakPlace(map: MapData, item: EvalItem, objectMasks: readonly Uint8Array[]): string {
  let peak = 0;
  for (let p = 1; p < map.data.length; p++) if (map.data[p] > map.data[peak]) peak = p;
  if (item.mask.data[peak]) return 'the named object(s)';
  if (objectMasks.some((m) => m[peak])) return 'another object';
  return 'background';
}
