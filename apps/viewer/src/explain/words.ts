import { type Captioner, explainCaption } from '@gradcam/captioning';
import { type RgbImage, toTensor } from '@gradcam/render';
import { modelNormalization } from '../models/model-normalization';
import { guidedImages } from './guided-images';
import type { Explained, Panel, ViewOptions } from './panel';

/**
 * The caption (the model's own, or the user's) with a map per word and one for the whole caption,
 * from one engine call.
 */
export async function explainWords(
  captioner: Captioner,
  image: RgbImage,
  options: ViewOptions,
  caption?: string,
): Promise<Explained> {
  const [height, width] = captioner.imageShape;
  const input = toTensor(image, {
    ...modelNormalization(captioner.metadata),
    size: [height ?? image.height, width ?? image.width],
  });
  const warnings: string[] = [];
  try {
    const result = await explainCaption(captioner, input, {
      caption: caption?.trim() || undefined,
      method: options.method,
      layer: options.layer,
      counterfactual: options.counterfactual,
      guided: options.guided,
      outputSize: [image.height, image.width],
      onWarning: (message) => warnings.push(message),
    });
    const panels: Panel[] = result.words.map((w) => ({
      label: w.text,
      map: w.map,
      ...guidedImages(w),
      logProb: w.logProb,
      notes: w.unknown ? [`'${w.text}' is not in the model's vocabulary: read as ${w.word}`] : undefined,
    }));
    panels.push({
      label: 'whole caption',
      map: result.captionMap.map,
      logProb: result.captionMap.logProb,
      notes: warnings.length > 0 ? warnings : undefined,
    });
    return {
      kind: 'words',
      text: result.words.map((w) => w.text).join(' '),
      panels,
      layer: result.layer,
      method: result.method,
      counterfactual: result.counterfactual,
      backend: result.backend,
      timeMs: result.timeMs,
    };
  } finally {
    input.dispose();
  }
}
