import * as tf from '@tensorflow/tfjs-core';
import { questionMask, scoresFromEmbeddings } from '../model/answer-scores';
import type { VqaModel } from '../model/vqa-model';

/** How much one question word mattered for one answer. */
export interface WordImportance {
  word: string;
  /**
   * The headline: gradient x embedding, summed over the embedding (`sum_d dy/de_d * e_d`), the
   * first-order change of the answer's score if the word's embedding were scaled to zero. Signed:
   * positive words speak for the answer, negative ones against it (negated, like the maps, for
   * counterfactual explanations).
   */
  score: number;
  /** `||dy/de||_2`: how sensitive the score is to the word at all, whatever the direction. Unsigned. */
  gradientNorm: number;
  /** False for a word outside the vocabulary (it was read as `<unk>`). */
  known: boolean;
}

/**
 * For each answer (rows of one backward pass, like the engine's), the gradient of its score with
 * respect to every word's embedding, reduced to one score per word: gradient x embedding summed
 * (`score`) and the gradient's L2 norm (`gradientNorm`). `imageFeatures` is the encoder's output
 * for one image (batch 1); `tokens` the word ids of one question.
 */
export function wordImportances(
  model: VqaModel,
  imageFeatures: tf.Tensor,
  tokens: number[],
  answers: number[],
  counterfactual = false,
): { score: Float32Array[]; gradientNorm: Float32Array[] } {
  const k = answers.length;
  const { products, norms } = tf.tidy(() => {
    const features = tf.tile(imageFeatures, [k, ...imageFeatures.shape.slice(1).map(() => 1)]);
    const ids = tf.tile(tf.tensor2d([tokens], undefined, 'int32'), [k, 1]) as tf.Tensor2D;
    const embeddings = model.embedQuestion(ids);
    const mask = questionMask(ids);
    // Row r's answer only: rows are independent, so row r of the gradient is d(score of answer r).
    const pick = tf.oneHot(tf.tensor1d(answers, 'int32'), model.answerVocabulary.size).cast('float32');
    const score = (e: tf.Tensor) =>
      scoresFromEmbeddings(model, features, e as tf.Tensor3D, mask)
        .mul(pick)
        .sum();
    const gradient = tf.grad(score)(embeddings);
    const signed = gradient.mul(embeddings).sum(2);
    return { products: counterfactual ? signed.neg() : signed, norms: gradient.square().sum(2).sqrt() };
  });
  const perRow = (t: tf.Tensor) => {
    const data = t.dataSync() as Float32Array;
    t.dispose();
    return answers.map((_, r) => data.slice(r * tokens.length, (r + 1) * tokens.length));
  };
  return { score: perRow(products), gradientNorm: perRow(norms) };
}
