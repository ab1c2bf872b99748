import * as tf from '@tensorflow/tfjs-core';
import { fail } from '../checks';
import type { ScoreFn } from '../types';
import type { HwcImage } from './image';

/**
 * Scores `count` images of the shape of `like`, `batchSize` per call of `scoreFn`. `write(i, out)`
 * fills image i into `out`; it is called for i = 0, 1, 2... in order, so that callers can build
 * each image from the previous one (a deletion curve removes a few more pixels per step).
 */
export async function scoreInBatches(
  scoreFn: ScoreFn,
  like: HwcImage,
  count: number,
  write: (i: number, out: Float32Array) => void,
  batchSize: number,
): Promise<Float32Array> {
  if (!(Number.isInteger(batchSize) && batchSize > 0))
    fail(`batchSize must be a positive integer, got ${batchSize}`);
  const size = like.height * like.width * like.channels;
  const scores = new Float32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    // A fresh buffer per batch: the CPU backend may keep the array it was given instead of copying.
    const buffer = new Float32Array(n * size);
    for (let j = 0; j < n; j++) write(start + j, buffer.subarray(j * size, (j + 1) * size));
    const batch = tf.tensor4d(buffer, [n, like.height, like.width, like.channels]);
    let out: ArrayLike<number>;
    try {
      out = await scoreFn(batch);
    } finally {
      batch.dispose();
    }
    if (!out || out.length !== n) fail(`scoreFn returned ${out?.length} scores for a batch of ${n} images`);
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(out[j])) fail(`scoreFn returned a score that is not finite (${out[j]})`);
      scores[start + j] = out[j];
    }
  }
  return scores;
}
