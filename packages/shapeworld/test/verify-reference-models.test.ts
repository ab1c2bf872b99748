import { explainCaption } from '@gradcam/captioning';
import { selectBackend } from '@gradcam/core';
import { explainAnswer } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withHalvedGradient } from '../../core/test/helpers/broken-gradient';
import {
  generateScene,
  type LoadedCaptioner,
  type LoadedVqa,
  loadReferenceCaptioner,
  loadReferenceVqa,
  questionBalancer,
  questionsOf,
  sceneSeed,
  scenesToTensor,
  trainingCaption,
} from '../src/index';

/**
 * `verify` on the models trained in this repository: their heads (an attention LSTM decoder, an
 * attention VQA head) pass the gradient check on both backends, and a broken gradient in them
 * is caught. The largest error is read from the rejection a threshold no check can meet gives.
 */
let captioner: LoadedCaptioner;
let vqa: LoadedVqa;
const scene = generateScene(sceneSeed(4242, 0));

/** The worst relative error of a check, as the rejection of an impossible threshold states it. */
async function measured(run: (threshold: number) => Promise<unknown>): Promise<number> {
  const error = await run(1e-12).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  const match = error?.message.match(/differs from finite differences by ([\d.e+-]+)%/);
  if (!match) throw new Error(`no figure in ${error?.message}`);
  return Number(match[1]) / 100;
}

describe.each(['cpu', 'wasm'])('verify on the reference models, %s', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
    captioner ??= await loadReferenceCaptioner();
    vqa ??= await loadReferenceVqa();
  });

  it('the captioner: word maps of a caption pass; a halved Tanh gradient fails', async () => {
    const image = scenesToTensor([scene]);
    const caption = trainingCaption(scene).text;
    // Two words and the whole caption: the LSTM head is costly to evaluate 66 times per row on CPU.
    const words = [1, 2];
    const before = tf.memory().numTensors;
    await expect(
      explainCaption(captioner.model, image, { caption, words, verify: true }),
    ).resolves.toBeDefined();
    const worst = await measured((threshold) =>
      explainCaption(captioner.model, image, { caption, words, verify: { threshold } }),
    );
    console.log(`[verify noise] ${backend} captioner: max relative error ${worst.toExponential(2)}`);
    await expect(
      withHalvedGradient('Tanh', () =>
        explainCaption(captioner.model, image, { caption, words, verify: true }),
      ),
    ).rejects.toThrow(new RegExp(`gradient check failed at layer .* on backend '${backend}'`));
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  }, 300_000);

  it('the VQA model: the top answers of a question pass', async () => {
    const image = scenesToTensor([scene]);
    const [question] = questionsOf([scene], questionBalancer());
    const before = tf.memory().numTensors;
    await expect(
      explainAnswer(vqa.model, image, question.question.text, { top: 3, verify: true }),
    ).resolves.toBeDefined();
    const worst = await measured((threshold) =>
      explainAnswer(vqa.model, image, question.question.text, { top: 3, verify: { threshold } }),
    );
    console.log(`[verify noise] ${backend} vqa: max relative error ${worst.toExponential(2)}`);
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });
});
