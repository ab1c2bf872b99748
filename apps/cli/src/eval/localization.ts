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
