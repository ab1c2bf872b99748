// tfjs-core's main module first (through @gradcam/core): tfjs-layers and the engine share it.
import { explain, wordTarget } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Captioner,
  captionAdapter,
  DEFAULT_MAX_CAPTION_LENGTH,
  explainCaption,
  referenceCaptioner,
  scoreCaption,
} from '../src';
import { useWasm } from './helpers/setup';
import { IMAGE_SIZE, randomImage, tinyCaptioner, WORDS } from './helpers/tiny-captioner';

let captioner: Captioner;
let image: tf.Tensor4D;
beforeAll(async () => {
  await useWasm();
  captioner = tinyCaptioner('show-and-tell', 3);
  image = randomImage(7);
});
afterAll(() => {
  captioner.dispose();
  image.dispose();
});

/** Checks that `run` rejects (or throws) with `message`, and that it leaves no tensor behind. */
async function refuses(run: () => unknown, message: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  await expect(Promise.resolve().then(run)).rejects.toThrow(message);
  expect(tf.memory().numTensors).toBe(before);
}

const words = (n: number) => Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length]).join(' ');

describe('empty captions', () => {
  it.each(['', '   '])('explainCaption refuses %j, saying to give a word', async (caption) => {
    await refuses(
      () => explainCaption(captioner, image, { caption }),
      /has no words: give a caption with at least one word, or leave caption out/,
    );
  });

  it('captionAdapter refuses no tokens', async () => {
    await refuses(
      () => captionAdapter(captioner, { tokens: [] }),
      /the caption has no words to explain; give the token ids of at least one word/,
    );
  });

  it('scoreCaption refuses no tokens at all', async () => {
    await refuses(
      () => scoreCaption(captioner, image, [], { includeEnd: false }),
      /the caption has no tokens to score; give at least one word/,
    );
  });
});

describe('captions longer than the maximum', () => {
  it('defaults to 32 words, and a captioner can set its own', () => {
    expect(captioner.maxCaptionLength).toBe(DEFAULT_MAX_CAPTION_LENGTH);
    expect(DEFAULT_MAX_CAPTION_LENGTH).toBe(32);
    expect(() =>
      referenceCaptioner({ vocabulary: WORDS, imageSize: [IMAGE_SIZE, IMAGE_SIZE], maxCaptionLength: 0 }),
    ).toThrow(/maxCaptionLength must be a positive integer, got 0/);
  });

  it('explainCaption names the maximum and how to raise it', async () => {
    await refuses(
      () => explainCaption(captioner, image, { caption: words(33) }),
      /the caption has 33 words, more than the captioner's maximum caption length of 32; shorten the caption, or create the captioner with a larger maxCaptionLength/,
    );
    const short = referenceCaptioner({
      vocabulary: WORDS,
      imageSize: [IMAGE_SIZE, IMAGE_SIZE],
      filters: [4, 4],
      maxCaptionLength: 5,
    });
    await refuses(
      () => explainCaption(short, image, { caption: words(6) }),
      /the caption has 6 words, more than the captioner's maximum caption length of 5/,
    );
    const ok = await explainCaption(short, image, { caption: words(5) });
    expect(ok.words).toHaveLength(5);
    short.dispose();
  });

  it('captionAdapter and scoreCaption refuse them too', async () => {
    const ids = captioner.vocabulary.tokenize(words(40)).ids;
    await refuses(
      () => captionAdapter(captioner, { tokens: ids }),
      /the caption has 40 words, more than the captioner's maximum caption length of 32/,
    );
    await refuses(
      () => scoreCaption(captioner, image, ids),
      /the caption has 40 words, more than the captioner's maximum caption length of 32/,
    );
  });
});

describe('images of the wrong size or rank', () => {
  const cases: [string, number[], string][] = [
    ['rank 3', [16, 16, 3], '\\[16, 16, 3\\] \\(rank 3\\)'],
    ['a batch of two', [2, 16, 16, 3], '\\[2, 16, 16, 3\\] \\(rank 4\\)'],
    ['the wrong size', [1, 20, 16, 3], '\\[1, 20, 16, 3\\] \\(rank 4\\)'],
    ['the wrong channels', [1, 16, 16, 1], '\\[1, 16, 16, 1\\] \\(rank 4\\)'],
  ];
  it.each(cases)(
    'explainCaption refuses %s, with the expected [1, H, W, 3]',
    async (_, shape: number[], got) => {
      const bad = tf.zeros(shape) as unknown as tf.Tensor4D;
      await refuses(
        () => explainCaption(captioner, bad, { caption: 'a red circle' }),
        new RegExp(
          `the captioner takes one image \\[1, 16, 16, 3\\] \\(the encoder's input is \\[\\?, 16, 16, 3\\]\\), got a tensor of shape ${got}; resize the image to 16x16 with 3 channels`,
        ),
      );
      // Without a caption too: the image is checked before the model writes one.
      await refuses(() => explainCaption(captioner, bad), /the captioner takes one image \[1, 16, 16, 3\]/);
      bad.dispose();
    },
  );

  it('captionAdapter (through explain) and scoreCaption refuse the wrong size', async () => {
    const bad = tf.zeros([1, 12, 12, 3]) as tf.Tensor4D;
    const adapter = captionAdapter(captioner, { tokens: [4, 5] });
    await refuses(
      () => explain(adapter, bad, wordTarget(0)),
      /the captioner takes images \[batch, 16, 16, 3\] .*got a tensor of shape \[1, 12, 12, 3\]/,
    );
    await refuses(
      () => scoreCaption(captioner, bad, [4, 5]),
      /the captioner takes images \[batch, 16, 16, 3\] .*got a tensor of shape \[1, 12, 12, 3\]/,
    );
    bad.dispose();
  });
});
