import { classTarget, explain } from '@gradcam/core';
import { type RgbImage, toTensor } from '@gradcam/render';
import { layersModelAdapter } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageClassifier } from '../models/image-model';
import { guidedImages } from './guided-images';
import type { Explained, ViewOptions } from './panel';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function softmax(xs: Float32Array): number[] {
  const max = Math.max(...xs);
  const e = Array.from(xs, (x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/**
 * The classifier's top classes with a map each, from one engine call. Probabilities: sigmoid for
 * a multi-label model, softmax of the logits when the model's own softmax was taken off for
 * Grad-CAM, none when the model outputs something else.
 */
export async function explainClasses(
  classifier: ImageClassifier,
  image: RgbImage,
  options: ViewOptions,
): Promise<Explained> {
  const started = performance.now();
  const input = toTensor(image, { ...classifier.normalization, size: classifier.inputSize });
  try {
    const adapter = layersModelAdapter(classifier.model, { layer: options.layer });
    const scoresTensor = tf.tidy(() => adapter.predict(input).reshape([-1]));
    const scores = (await scoresTensor.data()) as Float32Array;
    scoresTensor.dispose();
    if (scores.length !== classifier.classes.length)
      throw new Error(
        `the model gives ${scores.length} scores but ${classifier.classes.length} classes are named`,
      );
    const probabilities = classifier.multiLabel
      ? Array.from(scores, sigmoid)
      : adapter.scoresLogits
        ? softmax(scores)
        : undefined;
    const order = Array.from(scores.keys())
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, classifier.top);
    const explanation = await explain(
      adapter,
      input,
      order.map((i) => classTarget(i, { label: classifier.classes[i] })),
      {
        method: options.method,
        counterfactual: options.counterfactual,
        guided: options.guided,
        outputSize: [image.height, image.width],
      },
    );
    return {
      kind: 'classes',
      panels: explanation.maps.map((m, k) => ({
        label: classifier.classes[order[k]],
        map: m.map,
        score: scores[order[k]],
        probability: probabilities?.[order[k]],
        ...guidedImages(m),
      })),
      layer: explanation.layers.join(', '),
      method: explanation.method,
      counterfactual: explanation.counterfactual,
      backend: explanation.backend,
      timeMs: performance.now() - started,
    };
  } finally {
    input.dispose();
  }
}
