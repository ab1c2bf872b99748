import * as tf from '@tensorflow/tfjs-core';
import { type Captioner, type DecoderKind, referenceCaptioner } from '../../src';

/** A ShapeWorld-like vocabulary: colours, shapes, relations. */
export const WORDS = [
  'a',
  'red',
  'blue',
  'green',
  'circle',
  'square',
  'triangle',
  'above',
  'below',
  'of',
  'the',
];

export const IMAGE_SIZE = 16;

/**
 * A tiny random captioner: two ReLU convolutions (16x16 -> 8x8 -> 4x4, the second named
 * `features`) and a small decoder of the given kind.
 */
export function tinyCaptioner(kind: DecoderKind = 'show-and-tell', seed = 1, sharpness = 3): Captioner {
  const captioner = referenceCaptioner({
    vocabulary: WORDS,
    kind,
    imageSize: [IMAGE_SIZE, IMAGE_SIZE],
    filters: [8, 12],
    embedSize: 12,
    hiddenSize: 16,
    attentionSize: 10,
    seed,
  });
  // Glorot-sized random weights give nearly uniform word distributions that barely depend on the
  // image; scaled up, they behave more like a trained model's (peaked, image-dependent), so that
  // gradients stand well above float32 rounding in finite-difference checks.
  for (const w of Object.values(captioner.decoder.weights)) {
    if (w.rank === 2) w.assign(tf.mul(w, sharpness) as tf.Tensor);
  }
  return captioner;
}

/**
 * Sets the output bias of `<end>`. A random decoder tends either to end at once or never; for
 * seed 5 these values give a mix of both over a dozen random images (-0.75 for Show and Tell,
 * 1.4 for Show, Attend and Tell), so that generation is tested on finished and cut captions.
 */
export function setEndBias(captioner: Captioner, bias: number): void {
  const b = captioner.decoder.weights.outputBias;
  const values = b.arraySync() as number[];
  values[captioner.vocabulary.end] = bias;
  const next = tf.tensor1d(values);
  b.assign(next);
  next.dispose();
}

export function randomImage(seed: number): tf.Tensor4D {
  return tf.randomUniform([1, IMAGE_SIZE, IMAGE_SIZE, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
}
