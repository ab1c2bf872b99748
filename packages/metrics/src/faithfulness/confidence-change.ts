import type { MapData } from '@gradcam/core';
import { fail } from '../checks';
import type { ImageInput, ScoreFn } from '../types';
import { checkMapFitsImage, readImage } from './image';
import { scoreInBatches } from './score-batches';

export interface ConfidenceChange {
  /** Score of the image, Y. */
  original: number;
  /** Score of the image multiplied by the map, O. */
  explained: number;
  /** max(0, Y - O) / Y: the per-image term of Grad-CAM++'s "average drop". */
  drop: number;
  /** O > Y: the per-image term of Grad-CAM++'s "increase in confidence". */
  increase: boolean;
}

/**
 * Chattopadhay et al. (Grad-CAM++, 2018): keep only what the map shows, by multiplying every
 * channel of the image by the map, and compare the class score with that of the whole image. The
 * paper scores softmax probabilities, so `scoreFn` should return positive scores; the map must be
 * in [0, 1] (the engine's min-max normalised maps are).
 */
export async function confidenceChange(
  scoreFn: ScoreFn,
  image: ImageInput,
  map: MapData,
): Promise<ConfidenceChange> {
  const img = await readImage(image);
  checkMapFitsImage(map, img);
  for (const v of map.data) {
    if (v < 0 || v > 1)
      fail(`confidenceChange multiplies the image by the map, which must lie in [0, 1]; found ${v}`);
  }
  const c = img.channels;
  const [original, explained] = await scoreInBatches(
    scoreFn,
    img,
    2,
    (i, out) => {
      if (i === 0) out.set(img.data);
      else for (let j = 0; j < out.length; j++) out[j] = img.data[j] * map.data[Math.floor(j / c)];
    },
    2,
  );
  if (!(original > 0))
    fail(`the score of the image must be positive (a probability) to measure a drop, got ${original}`);
  return {
    original,
    explained,
    drop: Math.max(0, original - explained) / original,
    increase: explained > original,
  };
}

/** The paper's two numbers over a set of images, in percent. */
export function summariseConfidence(changes: readonly ConfidenceChange[]): {
  averageDrop: number;
  increaseInConfidence: number;
} {
  if (changes.length === 0) fail('summariseConfidence needs at least one result');
  const n = changes.length;
  return {
    averageDrop: (100 * changes.reduce((s, c) => s + c.drop, 0)) / n,
    increaseInConfidence: (100 * changes.filter((c) => c.increase).length) / n,
  };
}
