import { classTarget, type Explanation, explain } from '@gradcam/core';
import { decodeImage, PRESETS, type RgbImage, toTensor } from '@gradcam/render';
import type { OpenModel } from '../model/open-model';
import { otherMethods } from '../report/compare';
import { chooseClasses } from './class-choice';
import type { ClassScore } from './class-scores';
import { classScores } from './class-scores';
import type { ExplainSettings } from './settings';

/**
 * Longest side of the image that is explained and drawn: a 6000x6000 photo's maps and overlays at
 * full size took 4.9 GB; at 1600 the whole run of a 224 ONNX model stays near 500 MB (2048: 624 MB).
 */
export const DEFAULT_MAX_SIDE = 1600;

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

/**
 * Decodes one image, resizes and normalises it to the model's input, and explains the chosen
 * classes in one engine call (the engine batches them into shared backward passes). The maps come
 * back at the image's own resolution, upsampled once from the layer's grid, so that they lie over
 * the original picture. With `forPage`, what only the report page shows comes too: with
 * --counterfactual the plain maps (what speaks for a class, beside what speaks against it), and
 * the plain maps of each --compare method; each is one more engine call. No tensor outlives the call.
 */
export async function explainImage(
  model: OpenModel,
  file: string,
  settings: ExplainSettings,
  forPage = false,
): Promise<ImageExplanation> {
  const maxSide = settings.maxSide ?? DEFAULT_MAX_SIDE;
  const image = await decodeImage(file, {
    maxSide,
    onDownscale: ([w, h], [width, height]) =>
      process.stderr.write(
        `gradcam: note: ${file} is ${w}x${h}; explained and drawn at ${width}x${height} (--max-side ${maxSide})\n`,
      ),
  });
  const size: [number, number] = [model.input.height ?? image.height, model.input.width ?? image.width];
  const input = toTensor(image, { ...PRESETS[settings.preset], size });
  try {
    const scores = await classScores(model, input);
    const explained = chooseClasses(scores, settings.choice);
    const targets = explained.map((c) => classTarget(c.class));
    const options = { method: settings.method, outputSize: [image.height, image.width] as [number, number] };
    const explanation = await explain(model.adapters, input, targets, {
      ...options,
      counterfactual: settings.counterfactual,
      guided: settings.guided,
      verify: settings.verify,
    });
    const plain =
      forPage && settings.counterfactual ? await explain(model.adapters, input, targets, options) : undefined;
    const compared: Explanation[] = [];
    for (const method of forPage ? otherMethods(settings.method, settings.compare) : []) {
      compared.push(await explain(model.adapters, input, targets, { ...options, method }));
    }
    return { image, scores, explained, explanation, plain, compared };
  } finally {
    input.dispose();
  }
}
