import type { MapData } from '@gradcam/core';
import { fail } from '../checks';
import { trapezoidArea } from '../stats/area';
import type { Baseline, ImageInput, ScoreFn } from '../types';
import { type BaselineOptions, baselineImage } from './baseline';
import { checkMapFitsImage, readImage } from './image';
import { scoreInBatches } from './score-batches';

export interface DeletionInsertionOptions extends BaselineOptions {
  /** Points of each curve after the first: step k has round(k * pixels / steps) pixels changed. */
  steps?: number;
  /**
   * What removed pixels become (deletion) and what hidden pixels are (insertion). One value for
   * both, or one each; the default follows RISE (Petsiuk et al. 2018): 0 for deletion, a blurred
   * image for insertion. 0 means black only when the model's preprocessing maps black to 0.
   */
  baseline?: Baseline | { deletion: Baseline; insertion: Baseline };
  /** Images per call of `scoreFn` (default 32). */
  batchSize?: number;
  /** Which curves to compute (default both): each one costs `steps + 1` scores. */
  curves?: ('deletion' | 'insertion')[];
}

export interface Curve {
  /** Fraction of the pixels removed (deletion) or revealed (insertion), from 0 to 1. */
  fractions: number[];
  scores: number[];
  /** Trapezoid area under `scores` over `fractions`: lower is better for deletion, higher for insertion. */
  auc: number;
}

export interface DeletionInsertionResult {
  deletion?: Curve;
  insertion?: Curve;
}

/**
 * RISE's causal metrics: delete the pixels from the most to the least important according to the
 * map (all channels of a pixel at once) and watch the score fall, or reveal them on the baseline
 * and watch it rise. Ties in the map keep row-major order, so the curves are deterministic.
 */
export async function deletionInsertion(
  scoreFn: ScoreFn,
  image: ImageInput,
  map: MapData,
  options: DeletionInsertionOptions = {},
): Promise<DeletionInsertionResult> {
  const img = await readImage(image);
  checkMapFitsImage(map, img);
  const pixels = img.width * img.height;
  const steps = options.steps ?? Math.min(100, pixels);
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= pixels)) {
    fail(`steps must be an integer from 1 to the number of pixels (${pixels}), got ${steps}`);
  }
  const baselines =
    typeof options.baseline === 'object'
      ? options.baseline
      : { deletion: options.baseline ?? 0, insertion: options.baseline ?? 'blur' };
  const batchSize = options.batchSize ?? 32;
  const order = decreasingOrder(map.data);
  const counts = Array.from({ length: steps + 1 }, (_, k) => Math.round((k * pixels) / steps));
  const fractions = counts.map((n) => n / pixels);
  const result: DeletionInsertionResult = {};

  for (const kind of options.curves ?? ['deletion', 'insertion']) {
    const substrate = baselineImage(img, baselines[kind], options);
    // Deletion moves pixels from the image to the substrate; insertion the other way round.
    const [start, target] = kind === 'deletion' ? [img.data, substrate] : [substrate, img.data];
    const work = Float32Array.from(start);
    const c = img.channels;
    let done = 0;
    const scores = await scoreInBatches(
      scoreFn,
      img,
      counts.length,
      (k, out) => {
        for (; done < counts[k]; done++) {
          const p = order[done] * c;
          for (let ch = 0; ch < c; ch++) work[p + ch] = target[p + ch];
        }
        out.set(work);
      },
      batchSize,
    );
    const values = Array.from(scores);
    result[kind] = { fractions, scores: values, auc: trapezoidArea(fractions, values) };
  }
  return result;
}

/** Pixel indices from the largest map value to the smallest; equal values in row-major order. */
function decreasingOrder(values: Float32Array): Uint32Array {
  const order = Uint32Array.from(values.keys());
  return order.sort((a, b) => values[b] - values[a] || a - b);
}
