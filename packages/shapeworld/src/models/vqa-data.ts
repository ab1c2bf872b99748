import { PAD_ID, type QuestionVocabulary } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import type { AnswerBalancer } from '../world/answer-balancer';
import { askQuestions, type Question } from '../world/questions';
import type { Scene } from '../world/scene';

/** A question about scene `scene` of a batch (an index into the batch's scenes). */
export interface SceneQuestion {
  scene: number;
  question: Question;
}

/**
 * One question of every type each scene allows, answers balanced by `balancer` (share one across
 * a set, so each type's answers stay near-uniform over it and no type is answerable by a prior).
 */
export function questionsOf(scenes: readonly Scene[], balancer: AnswerBalancer): SceneQuestion[] {
  return scenes.flatMap((scene, i) =>
    askQuestions(scene, { balancer, perType: 1 }).map((question) => ({ scene: i, question })),
  );
}

/** Word ids `[n, longest]`, right-padded with `<pad>` (the LSTM skips padding). */
export function questionTokens(vocabulary: QuestionVocabulary, questions: readonly Question[]): tf.Tensor2D {
  const rows = questions.map((q) => {
    const { ids, unknownWords } = vocabulary.encode(q.text);
    if (unknownWords.length)
      throw new Error(`question '${q.text}' has words the model lacks: ${unknownWords.join(', ')}`);
    return ids;
  });
  const length = Math.max(...rows.map((r) => r.length));
  return tf.tensor2d(
    rows.map((r) => [...r, ...Array(length - r.length).fill(PAD_ID)]),
    [rows.length, length],
    'int32',
  );
}
