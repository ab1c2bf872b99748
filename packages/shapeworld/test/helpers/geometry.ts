import type { SceneObject } from '../../src/index';

/** Extent of a mask, recomputed from its pixels: the tests' own ground truth, not the generator's boxes. */
export function maskExtent(mask: Uint8Array, width: number) {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = -1;
  let y1 = -1;
  let area = 0;
  mask.forEach((v, i) => {
    if (!v) return;
    const x = i % width;
    const y = Math.floor(i / width);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
    area++;
  });
  return { x0, y0, x1, y1, area };
}

/** "a <relation> b" from the masks alone: every pixel of a beyond every pixel of b. */
export function relationFromMasks(relation: string, a: SceneObject, b: SceneObject, width: number): boolean {
  const ea = maskExtent(a.mask, width);
  const eb = maskExtent(b.mask, width);
  switch (relation) {
    case 'above':
      return ea.y1 < eb.y0;
    case 'below':
      return eb.y1 < ea.y0;
    case 'left of':
      return ea.x1 < eb.x0;
    case 'right of':
      return eb.x1 < ea.x0;
    default:
      throw new Error(`unknown relation '${relation}'`);
  }
}
