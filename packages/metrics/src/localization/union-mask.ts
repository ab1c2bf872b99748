import { fail } from '../checks';
import type { Mask } from '../types';

/**
 * Several objects' masks as one: the ground truth of a target that names them all (a caption
 * word naming two circles, an answer resting on two objects), where any of them is a hit.
 */
export function unionMask(masks: readonly ArrayLike<number>[], width: number, height: number): Mask {
  if (masks.length === 0) fail('a ground truth needs at least one object mask');
  const data = new Uint8Array(width * height);
  for (const mask of masks) {
    if (mask.length !== data.length) {
      fail(`an object mask has ${mask.length} pixels, expected ${width}x${height}`);
    }
    for (let p = 0; p < data.length; p++) if (mask[p]) data[p] = 1;
  }
  return { data, width, height };
}
