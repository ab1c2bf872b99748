import { classTarget, type Explanation, explain } from '@gradcam/core';
import { type RgbImage, toTensor } from '@gradcam/render';
import type * as tf from '@tensorflow/tfjs-core';
import { decodeBoundedImage } from '../bounded-image';
import type { OpenModel } from '../model/open-model';
import { normalizationOf } from '../model/preprocessing';
import { otherMethods } from '../report/compare';
import { type BodyOnce, bodyOnce } from './body-once';
import { chooseClasses } from './class-choice';
import { type ClassScore, scoresOfOutputs } from './class-scores';
import { chunkRanges } from './map-chunks';
import type { ExplainSettings } from './settings';

/** Explained classes of one image and their maps: all of them, or one chunk. */
export interface ImageExplanation {
  image: RgbImage;
  /** Every class's score on the image. */
  scores: ClassScore[];
  /** The explained classes, in the order of `explanation.maps`' targets. */
  explained: ClassScore[];
  explanation: Explanation;
  /** For the page, with --counterfactual: the plain maps too, to show beside the counterfactual ones. */
  plain?: Explanation;
  /** For the page: the plain maps of the methods of --compare. */
  compared: Explanation[];
}

/** One chunk of an image's classes: `explained` are classes offset.. of the choice, best first. */
export interface ExplainedChunk extends ImageExplanation {
  offset: number;
}

export interface ChunkOptions {
  /** The first `pageMaps` classes also get what the report page shows (see explainDecoded). */
  forPage?: boolean;
  pageMaps?: number;
  /** Classes per engine call after the page's (see mapsPerChunk). */
  chunk: number;
}

/** Decodes one image (bounded by --max-side) and explains it: see explainDecoded. */
export async function explainImage(
  model: OpenModel,
  file: string,
  settings: ExplainSettings,
  forPage = false,
): Promise<ImageExplanation> {
  return explainDecoded(model, await decodeBoundedImage(file, settings.maxSide), settings, forPage);
}

/**
 * Resizes and normalises a decoded image to the model's input, picks the classes from one body
 * run and explains them in one engine call (the engine batches them into shared backward passes)
 * that reuses that body run. The maps come back at the image's own resolution, upsampled once from
 * the layer's grid, so that they lie over the original picture. With `forPage`, what only the
 * report page shows comes too: with --counterfactual the plain maps (what speaks for a class,
 * beside what speaks against it), and the plain maps of each --compare method; each is one more
 * engine call on the same body run. No tensor outlives the call.
 */
export async function explainDecoded(
  model: OpenModel,
  image: RgbImage,
  settings: ExplainSettings,
  forPage = false,
): Promise<ImageExplanation> {
  let all: ImageExplanation | undefined;
  await explainInChunks(model, image, settings, { forPage, chunk: Number.POSITIVE_INFINITY }, async (c) => {
    all = c;
  });
  return all!;
}

/**
 * explainDecoded with the classes in chunks, each handed to `onChunk` and let go before the next
 * is explained, so that memory is bounded by the chunk, not by --top. The first chunk holds the
 * classes the page draws (with their plain and --compare maps when `forPage`); the others are
 * `chunk` classes each, without them. Every chunk reuses the one body run.
 */
export async function explainInChunks(
  model: OpenModel,
  image: RgbImage,
  settings: ExplainSettings,
  options: ChunkOptions,
  onChunk: (chunk: ExplainedChunk) => Promise<void>,
): Promise<{ scores: ClassScore[]; explained: ClassScore[] }> {
  const size: [number, number] = [model.input.height ?? image.height, model.input.width ?? image.width];
  const input = toTensor(image, {
    ...normalizationOf(settings.preset, settings.preprocessing ?? {}),
    size,
    grayscale: model.input.channels === 1,
  });
  try {
    const once = bodyOnce(model.adapters, input);
    try {
      const scores = await scoresOfOutputs(once.outputs, model.scoresLogits);
      const explained = chooseClasses(scores, settings.choice);
      const pageMaps = options.forPage ? (options.pageMaps ?? explained.length) : 0;
      for (const [start, end] of chunkRanges(explained.length, pageMaps, options.chunk)) {
        const classes = explained.slice(start, end);
        const maps = await explainClasses(
          once,
          input,
          image,
          classes,
          settings,
          start === 0 && !!options.forPage,
        );
        await onChunk({ image, scores, explained: classes, offset: start, ...maps });
      }
      return { scores, explained };
    } finally {
      once.dispose();
    }
  } finally {
    input.dispose();
  }
}

async function explainClasses(
  once: BodyOnce,
  input: tf.Tensor4D,
  image: RgbImage,
  classes: ClassScore[],
  settings: ExplainSettings,
  forPage: boolean,
): Promise<Pick<ImageExplanation, 'explanation' | 'plain' | 'compared'>> {
  const targets = classes.map((c) => classTarget(c.class));
  const options = { method: settings.method, outputSize: [image.height, image.width] as [number, number] };
  const explanation = await explain(once.adapters, input, targets, {
    ...options,
    counterfactual: settings.counterfactual,
    guided: settings.guided,
    verify: settings.verify,
  });
  const plain =
    forPage && settings.counterfactual ? await explain(once.adapters, input, targets, options) : undefined;
  const compared: Explanation[] = [];
  for (const method of forPage ? otherMethods(settings.method, settings.compare) : []) {
    compared.push(await explain(once.adapters, input, targets, { ...options, method }));
  }
  return { explanation, plain, compared };
}
