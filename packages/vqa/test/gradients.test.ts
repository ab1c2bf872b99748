import { answerTarget, explain } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAD_ID, predictScores, type ReferenceArchitecture, vqaAdapter } from '../src';
import { centralDifference, expectClose, roundingNoise } from './helpers/finite-differences';
import { useWasm } from './helpers/setup';
import { randomImage, tinyVqa } from './helpers/tiny-vqa';

const EPS = 1e-2;

beforeAll(useWasm);

/** Word ids of two questions, the second right-padded to the first's length. */
function twoQuestions(model: ReturnType<typeof tinyVqa>): tf.Tensor2D {
  const a = model.questionVocabulary.encode('what color is the circle').ids;
  const b = model.questionVocabulary.encode('what shape').ids;
  return tf.tensor2d([a, [...b, ...new Array(a.length - b.length).fill(PAD_ID)]], undefined, 'int32');
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe('answer-score gradients at the encoder cut', () => {
  const cases: [ReferenceArchitecture, string][] = [
    ['pooled', 'conv2'],
    ['pooled', 'conv1'],
    ['attention', 'conv2'],
    ['attention', 'conv1'],
  ];
  for (const [architecture, layer] of cases) {
    it(`${architecture} head, cut at ${layer}: equal central finite differences, row by row`, async () => {
      const model = tinyVqa(architecture);
      const images = randomImage(11, 2);
      const question = twoQuestions(model);
      const input = { image: images, question };
      const adapter = vqaAdapter(model, { layer });
      expect(adapter.layer).toBe(layer);

      // Body + head is the whole model, and each row is its own sample.
      const whole = predictScores(model, images, question);
      const { activations, context } = adapter.body(input);
      const cut = adapter.head(activations, context).answers;
      expect(maxAbsDiff(cut, whole)).toBeLessThan(1e-5);
      for (const s of [0, 1]) {
        const alone = predictScores(model, images.slice(s, 1), question.slice(s, 1));
        expect(maxAbsDiff(alone, whole.slice(s, 1))).toBeLessThan(1e-5);
        alone.dispose();
      }

      const answers = [1, 4];
      const pick = tf.oneHot(tf.tensor1d(answers, 'int32'), model.answerVocabulary.size);
      const gradient = tf.grad((a) =>
        adapter
          .head(a as tf.Tensor4D, context)
          .answers.mul(pick)
          .sum(),
      )(activations);
      const g = gradient.arraySync() as number[][][][];
      const scoresAt = (delta: tf.Tensor) =>
        tf.tidy(() => adapter.head(activations.add(delta) as tf.Tensor4D, context).answers.arraySync());
      const [batch, h, w, c] = activations.shape;
      const base = scoresAt(tf.zeros(activations.shape));
      const noise = roundingNoise(Math.max(...base.flat().map(Math.abs)), EPS);
      const ours: number[] = [];
      const fd: number[] = [];
      for (let s = 0; s < batch; s++) {
        for (const [i, j, k] of [
          [0, 0, 0],
          [1, 2, 3],
          [h - 1, w - 1, c - 1],
          [3, 4, 2],
          [h - 2, 1, 1],
          [2, 2, 0],
          [4, 0, 3],
        ]) {
          const one = tf.buffer([batch, h, w, c]);
          one.set(EPS, s, i, j, k);
          const step = one.toTensor();
          const plusRows = scoresAt(step);
          const plus = plusRows[s][answers[s]];
          const minus = scoresAt(step.neg())[s][answers[s]];
          step.dispose();
          // A step at sample s changes row s only.
          expect(plusRows[1 - s]).toEqual(base[1 - s]);
          const difference = centralDifference(plus, base[s][answers[s]], minus, EPS, noise);
          if (difference === undefined) continue;
          fd.push(difference);
          ours.push(g[s][i][j][k]);
        }
      }
      expect(fd.length).toBeGreaterThanOrEqual(8);
      expectClose(ours, fd, noise);

      // explain() reads the same gradient: its Grad-CAM weights are the gradient's spatial means.
      const result = await explain(adapter, input, [answerTarget(1)], { keepRaw: true });
      const single = tf.grad((a) =>
        adapter
          .head(a as tf.Tensor4D, context)
          .answers.slice([0, 1], [-1, 1])
          .sum(),
      )(activations);
      const means = single.mean([1, 2]).arraySync() as number[][];
      for (const m of result.maps) {
        const worst = Math.max(...Array.from(m.weights!, (v, k) => Math.abs(v - means[m.sample][k])));
        expect(worst).toBeLessThan(1e-6);
      }
      tf.dispose([
        images,
        question,
        whole,
        activations,
        cut,
        pick,
        gradient,
        single,
        ...Object.values(context),
      ]);
      model.dispose();
    });
  }

  it('padding is ignored: a padded question scores as the question alone', () => {
    const model = tinyVqa('attention');
    const image = randomImage(5);
    const ids = model.questionVocabulary.encode('what shape').ids;
    const alone = predictScores(model, image, tf.tensor2d([ids], undefined, 'int32'));
    const padded = predictScores(
      model,
      image,
      tf.tensor2d([[...ids, PAD_ID, PAD_ID, PAD_ID]], undefined, 'int32'),
    );
    expect(maxAbsDiff(alone, padded)).toBeLessThan(1e-6);
    tf.dispose([image, alone, padded]);
    model.dispose();
  });
});
