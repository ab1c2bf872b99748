import type { MapData } from '@gradcam/core';
import { checkGrid, fail } from '../checks';
import type { ImageInput } from '../types';

/** An image read off its tensor once: perturbations are built in plain arrays, HWC, row-major. */
export interface HwcImage {
  data: Float32Array;
  height: number;
  width: number;
  channels: number;
}

export async function readImage(image: ImageInput): Promise<HwcImage> {
  // Duck-typed rather than instanceof: a caller's TF.js may be another copy of the same package.
  if (!(image && Array.isArray(image.shape) && typeof image.data === 'function')) {
    fail('the image must be a tf.Tensor, [1, h, w, c] or [h, w, c]');
  }
  const shape = image.shape;
  if (!(shape.length === 3 || (shape.length === 4 && shape[0] === 1))) {
    fail(`the image must be one image, [1, h, w, c] or [h, w, c], got [${shape.join(', ')}]`);
  }
  const [height, width, channels] = shape.slice(-3);
  const data = Float32Array.from(await image.data());
  return { data, height, width, channels };
}

/** Perturbations are per pixel, so the map must cover the image pixel for pixel. */
export function checkMapFitsImage(map: MapData, image: HwcImage): void {
  checkGrid(map, 'the map');
  if (map.width !== image.width || map.height !== image.height) {
    fail(
      `the map is ${map.width}x${map.height} but the image is ${image.width}x${image.height}: ` +
        'explain with outputSize set to the image size',
    );
  }
  for (const v of map.data) if (!Number.isFinite(v)) fail('the map has a value that is not finite');
}
