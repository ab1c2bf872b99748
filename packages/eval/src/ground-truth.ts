import type { Box } from '@gradcam/core';
import { type Mask, unionMask } from '@gradcam/metrics';
import type { EvalScene } from './types';

/** The union of the objects' masks and their boxes: the ground truth of a target naming them. */
export function objectsTruth(scene: EvalScene, objects: readonly number[]): { mask: Mask; boxes: Box[] } {
  return {
    mask: unionMask(
      objects.map((i) => scene.objects[i].mask),
      scene.width,
      scene.height,
    ),
    boxes: objects.map((i) => scene.objects[i].box),
  };
}
