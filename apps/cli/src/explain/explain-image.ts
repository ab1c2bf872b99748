import { classTarget, type Explanation, explain } from '@gradcam/core';
import { PRESETS, type RgbImage, toTensor } from '@gradcam/render';
import { decodeBoundedImage } from '../bounded-image';
import type { OpenModel } from '../model/open-model';
import { otherMethods } from '../report/compare';
import { bodyOnce } from './body-once';
import { chooseClasses } from './class-choice';
import { type ClassScore, scoresOfOutputs } from './class-scores';
import type { ExplainSettings } from './settings';

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
  const size: [number, number] = [model.input.height ?? image.height, model.input.width ?? image.width];
  const input = toTensor(image, {
    ...PRESETS[settings.preset],
    size,
    grayscale: model.input.channels === 1,
  });
  try {
    const once = bodyOnce(model.adapters, input);
    try {
      const scores = await scoresOfOutputs(once.outputs, model.scoresLogits);
      const explained = chooseClasses(scores, settings.choice);
      const targets = explained.map((c) => classTarget(c.class));
      const options = {
        method: settings.method,
        outputSize: [image.height, image.width] as [number, number],
      };
      const explanation = await explain(once.adapters, input, targets, {
        ...options,
        counterfactual: settings.counterfactual,
        guided: settings.guided,
        verify: settings.verify,
      });
      const plain =
        forPage && settings.counterfactual
          ? await explain(once.adapters, input, targets, options)
          : undefined;
      const compared: Explanation[] = [];
      for (const method of forPage ? otherMethods(settings.method, settings.compare) : []) {
        compared.push(await explain(once.adapters, input, targets, { ...options, method }));
      }
      return { image, scores, explained, explanation, plain, compared };
    } finally {
      once.dispose();
    }
  } finally {
    input.dispose();
  }
}
