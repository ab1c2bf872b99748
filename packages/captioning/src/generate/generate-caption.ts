import type * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import { beamSearchCaption } from './beam-search';
import { greedyCaption } from './greedy';
import { type GeneratedCaption, type GenerationOptions, resolveGenerationOptions } from './options';

/**
 * A caption for one image `[1, h, w, c]`: greedy decoding, or beam search with `beamWidth` > 1.
 * Plain forward passes: nothing here is differentiated, and no tensor outlives the call.
 */
export async function generateCaption(
  captioner: Captioner,
  image: tf.Tensor4D,
  options: GenerationOptions = {},
): Promise<GeneratedCaption> {
  const resolved = resolveGenerationOptions(options);
  if (resolved.beamWidth === 1)
    return greedyCaption(captioner, image, resolved.maxLength, resolved.lengthPenalty);
  return beamSearchCaption(captioner, image, resolved);
}
