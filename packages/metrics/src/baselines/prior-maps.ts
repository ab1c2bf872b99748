import type { MapData } from '@gradcam/core';
import { fail } from '../checks';
import { createRng } from '../rng';

function checkSize(width: number, height: number): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    fail(`a map needs a positive integer width and height, got ${width}x${height}`);
  }
}

/**
 * A centred gaussian, 1 at the image centre ((width - 1) / 2, (height - 1) / 2 in pixel
 * coordinates). Objects in photographs sit near the centre, so any method must beat this prior
 * before its localization means anything. Default sigma: a quarter of the shorter side.
 */
export function centreMap(width: number, height: number, sigma = Math.min(width, height) / 4): MapData {
  checkSize(width, height);
  if (!(sigma > 0)) fail(`sigma must be positive, got ${sigma}`);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[y * width + x] = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma));
    }
  }
  return { data, width, height };
}

/** Every pixel equal: the map that says nothing (its pointing game follows the tie rule). */
export function uniformMap(width: number, height: number, value = 1): MapData {
  checkSize(width, height);
  return { data: new Float32Array(width * height).fill(value), width, height };
}

/** Independent uniform values in [0, 1), the same for the same seed on every run and platform. */
export function randomMap(width: number, height: number, seed = 0): MapData {
  checkSize(width, height);
  const rng = createRng(seed);
  return { data: Float32Array.from({ length: width * height }, rng), width, height };
}
