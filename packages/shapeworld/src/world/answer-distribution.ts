import { ANSWERS, QUESTION_TYPES, type Question, type QuestionType } from './questions';

export interface TypeDistribution {
  total: number;
  /** Count of every possible answer of the type, zeros included, in vocabulary order. */
  answers: Record<string, number>;
  /** The most frequent answer and its share: the accuracy of answering from the prior alone. */
  mostFrequent: { answer: string; share: number };
}

/** Answer counts per question type: the check that no type is answerable by its prior alone. */
export function answerDistribution(questions: readonly Question[]): Record<QuestionType, TypeDistribution> {
  const out = {} as Record<QuestionType, TypeDistribution>;
  for (const type of QUESTION_TYPES) {
    const answers: Record<string, number> = Object.fromEntries(ANSWERS[type].map((a) => [a, 0]));
    let total = 0;
    for (const q of questions) {
      if (q.type !== type) continue;
      answers[q.answer] = (answers[q.answer] ?? 0) + 1;
      total++;
    }
    let best = { answer: ANSWERS[type][0], share: 0 };
    for (const [answer, n] of Object.entries(answers)) {
      const share = total ? n / total : 0;
      if (share > best.share) best = { answer, share };
    }
    out[type] = { total, answers, mostFrequent: best };
  }
  return out;
}
