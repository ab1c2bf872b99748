import { type ColormapName, colormap } from './colormaps';
import type { RgbImage } from './types';
import { assertSize } from './validate';

export type ColorBarOrientation = 'horizontal' | 'vertical';

/**
 * A legend strip of a colormap. Horizontal bars run from low (left) to high (right), vertical
 * ones from low (bottom) to high (top), the way a plot's colour bar reads. The ends are exactly
 * entries 0 and 255.
 */
export function colorBar(
  name: ColormapName | string,
  width: number,
  height: number,
  orientation: ColorBarOrientation = 'horizontal',
): RgbImage {
  assertSize(width, height, 'color bar');
  if (orientation !== 'horizontal' && orientation !== 'vertical') {
    throw new Error(`orientation must be 'horizontal' or 'vertical', got ${String(orientation)}`);
  }
  const lut = colormap(name);
  const length = orientation === 'horizontal' ? width : height;
  const entryAt = (pos: number) => (length === 1 ? 255 : Math.round((pos * 255) / (length - 1)));
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const entry = orientation === 'horizontal' ? entryAt(x) : entryAt(height - 1 - y);
      data.set(lut.subarray(entry * 3, entry * 3 + 3), (y * width + x) * 3);
    }
  }
  return { data, width, height, channels: 3 };
}
