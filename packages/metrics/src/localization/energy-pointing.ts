import type { MapData } from '@gradcam/core';
import { checkMapMask } from '../checks';
import type { Mask } from '../types';

/**
 * Energy-based pointing game (Score-CAM, Wang et al. 2020): the share of the map's mass that lies
 * inside the mask. Negative values are clamped to 0 first: negative evidence is not mass, and
 * keeping it could push the share outside [0, 1]. An all-zero map puts no mass anywhere: 0.
 */
export function energyPointing(map: MapData, mask: Mask): number {
  checkMapMask(map, mask);
  let inside = 0;
  let total = 0;
  map.data.forEach((v, i) => {
    if (!(v > 0)) return;
    total += v;
    if (mask.data[i]) inside += v;
  });
  return total > 0 ? inside / total : 0;
}
