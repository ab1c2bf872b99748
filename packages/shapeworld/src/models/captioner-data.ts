import { Vocabulary } from '@gradcam/captioning';
import * as tf from '@tensorflow/tfjs-core';
import type { Caption } from '../world/captions';
import { COLORS, SHAPES } from '../world/palette';
import type { Scene } from '../world/scene';
import { captionVocabulary } from '../world/vocabulary';
import { LinkedWords } from '../world/words';

/** The captioner's words: ShapeWorld's caption vocabulary (the captioning package adds its specials). */
export const captionerVocabulary = () => new Vocabulary(captionVocabulary());

/**
 * The one phrasing the reference captioner is taught: every object, in palette order (by colour,
 * then shape: COLORS and SHAPES), joined by "and": "a red circle and a blue square and a blue
 * cross". It is one of describeScene's phrasings (the one that relates no pair), chosen for what
 * soft attention over the encoder's grid can learn. Attention reads features, not coordinates, so
 * "the next object" must be found by content: "the next colour in palette order" is, "the next
 * object to the right" is not (reading order was tried: 47% precision after 120 steps), and a
 * random order is a coin toss no model can learn, which greedy decoding turns into repeats and
 * omissions. For the same reason the captioner states no spatial relations: it could only guess them.
 */
export function trainingCaption(scene: Scene): Caption {
  const rank = (i: number) =>
    COLORS.indexOf(scene.objects[i].color) * SHAPES.length + SHAPES.indexOf(scene.objects[i].shape);
  const order = scene.objects.map((_, i) => i).sort((a, b) => rank(a) - rank(b));
  const sentence = new LinkedWords();
  order.forEach((i, k) => {
    if (k > 0) sentence.plain('and');
    sentence
      .plain('a')
      .linked(scene.objects[i].color, 'color', [i])
      .linked(scene.objects[i].shape, 'shape', [i]);
  });
  return { text: sentence.text(), words: sentence.words, links: sentence.links };
}

/** Token ids `[n, longest + 1]`: each caption's words, `<end>`, then `<pad>`. */
export function captionTokens(vocabulary: Vocabulary, captions: readonly Caption[]): tf.Tensor2D {
  const rows = captions.map((c) => {
    const { ids, unknown } = vocabulary.tokenize(c.text);
    if (unknown.length)
      throw new Error(`caption '${c.text}' has words the captioner lacks: ${unknown.join(', ')}`);
    return [...ids, vocabulary.end];
  });
  const length = Math.max(...rows.map((r) => r.length));
  return tf.tensor2d(
    rows.map((r) => [...r, ...Array(length - r.length).fill(vocabulary.pad)]),
    [rows.length, length],
    'int32',
  );
}
