import { type RgbImage, toTensor } from '@gradcam/render';
import { explainAnswer, type VqaModel } from '@gradcam/vqa';
import { modelNormalization } from '../models/model-normalization';
import { guidedImages } from './guided-images';
import type { Explained, ViewOptions } from './panel';

/** How many answers are listed and explained (in one engine call). */
const TOP_ANSWERS = 3;

/** The model's best answers to a question, each with its map and the question words' importances. */
export async function explainAnswers(
  model: VqaModel,
  image: RgbImage,
  question: string,
  options: ViewOptions,
): Promise<Explained> {
  const shape = model.encoder.inputs[0].shape;
  const input = toTensor(image, {
    ...modelNormalization(model.metadata),
    size: [shape[1] ?? image.height, shape[2] ?? image.width],
  });
  try {
    const result = await explainAnswer(model, input, question, {
      top: Math.min(TOP_ANSWERS, model.answerVocabulary.size),
      method: options.method,
      layer: options.layer,
      counterfactual: options.counterfactual,
      guided: options.guided,
      outputSize: [image.height, image.width],
    });
    const unknown =
      result.unknownWords.length > 0
        ? [`not in the model's vocabulary, read as <unk>: ${result.unknownWords.join(', ')}`]
        : undefined;
    return {
      kind: 'answers',
      text: result.question,
      panels: result.answers.map((a) => ({
        label: a.answer,
        map: a.map,
        score: a.score,
        probability: a.probability,
        questionWords: a.wordImportance.map((w) => ({ word: w.word, score: w.score })),
        notes: unknown,
        ...guidedImages(a),
      })),
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
