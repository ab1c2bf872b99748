import { type Box, boxIoU, type LocalizeOptions, localize, type MapData } from '@gradcam/core';
import { checkGrid, fail } from '../checks';

export interface BoxLocalizationOptions extends LocalizeOptions {
  /** IoU at which a box counts as a correct localization (ILSVRC's criterion: 0.5). */
  iouThreshold?: number;
}

export interface BoxLocalization {
  /** The box around the largest segment above `threshold` x max; null for an all-zero map. */
  box: Box | null;
  /** The best IoU over the ground-truth boxes (0 when there is no box). */
  iou: number;
  /** Index of the ground-truth box that gave `iou` (-1 when there is no box). */
  gtIndex: number;
  hit: boolean;
}

/**
 * The paper's weakly supervised localization score for one map: core's `localize` (15% of the
 * maximum, largest connected segment), then the IoU with the closest ground-truth box, since an
 * image may hold several instances of the class and any of them is a correct answer.
 */
export function boxLocalization(
  map: MapData,
  gtBoxes: readonly Box[],
  options: BoxLocalizationOptions = {},
): BoxLocalization {
  checkGrid(map, 'the map');
  if (gtBoxes.length === 0) fail('boxLocalization needs at least one ground-truth box');
  const iouThreshold = options.iouThreshold ?? 0.5;
  const found = localize(map, { threshold: options.threshold ?? 0.15, connectivity: options.connectivity });
  if (!found) return { box: null, iou: 0, gtIndex: -1, hit: false };
  const box: Box = { x0: found.x0, y0: found.y0, x1: found.x1, y1: found.y1 };
  let iou = -1;
  let gtIndex = -1;
  gtBoxes.forEach((gt, i) => {
    const v = boxIoU(box, gt);
    if (v > iou) {
      iou = v;
      gtIndex = i;
    }
  });
  return { box, iou, gtIndex, hit: iou >= iouThreshold };
}
