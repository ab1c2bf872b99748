import type { MapData } from '@gradcam/core';
import { fail } from '../checks';
import { rankCorrelation } from '../stats/rank-correlation';
import type { OcclusionResult } from './occlusion';

/**
 * The paper's faithfulness measure: rank correlation between an explanation and the occlusion
 * map of the same image and target. The explanation is brought to the occlusion grid, not the
 * other way: each cell gets the mean of the map over the very pixels that cell's patch covered,
 * so both numbers describe the same region and no values are invented by upsampling a coarse grid.
 */
export function occlusionAgreement(
  map: MapData,
  occlusion: OcclusionResult,
): { spearman: number; pooled: MapData } {
  const pooled = poolToOcclusionGrid(map, occlusion);
  return { spearman: rankCorrelation(pooled.data, occlusion.map.data), pooled };
}

export function poolToOcclusionGrid(map: MapData, occlusion: OcclusionResult): MapData {
  const { patch, stride, imageWidth, imageHeight } = occlusion;
  const { width: gw, height: gh } = occlusion.map;
  if (map.width !== imageWidth || map.height !== imageHeight) {
    fail(`the map is ${map.width}x${map.height} but the occluded image was ${imageWidth}x${imageHeight}`);
  }
  const data = new Float32Array(gw * gh);
  for (let i = 0; i < gh; i++) {
    for (let j = 0; j < gw; j++) {
      let sum = 0;
      for (let y = i * stride; y < i * stride + patch; y++) {
        for (let x = j * stride; x < j * stride + patch; x++) sum += map.data[y * map.width + x];
      }
      data[i * gw + j] = sum / (patch * patch);
    }
  }
  return { data, width: gw, height: gh };
}
