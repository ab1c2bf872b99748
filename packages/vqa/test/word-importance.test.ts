import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { questionMask, type ReferenceArchitecture, scoresFromEmbeddings, wordImportances } from '../src';
import { expectClose, roundingNoise } from './helpers/finite-differences';
import { useWasm } from './helpers/setup';
import { randomImage, tinyVqa } from './helpers/tiny-vqa';

const EPS = 1e-2;

beforeAll(useWasm);

describe('question-word importances', () => {
  for (const architecture of ['pooled', 'attention'] as ReferenceArchitecture[]) {
    it(`${architecture}: equal finite differences with respect to the word embeddings`, () => {
      const model = tinyVqa(architecture);
      const image = randomImage(21);
      const ids = model.questionVocabulary.encode('what color is the zigzag circle').ids;
      const answers = [0, 5, 9];
      const features = model.encoder.predict(image) as tf.Tensor;
      const got = wordImportances(model, features, ids, answers);

      // Independent of the code under test: scores of perturbed embeddings, forward only.
      const tokens = tf.tensor2d([ids], undefined, 'int32');
      const embeddings = model.embedQuestion(tokens);
      const mask = questionMask(tokens);
      const e = embeddings.arraySync()[0];
      const size = e[0].length;
      const scoreWith = (t: number, delta: number[], answer: number) =>
        tf.tidy(() => {
          const step = tf.buffer([1, ids.length, size]);
          delta.forEach((v, d) => {
            step.set(v, 0, t, d);
          });
          const scores = scoresFromEmbeddings(
            model,
            features,
            embeddings.add(step.toTensor()) as tf.Tensor3D,
            mask,
          );
          return scores.arraySync()[0][answer];
        });
      const zero = new Array(size).fill(0);
      // No ReLU lies between the embeddings and the scores (LSTM, tanh, products): plain central
      // differences apply everywhere.
      const central = (f: (sign: number) => number) => (f(1) - f(-1)) / (2 * EPS);
      for (const [k, answer] of answers.entries()) {
        const base = scoreWith(0, zero, answer);
        const noise = roundingNoise(Math.abs(base), EPS);
        // gradient x embedding of word t is the derivative along the word's own embedding:
        // d/da score(e_t + a e_t) at a = 0.
        const products: number[] = [];
        const norms: number[] = [];
        for (let t = 0; t < ids.length; t++) {
          const along = (sign: number) =>
            scoreWith(
              t,
              e[t].map((v) => sign * EPS * v),
              answer,
            );
          products.push(central(along));
          // The gradient itself, one embedding coordinate at a time, for its norm.
          const gradient = zero.map((_, d) => {
            const axis = (sign: number) =>
              scoreWith(
                t,
                zero.map((_, i) => (i === d ? sign * EPS : 0)),
                answer,
              );
            return central(axis);
          });
          norms.push(Math.hypot(...gradient));
        }
        expectClose(Array.from(got.score[k]), products, noise);
        expectClose(Array.from(got.gradientNorm[k]), norms, noise);
      }
      tf.dispose([image, features, tokens, embeddings, mask]);
      model.dispose();
    });
  }

  it('counterfactual importances are the negated ones; the gradient norm is the same', () => {
    const model = tinyVqa();
    const image = randomImage(22);
    const features = model.encoder.predict(image) as tf.Tensor;
    const ids = model.questionVocabulary.encode('how many circles are there').ids;
    const plain = wordImportances(model, features, ids, [2, 3]);
    const counter = wordImportances(model, features, ids, [2, 3], true);
    for (const k of [0, 1]) {
      expect(Array.from(counter.score[k])).toEqual(Array.from(plain.score[k], (v) => -v));
      expect(Array.from(counter.gradientNorm[k])).toEqual(Array.from(plain.gradientNorm[k]));
    }
    tf.dispose([image, features]);
    model.dispose();
  });
});
