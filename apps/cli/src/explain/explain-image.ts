import { classTarget, type Explanation, explain } from '@gradcam/core';
import { decodeImage, PRESETS, type RgbImage, toTensor } from '@gradcam/render';
import type { OpenModel } from '../model/open-model';
import { chooseClasses } from './class-choice';
import type { ClassScore } from './class-scores';
import { classScores } from './class-scores';
import type { ExplainSettings } from './settings';

export interface ImageExplanation {
  image: RgbImage;
  /** Every class's score on the image. */
  scores: ClassScore[];
  /** The explained classes, in the order of `explanation.maps`' targets. */
  explained: ClassScore[];
  explanation: Explanation;
}

/**
 * Decodes one image, resizes and normalises it to the model's input, and explains the chosen
 * classes in one engine call (the engine batches them into shared backward passes). The maps come
 * back at the image's own resolution, upsampled once from the layer's grid, so that they lie over
 * the original picture. No tensor outlives the call.
 */
export async function explainImage(
  model: OpenModel,
  file: string,
  settings: ExplainSettings,
): Promise<ImageExplanation> {
  const image = await decodeImage(file);
  const size: [number, number] = [model.input.height ?? image.height, model.input.width ?? image.width];
  const input = toTensor(image, { ...PRESETS[settings.preset], size });
  try {
    const scores = await classScores(model, input);
    const explained = chooseClasses(scores, settings.choice);
    const explanation = await explain(
      model.adapters,
      input,
      explained.map((c) => classTarget(c.class)),
      {
        method: settings.method,
        counterfactual: settings.counterfactual,
        guided: settings.guided,
        outputSize: [image.height, image.width],
      },
    );
    return { image, scores, explained, explanation };
  } finally {
    input.dispose();
  }
}
