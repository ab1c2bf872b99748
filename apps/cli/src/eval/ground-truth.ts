import type { Box } from '@gradcam/core';
import type { Mask } from '@gradcam/metrics';
import type { Scene } from '@gradcam/shapeworld';

/** The union of the objects' masks and their boxes: the ground truth of a target naming them. */
export function objectsTruth(scene: Scene, objects: readonly number[]): { mask: Mask; boxes: Box[] } {
  if (objects.length === 0) throw new Error('a target with ground truth needs at least one object');
  const data = new Uint8Array(scene.width * scene.height);
  for (const i of objects) {
    const { mask } = scene.objects[i];
    for (let p = 0; p < mask.length; p++) if (mask[p]) data[p] = 1;
  }
  return {
    mask: { data, width: scene.width, height: scene.height },
    boxes: objects.map((i) => scene.objects[i].box),
  };
}
