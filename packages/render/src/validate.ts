import type { MapData, RgbImage } from './types';

function assertDimension(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${what} must be a positive integer, got ${value}`);
  }
}

export function assertSize(width: number, height: number, what: string): void {
  assertDimension(width, `${what} width`);
  assertDimension(height, `${what} height`);
}

export function assertMap(map: MapData, what = 'map'): void {
  if (!map || !(map.data instanceof Float32Array)) {
    throw new Error(`${what} must be { data: Float32Array, width, height }`);
  }
  assertSize(map.width, map.height, what);
  if (map.data.length !== map.width * map.height) {
    throw new Error(
      `${what} has ${map.data.length} values but ${map.width}x${map.height} needs ${map.width * map.height}`,
    );
  }
}

export function assertImage(image: RgbImage, what = 'image'): void {
  if (!image || !(image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray)) {
    throw new Error(`${what} must be { data: Uint8Array | Uint8ClampedArray, width, height, channels }`);
  }
  assertSize(image.width, image.height, what);
  if (image.channels !== 3 && image.channels !== 4) {
    throw new Error(`${what} must have 3 (RGB) or 4 (RGBA) channels, got ${image.channels}`);
  }
  const expected = image.width * image.height * image.channels;
  if (image.data.length !== expected) {
    throw new Error(
      `${what} has ${image.data.length} bytes but ${image.width}x${image.height}x${image.channels} needs ${expected}`,
    );
  }
}
