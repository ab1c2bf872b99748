import { GradcamError } from '@gradcam/core';
import { type ClassScore, ranked } from './class-scores';

/**
 * Which classes to explain: one named class, the K best (K = 1 by default), or a list of named
 * classes (a `gradcam batch` manifest row's own targets).
 */
export type ClassChoice =
  | { kind: 'class'; index: number }
  | { kind: 'top'; k: number }
  | { kind: 'classes'; indices: readonly number[] };

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
  const outside = choice.kind === 'classes' ? choice.indices.filter((c) => c >= classes) : [];
  if (outside.length > 0) {
    throw new GradcamError(
      `class ${outside.join(', ')} is out of range: the model has ${classes} classes (0..${classes - 1})`,
    );
  }
}

/** The explained classes, best first for --top. */
export function chooseClasses(scores: readonly ClassScore[], choice: ClassChoice): ClassScore[] {
  assertChoiceFits(choice, scores.length);
  if (choice.kind === 'class') return [scores[choice.index]];
  if (choice.kind === 'classes') return choice.indices.map((c) => scores[c]);
  return ranked(scores).slice(0, choice.k);
}

export function describeChoice(choice: ClassChoice): string {
  if (choice.kind === 'class') return `class ${choice.index}`;
  if (choice.kind === 'classes') return `classes ${choice.indices.join(', ')}`;
  return choice.k === 1 ? 'the top class' : `the top ${choice.k} classes`;
}
