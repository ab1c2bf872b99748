import type { MapData } from '@gradcam/core';
import { GradcamError } from '@gradcam/core';
import type { Mask } from './types';

/** Errors a caller can act on, the same class the engine throws. */
export function fail(message: string): never {
  throw new GradcamError(message);
}

export function checkGrid(
  grid: { data: ArrayLike<number>; width: number; height: number },
  what: string,
): void {
  const { data, width, height } = grid;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    fail(`${what} must have a positive integer width and height, got ${width}x${height}`);
  }
  if (data.length !== width * height) fail(`${what} has ${data.length} values, expected ${width}x${height}`);
}

/** A map and a mask describe the same pixels only when their sizes agree. */
export function checkMapMask(map: MapData, mask: Mask): void {
  checkGrid(map, 'the map');
  checkGrid(mask, 'the mask');
  if (map.width !== mask.width || map.height !== mask.height) {
    fail(
      `the map is ${map.width}x${map.height} but the mask is ${mask.width}x${mask.height}: ` +
        'explain with outputSize set to the mask size',
    );
  }
}
