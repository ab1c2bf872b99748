import type { Box, MapData } from '@gradcam/core';
import { boxLocalization, energyPointing, pointingHits, unionMask } from '@gradcam/metrics';
import { type SceneObject, STANDARD_TOLERANCE } from '@gradcam/shapeworld';

/** How one map finds the objects it should: what reports print and tests check. */
export interface TruthGrade {
  /** The objects the map should find, e.g. `red circle`. */
  objects: string[];
  /** Pointing game: the map's maximum lies inside one of the objects' masks. */
  inside: boolean;
  /** The same within STANDARD_TOLERANCE pixels (Zhang et al.'s 15 px at 224 is 4 px at 64). */
  near: boolean;
  /** Distance in pixels from the maximum to the nearest of the objects (0 inside). */
  distance: number;
  /** Share of the map's mass on the objects (energy-based pointing game). */
  energy: number;
  /** IoU of the paper's 15% box with the closest object's box. */
  iou: number;
  /** The map's maximum. */
  peak: { x: number; y: number };
}

export const objectName = (o: SceneObject) => `${o.color} ${o.shape}`;

/**
 * Grades a map (at the scene's size) against the objects it should point at, with
 * @gradcam/metrics' measures. Undefined when there is nothing to find (a class absent from the
 * scene, a function word): no number is better than a made-up one.
 */
export function gradeMap(map: MapData, objects: readonly SceneObject[]): TruthGrade | undefined {
  if (objects.length === 0) return undefined;
  const mask = unionMask(
    objects.map((o) => o.mask),
    map.width,
    map.height,
  );
  const pointing = pointingHits(map, mask, { tolerance: STANDARD_TOLERANCE });
  const boxes: Box[] = objects.map((o) => o.box);
  return {
    objects: objects.map(objectName),
    inside: pointing.inside,
    near: pointing.near,
    distance: pointing.distance,
    energy: energyPointing(map, mask),
    iou: boxLocalization(map, boxes).iou,
    peak: pointing.point,
  };
}

/** A grade as the report page's metrics table shows it. */
export function gradeMetrics(grade: TruthGrade): Record<string, string | number | boolean> {
  return {
    'should find': grade.objects.join(', '),
    'peak inside the object (pointing game)': grade.inside,
    [`peak within ${STANDARD_TOLERANCE} px of it`]: grade.near,
    'share of the map on the object': Number(grade.energy.toFixed(3)),
    'IoU of the 15% box with its box': Number(grade.iou.toFixed(3)),
  };
}
