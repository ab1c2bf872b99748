import type { Question, QuestionType } from '../world/questions';

/**
 * Answering from the question alone: the most frequent answer of each question text in a
 * training sample (falling back to its type's most frequent answer for texts never seen). The
 * baseline any VQA accuracy has to beat to show the model reads the image.
 */
export class QuestionPrior {
  private readonly byText = new Map<string, Map<string, number>>();
  private readonly byType = new Map<QuestionType, Map<string, number>>();

  constructor(questions: Iterable<Question>) {
    const add = <K>(map: Map<K, Map<string, number>>, key: K, answer: string) => {
      const counts = map.get(key) ?? new Map<string, number>();
      counts.set(answer, (counts.get(answer) ?? 0) + 1);
      map.set(key, counts);
    };
    for (const q of questions) {
      add(this.byText, q.text, q.answer);
      add(this.byType, q.type, q.answer);
    }
  }

  /** The prior's answer; ties go to the answer seen first. */
  answer(question: Question): string {
    const counts = this.byText.get(question.text) ?? this.byType.get(question.type);
    if (!counts) return '';
    let best = '';
    let most = -1;
    for (const [answer, n] of counts) {
      if (n > most) {
        best = answer;
        most = n;
      }
    }
    return best;
  }
}
