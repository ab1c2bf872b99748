import { GradcamError } from '@gradcam/core';
import { type ClassScore, ranked } from './class-scores';

/** Which classes to explain: one named class, or the K best (K = 1 by default). */
export type ClassChoice = { kind: 'class'; index: number } | { kind: 'top'; k: number };

/** Fails, with the numbers, when the choice asks for classes the model does not have. */
export function assertChoiceFits(choice: ClassChoice, classes: number): void {
  if (choice.kind === 'class' && choice.index >= classes) {
    throw new GradcamError(
      `--class ${choice.index} is out of range: the model has ${classes} classes (0..${classes - 1})`,
    );
  }
  if (choice.kind === 'top' && choice.k > classes) {
    throw new GradcamError(`--top ${choice.k} asks for more classes than the model has (${classes})`);
  }
}

/** The explained classes, best first for --top. */
export function chooseClasses(scores: readonly ClassScore[], choice: ClassChoice): ClassScore[] {
  assertChoiceFits(choice, scores.length);
  if (choice.kind === 'class') return [scores[choice.index]];
  return ranked(scores).slice(0, choice.k);
}

export function describeChoice(choice: ClassChoice): string {
  if (choice.kind === 'class') return `class ${choice.index}`;
  return choice.k === 1 ? 'the top class' : `the top ${choice.k} classes`;
}
