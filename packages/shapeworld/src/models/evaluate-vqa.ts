import { scoresFromTokens, type VqaModel } from '@gradcam/vqa';
import * as tf from '@tensorflow/tfjs-core';
import { QUESTION_TYPES, type QuestionType } from '../world/questions';
import type { Scene } from '../world/scene';
import { scenesToTensor } from './classifier-data';
import type { QuestionPrior } from './question-prior';
import { questionTokens, type SceneQuestion } from './vqa-data';

export interface TypeAccuracy {
  questions: number;
  /** Share answered right by the model. */
  accuracy: number;
  /** Share answered right from the question alone (see QuestionPrior); absent without a prior. */
  prior?: number;
}

export interface VqaEvaluation {
  questions: number;
  accuracy: number;
  perType: Record<QuestionType, TypeAccuracy>;
  /** The model's answer to each question, in order. */
  answers: string[];
}

/**
 * The model's answer to each question (its top-scoring answer), scenes encoded once per batch.
 * `questions` must be in scene order (as `questionsOf` makes them).
 */
export function answerQuestions(
  model: VqaModel,
  scenes: readonly Scene[],
  questions: readonly SceneQuestion[],
  batchSize = 50,
): string[] {
  const answers: string[] = [];
  for (let start = 0; start < scenes.length; start += batchSize) {
    const batch = scenes.slice(start, start + batchSize);
    const asked = questions.filter((q) => q.scene >= start && q.scene < start + batch.length);
    if (asked.length === 0) continue;
    const best = tf.tidy(() => {
      const features = model.encoder.predict(scenesToTensor(batch)) as tf.Tensor;
      const rows = tf.gather(
        features,
        asked.map((q) => q.scene - start),
      );
      const tokens = questionTokens(
        model.questionVocabulary,
        asked.map((q) => q.question),
      );
      return scoresFromTokens(model, rows, tokens).argMax(1);
    });
    const ids = best.dataSync();
    best.dispose();
    ids.forEach((id) => {
      answers.push(model.answerVocabulary.answers[id]);
    });
  }
  return answers;
}

/** Accuracy overall and per question type, beside the accuracy of `prior` when given. */
export function evaluateVqa(
  model: VqaModel,
  scenes: readonly Scene[],
  questions: readonly SceneQuestion[],
  prior?: QuestionPrior,
): VqaEvaluation {
  // answerQuestions wants scene order; answers are reported in the order asked.
  const order = questions.map((_, i) => i).sort((a, b) => questions[a].scene - questions[b].scene || a - b);
  const sorted = answerQuestions(
    model,
    scenes,
    order.map((i) => questions[i]),
  );
  const answers: string[] = [];
  order.forEach((i, k) => {
    answers[i] = sorted[k];
  });
  const perType = Object.fromEntries(
    QUESTION_TYPES.map((t) => [t, { questions: 0, right: 0, priorRight: 0 }]),
  ) as Record<QuestionType, { questions: number; right: number; priorRight: number }>;
  questions.forEach(({ question }, i) => {
    const t = perType[question.type];
    t.questions++;
    if (answers[i] === question.answer) t.right++;
    if (prior && prior.answer(question) === question.answer) t.priorRight++;
  });
  const right = Object.values(perType).reduce((n, t) => n + t.right, 0);
  return {
    questions: questions.length,
    accuracy: questions.length ? right / questions.length : 0,
    perType: Object.fromEntries(
      QUESTION_TYPES.map((type) => {
        const t = perType[type];
        const share = (n: number) => (t.questions ? n / t.questions : 0);
        return [
          type,
          {
            questions: t.questions,
            accuracy: share(t.right),
            ...(prior ? { prior: share(t.priorRight) } : {}),
          },
        ];
      }),
    ) as Record<QuestionType, TypeAccuracy>,
    answers,
  };
}
