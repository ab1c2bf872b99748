import { PAD_ID, type QuestionVocabulary } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import type { AnswerBalancer } from '../world/answer-balancer';
import { askQuestions, type Question } from '../world/questions';
import type { Scene } from '../world/scene';
import { maskCellCounts } from './mask-cells';

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

/**
 * Where each question's answer is, on a `grid`x`grid` map of the image: the share of the
 * supporting objects' mask pixels in each cell (rows sum to 1), and 0 rows for questions whose
 * answer rests on no object ("no, there is none", a count of zero). What the attention is taught
 * to look at (see VqaTraining.attentionSupervision).
 */
export function attentionTargets(
  scenes: readonly Scene[],
  questions: readonly SceneQuestion[],
  grid: number,
): { targets: tf.Tensor2D; supervised: tf.Tensor1D } {
  const cells = grid * grid;
  const values = new Float32Array(questions.length * cells);
  const supervised = questions.map(({ scene: s, question }, row) => {
    const scene = scenes[s];
    let total = 0;
    for (const i of question.objects) {
      maskCellCounts(scene, i, grid).forEach((count, cell) => {
        values[row * cells + cell] += count;
        total += count;
      });
    }
    for (let k = 0; k < cells && total > 0; k++) values[row * cells + k] /= total;
    return total > 0 ? 1 : 0;
  });
  return {
    targets: tf.tensor2d(values, [questions.length, cells]),
    supervised: tf.tensor1d(supervised),
  };
}
