import { fail } from '../errors';
import { closest } from './edit-distance';

/** How many near answers an "unknown answer" error suggests. */
const SUGGESTIONS = 5;

/** Answers compare case- and spacing-insensitively ("Dark  Blue" is "dark blue"). */
export function normalizeAnswer(answer: string): string {
  return answer.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The fixed set of answers a classifier scores: answer `i` is output column `i`. */
export class AnswerVocabulary {
  readonly answers: readonly string[];
  private readonly index: Map<string, number>;

  constructor(answers: readonly string[]) {
    if (answers.length === 0) fail('an answer vocabulary needs at least one answer');
    this.answers = answers.map(normalizeAnswer);
    this.index = new Map(this.answers.map((a, i) => [a, i]));
    if (this.index.size !== this.answers.length) {
      const twice = this.answers.find((a, i) => this.answers.indexOf(a) !== i);
      fail(`the answer vocabulary lists '${twice}' twice`);
    }
  }

  get size(): number {
    return this.answers.length;
  }

  /** The column of `answer`, or -1. */
  indexOf(answer: string): number {
    return this.index.get(normalizeAnswer(answer)) ?? -1;
  }

  /**
   * The column of `answer`. An answer the model cannot give is an error that names the closest
   * ones it can (the original implementation silently explained the predicted answer instead).
   */
  resolve(answer: string): number {
    const i = this.indexOf(answer);
    if (i >= 0) return i;
    const near = closest(normalizeAnswer(answer), this.answers, SUGGESTIONS);
    return fail(
      `'${answer}' is not an answer this model knows (it has ${this.size}); closest: ${near.map((a) => `'${a}'`).join(', ')}`,
    );
  }

  toJSON(): string[] {
    return [...this.answers];
  }
}
