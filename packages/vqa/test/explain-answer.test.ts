import { methodNames } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, explainAnswer, type ReferenceVqaModel } from '../src';
import { useWasm } from './helpers/setup';
import { IMAGE_SIZE, randomImage, tinyVqa } from './helpers/tiny-vqa';

const QUESTION = 'what color is the circle';

let model: ReferenceVqaModel;
let image: tf.Tensor4D;

beforeAll(async () => {
  await useWasm();
  model = tinyVqa('attention');
  image = randomImage(31);
});
afterAll(() => {
  image.dispose();
  model.dispose();
});

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('explainAnswer', () => {
  it('explains the predicted answer by default, with maps at the image size and one importance per word', async () => {
    const result = await explainAnswer(model, image, QUESTION);
    expect(result.answers).toHaveLength(1);
    const [a] = result.answers;
    expect(a.rank).toBe(1);
    expect(a.answer).toBe(result.predicted.answer);
    expect(a.index).toBe(model.answerVocabulary.indexOf(a.answer));
    expect(a.probability).toBeGreaterThan(0);
    expect([a.map.height, a.map.width]).toEqual([IMAGE_SIZE, IMAGE_SIZE]);
    expect([a.lowres.height, a.lowres.width]).toEqual([6, 6]);
    expect(Math.max(...a.map.data)).toBeLessThanOrEqual(1);
    expect(a.wordImportance.map((w) => w.word)).toEqual(['what', 'color', 'is', 'the', 'circle']);
    expect(result.tokens).toEqual(['what', 'color', 'is', 'the', 'circle']);
    expect(result.unknownWords).toEqual([]);
    expect(result).toMatchObject({ layer: 'conv2', method: 'gradcam', counterfactual: false });
    expect(result.wordImportanceMeasure).toBe('gradient x embedding');
  });

  it('top-k in one batched call equals explaining one answer at a time', async () => {
    const top = await explainAnswer(model, image, QUESTION, { top: 3 });
    expect(top.answers.map((a) => a.rank)).toEqual([1, 2, 3]);
    const answered = await answerQuestion(model, image, QUESTION, { top: 3 });
    expect(answered.answers.map((a) => a.answer)).toEqual(top.answers.map((a) => a.answer));
    for (const a of top.answers) {
      const [one] = (await explainAnswer(model, image, QUESTION, { answer: a.answer })).answers;
      expect(one.answer).toBe(a.answer);
      expect(one.score).toBeCloseTo(a.score, 5);
      expect(maxDiff(one.map.data, a.map.data)).toBeLessThan(1e-5);
      expect(maxDiff(one.lowres.data, a.lowres.data)).toBeLessThan(1e-5);
      expect(
        maxDiff(
          one.wordImportance.map((w) => w.score),
          a.wordImportance.map((w) => w.score),
        ),
      ).toBeLessThan(1e-6);
    }
  });

  it('explains any answers the user names, in their order, whatever the model predicts', async () => {
    const result = await explainAnswer(model, image, QUESTION, { answer: ['Yes', 'triangle'] });
    expect(result.answers.map((a) => a.answer)).toEqual(['yes', 'triangle']);
    expect(result.answers.map((a) => a.index)).toEqual([10, 6]);
  });

  it('an answer outside the vocabulary is an error listing the closest answers', async () => {
    await expect(explainAnswer(model, image, QUESTION, { answer: 'bleu' })).rejects.toThrow(
      /'bleu' is not an answer this model knows \(it has 12\); closest: 'blue', 'red'/,
    );
    await expect(explainAnswer(model, image, QUESTION, { answer: ['red', 'sqare'] })).rejects.toThrow(
      /closest: 'square'/,
    );
  });

  it('reports question words outside the vocabulary by name and reads them as <unk>', async () => {
    const result = await explainAnswer(model, image, 'What colour is the zigzag circle?');
    expect(result.tokens).toEqual(['what', 'colour', 'is', 'the', 'zigzag', 'circle']);
    expect(result.unknownWords).toEqual(['colour', 'zigzag']);
    const known = result.answers[0].wordImportance.map((w) => w.known);
    expect(known).toEqual([true, false, true, true, false, true]);
  });

  it('counterfactual weights are the negated ones, and so are the word importances', async () => {
    const options = { answer: ['red', 'circle'], keepRaw: true };
    const plain = await explainAnswer(model, image, QUESTION, options);
    const counter = await explainAnswer(model, image, QUESTION, { ...options, counterfactual: true });
    expect(counter.counterfactual).toBe(true);
    for (const [k, a] of plain.answers.entries()) {
      const c = counter.answers[k];
      expect(Array.from(c.weights!)).toEqual(Array.from(a.weights!, (v) => -v));
      expect(c.wordImportance.map((w) => w.score)).toEqual(a.wordImportance.map((w) => -w.score));
      expect(c.score).toBe(a.score);
    }
  });

  it('any CAM method and any encoder layer', async () => {
    for (const method of methodNames()) {
      const result = await explainAnswer(model, image, QUESTION, { method, layer: 'conv1', top: 2 });
      expect(result.method).toBe(method);
      expect(result.layer).toBe('conv1');
      for (const a of result.answers) {
        expect([a.lowres.height, a.lowres.width]).toEqual([IMAGE_SIZE, IMAGE_SIZE]);
        expect(a.map.data.every(Number.isFinite)).toBe(true);
      }
    }
    await expect(explainAnswer(model, image, QUESTION, { layer: 'conv9' })).rejects.toThrow(
      /unknown layer 'conv9'; explainable layers: conv1 .*, conv2/,
    );
  });

  it('guided Grad-CAM runs through the whole VQA model', async () => {
    const result = await explainAnswer(model, image, QUESTION, { guided: true });
    const { guided, guidedGradCam } = result.answers[0];
    expect(guided).toMatchObject({ width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 3 });
    expect(guidedGradCam?.data.some((v) => v !== 0)).toBe(true);
  });

  it('leaves the number of tensors as it found it', async () => {
    await explainAnswer(model, image, QUESTION); // warm-up: backends allocate some tensors once
    const before = tf.memory().numTensors;
    await explainAnswer(model, image, QUESTION, { top: 3 });
    await explainAnswer(model, image, 'what colour', { answer: 'red', counterfactual: true, keepRaw: true });
    const unbatched = image.squeeze([0]) as tf.Tensor3D;
    await explainAnswer(model, unbatched, QUESTION, { method: 'scorecam', guided: true });
    unbatched.dispose();
    await expect(explainAnswer(model, image, QUESTION, { answer: 'bleu' })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says what is wrong with the request', async () => {
    await expect(explainAnswer(model, image, QUESTION, { answer: 'red', top: 2 })).rejects.toThrow(
      'name answers or ask for the top k, not both',
    );
    await expect(explainAnswer(model, image, '?!', {})).rejects.toThrow("the question '?!' has no words");
    await expect(explainAnswer(model, image, QUESTION, { top: 13 })).rejects.toThrow(
      'top must be an integer from 1 to 12',
    );
    const two = randomImage(1, 2);
    await expect(explainAnswer(model, two, QUESTION)).rejects.toThrow(
      'one image at a time, got a batch of 2',
    );
    two.dispose();
  });
});
