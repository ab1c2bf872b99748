import { type Box, boxIoU, localize, type MapData } from '@gradcam/core';
import type { SceneObject } from './scene';

/** How well one map finds one object, by the paper's two measures. */
export interface MapGrade {
  /** The paper's weakly supervised box: largest segment above 15% of the map's maximum. */
  predictedBox: Box | null;
  iou: number;
  /** Where the map is largest (the first such pixel in reading order). */
  peak: { x: number; y: number };
  /** Pointing game: the peak lies on the object itself, not just in its box. */
  hit: boolean;
}

export function gradeMap(map: MapData, object: SceneObject): MapGrade {
  if (map.width * map.height !== object.mask.length) {
    throw new Error(`map is ${map.width}x${map.height} but the object mask has ${object.mask.length} pixels`);
  }
  let peakIndex = 0;
  for (let p = 1; p < map.data.length; p++) if (map.data[p] > map.data[peakIndex]) peakIndex = p;
  const peak = { x: peakIndex % map.width, y: Math.floor(peakIndex / map.width) };
  const located = localize(map);
  const predictedBox = located && { x0: located.x0, y0: located.y0, x1: located.x1, y1: located.y1 };
  return {
    predictedBox,
    iou: predictedBox ? boxIoU(predictedBox, object.box) : 0,
    peak,
    // An all-zero map has no peak to speak of.
    hit: map.data[peakIndex] > 0 && object.mask[peakIndex] === 1,
  };
}
