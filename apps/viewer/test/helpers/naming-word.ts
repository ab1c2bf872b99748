import type { Scene } from '@gradcam/shapeworld';

/**
 * The first word of a caption that names exactly one object of the scene: a shape word right after
 * its colour ("red circle"), with that object's index. ShapeWorld has one object per (colour, shape).
 */
export function namingWord(
  scene: Scene,
  words: readonly string[],
): { index: number; object: number } | undefined {
  for (let i = 1; i < words.length; i++) {
    const object = scene.objects.findIndex((o) => o.shape === words[i] && o.color === words[i - 1]);
    if (object >= 0) return { index: i, object };
  }
  return undefined;
}
