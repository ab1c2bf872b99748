import type { MapData } from '@gradcam/core';
import { fail } from '../checks';
import type { Baseline, ImageInput, ScoreFn } from '../types';
import { type BaselineOptions, baselineImage } from './baseline';
import { readImage } from './image';
import { scoreInBatches } from './score-batches';

export interface OcclusionOptions extends BaselineOptions {
  /** Side of the square patch, in pixels. */
  patch: number;
  /** Step between patches (default `patch`: patches tile the image). */
  stride?: number;
  /** What covers a patch (default 0, as Captum's Occlusion). */
  baseline?: Baseline;
  /** Occluded images per call of `scoreFn` (default 32). */
  batchSize?: number;
}

export interface OcclusionResult {
  /**
   * Score drop (unoccluded minus occluded) for the patch at grid cell (i, j), whose top-left pixel
   * is (j * stride, i * stride). Only patches that fit the image are tried, so when the stride
   * does not divide `size - patch` the last rows or columns of pixels are never covered.
   */
  map: MapData;
  /** Score of the unoccluded image. */
  original: number;
  patch: number;
  stride: number;
  imageWidth: number;
  imageHeight: number;
}

/** Occlusion sensitivity (Zeiler and Fergus, 2014): how much the score falls when a patch is hidden. */
export async function occlusionMap(
  scoreFn: ScoreFn,
  image: ImageInput,
  options: OcclusionOptions,
): Promise<OcclusionResult> {
  const img = await readImage(image);
  const { patch } = options;
  const stride = options.stride ?? patch;
  if (!(Number.isInteger(patch) && patch >= 1 && patch <= Math.min(img.width, img.height))) {
    fail(
      `patch must be an integer from 1 to the image's shorter side (${Math.min(img.width, img.height)}), got ${patch}`,
    );
  }
  if (!(Number.isInteger(stride) && stride >= 1)) fail(`stride must be a positive integer, got ${stride}`);
  const gw = Math.floor((img.width - patch) / stride) + 1;
  const gh = Math.floor((img.height - patch) / stride) + 1;
  const cover = baselineImage(img, options.baseline ?? 0, options);
  const c = img.channels;
  // Image 0 is the original; image 1 + cell is the one with that cell's patch covered.
  const scores = await scoreInBatches(
    scoreFn,
    img,
    1 + gw * gh,
    (k, out) => {
      out.set(img.data);
      if (k === 0) return;
      const cell = k - 1;
      const x0 = (cell % gw) * stride;
      const y0 = Math.floor(cell / gw) * stride;
      for (let y = y0; y < y0 + patch; y++) {
        const from = (y * img.width + x0) * c;
        out.set(cover.subarray(from, from + patch * c), from);
      }
    },
    options.batchSize ?? 32,
  );
  const original = scores[0];
  const data = scores.slice(1).map((s) => original - s);
  return {
    map: { data, width: gw, height: gh },
    original,
    patch,
    stride,
    imageWidth: img.width,
    imageHeight: img.height,
  };
}
