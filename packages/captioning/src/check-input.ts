import { checkWordCount, GradcamError } from '@gradcam/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from './captioner';

/** Default of `maxCaptionLength`: the most words a caption may have, `<end>` not counted. */
export const DEFAULT_MAX_CAPTION_LENGTH = 32;

const dims = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? '?').join(', ')}]`;

/**
 * Checks images against the encoder's input `[batch, H, W, C]` before any TF.js work: rank 4,
 * `batch` images (any number when undefined), and the encoder's height, width and channels
 * where it fixes them. Messages name no function: CLI users meet them too.
 */
export function checkImages(captioner: Captioner, images: tf.Tensor | undefined, batch?: number): void {
  const [h, w, c] = captioner.imageShape;
  const expected = `[${batch ?? 'batch'}, ${h ?? 'H'}, ${w ?? 'W'}, ${c}]`;
  const given = images && Array.isArray(images.shape) ? images.shape : undefined;
  const ok =
    given !== undefined &&
    given.length === 4 &&
    (batch === undefined ? given[0] >= 1 : given[0] === batch) &&
    (h === null || given[1] === h) &&
    (w === null || given[2] === w) &&
    given[3] === c;
  if (ok) return;
  const got = given ? `a tensor of shape ${dims(given)} (rank ${given.length})` : String(images);
  throw new GradcamError(
    `the captioner takes ${batch === 1 ? 'one image' : 'images'} ${expected} (the encoder's input is ${dims([
      null,
      h,
      w,
      c,
    ])}), got ${got}; resize the image to ${h ?? 'H'}x${w ?? 'W'} with ${c} channels${
      batch === 1 ? ' and give it a batch dimension of 1, e.g. image.expandDims(0)' : ''
    }`,
  );
}

/** Checks a caption's word count (`<end>` not counted) against the captioner's maximum length. */
export function checkCaptionLength(captioner: Captioner, words: number): void {
  checkWordCount(words, {
    text: 'caption',
    limit: "the captioner's maximum caption length",
    max: captioner.maxCaptionLength,
    fix: 'shorten the caption, or create the captioner with a larger maxCaptionLength',
  });
}
