import type { Random } from './random';

/** The part of a question the balancer needs. */
interface Answered {
  type: string;
  answer: string;
}

/**
 * Keeps the answers of every question type near-uniform over a stream of scenes, so that no type
 * can be answered from the question alone. For each type it remembers how often each answer was
 * given, and only gives an answer that is at most `slack` ahead of the rarest one; among those
 * the scene offers, the rarest wins. A type is skipped in a scene that can only over-serve.
 */
export class AnswerBalancer {
  private readonly counts = new Map<string, Map<string, number>>();

  /**
   * `answers`: every answer of every type (types not listed are balanced over the answers seen).
   * `slack`: how far an answer may run ahead of the rarest one.
   */
  constructor(
    private readonly answers: Readonly<Record<string, readonly string[]>> = {},
    readonly slack = 2,
  ) {}

  private countsOf(type: string): Map<string, number> {
    let counts = this.counts.get(type);
    if (!counts) {
      counts = new Map((this.answers[type] ?? []).map((a) => [a, 0]));
      this.counts.set(type, counts);
    }
    return counts;
  }

  /** Picks one of `candidates` (all of `type`) or none, and counts its answer. */
  pick<Q extends Answered>(type: string, candidates: readonly Q[], rng: Random): Q | undefined {
    if (candidates.length === 0) return undefined;
    const counts = this.countsOf(type);
    const byAnswer = new Map<string, Q[]>();
    for (const c of candidates) byAnswer.set(c.answer, [...(byAnswer.get(c.answer) ?? []), c]);
    const countOf = (a: string) => counts.get(a) ?? 0;
    const rarest = counts.size ? Math.min(...counts.values()) : 0;
    const allowed = [...byAnswer.keys()].filter((a) => countOf(a) <= rarest + this.slack);
    if (allowed.length === 0) return undefined;
    const least = Math.min(...allowed.map(countOf));
    const answer = rng.pick(allowed.filter((a) => countOf(a) === least).sort());
    counts.set(answer, countOf(answer) + 1);
    return rng.pick(byAnswer.get(answer)!);
  }

  /** How often each answer of `type` was given so far. */
  given(type: string): Record<string, number> {
    return Object.fromEntries(this.countsOf(type));
  }
}
