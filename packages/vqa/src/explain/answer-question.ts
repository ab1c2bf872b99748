import * as tf from '@tensorflow/tfjs-core';
import { fail } from '../errors';
import { predictScores } from '../model/answer-scores';
import type { VqaModel } from '../model/vqa-model';
import { rankAnswers } from './answer-choice';
import type { AnswerScore } from './types';

export interface AnsweredQuestion {
  tokens: string[];
  unknownWords: string[];
  /** The `top` best answers, best first. */
  answers: AnswerScore[];
}

/** The model's answers to a question about one image `[H, W, C]` or `[1, H, W, C]`, without maps. */
export async function answerQuestion(
  model: VqaModel,
  image: tf.Tensor3D | tf.Tensor4D,
  question: string,
  options: { top?: number } = {},
): Promise<AnsweredQuestion> {
  const encoded = model.questionVocabulary.encode(question);
  if (encoded.ids.length === 0) fail(`the question '${question}' has no words`);
  const top = options.top ?? 1;
  if (!Number.isInteger(top) || top < 1) fail(`top must be a positive integer, got ${top}`);
  const scores = tf.tidy(() => {
    const batch = (image.rank === 3 ? image.expandDims(0) : image) as tf.Tensor4D;
    if (batch.shape[0] !== 1) fail(`answerQuestion takes one image, got a batch of ${batch.shape[0]}`);
    return predictScores(model, batch, tf.tensor2d([encoded.ids], undefined, 'int32'));
  });
  const values = (await scores.data()) as Float32Array;
  scores.dispose();
  const ranked = rankAnswers(values, model.answerVocabulary).sort((a, b) => a.rank - b.rank);
  return { tokens: encoded.words, unknownWords: encoded.unknownWords, answers: ranked.slice(0, top) };
}
