import { fail } from '../errors';
import type { AnswerVocabulary } from '../vocabulary/answer-vocabulary';
import type { AnswerScore } from './types';

/** Every answer's score, probability (softmax) and rank, in vocabulary order. */
export function rankAnswers(scores: Float32Array, vocabulary: AnswerVocabulary): AnswerScore[] {
  const max = Math.max(...scores);
  const exps = Array.from(scores, (s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  const rank = new Array<number>(scores.length);
  order.forEach((index, position) => {
    rank[index] = position + 1;
  });
  return Array.from(scores, (score, index) => ({
    answer: vocabulary.answers[index],
    index,
    score,
    probability: exps[index] / total,
    rank: rank[index],
  }));
}

/** The answers to explain: the named ones (each must be in the vocabulary), else the `top` best. */
export function chooseAnswers(
  ranked: AnswerScore[],
  vocabulary: AnswerVocabulary,
  choice: { answer?: string | string[]; top?: number },
): AnswerScore[] {
  if (choice.answer !== undefined && choice.top !== undefined) {
    fail('name answers or ask for the top k, not both');
  }
  if (choice.answer !== undefined) {
    const names = Array.isArray(choice.answer) ? choice.answer : [choice.answer];
    if (names.length === 0)
      fail('no answer named: give at least one, or leave `answer` out for the predicted one');
    const indices = [...new Set(names.map((a) => vocabulary.resolve(a)))];
    return indices.map((i) => ranked[i]);
  }
  const top = choice.top ?? 1;
  if (!Number.isInteger(top) || top < 1 || top > ranked.length) {
    fail(`top must be an integer from 1 to ${ranked.length} (the model's answers), got ${top}`);
  }
  return [...ranked].sort((a, b) => a.rank - b.rank).slice(0, top);
}
