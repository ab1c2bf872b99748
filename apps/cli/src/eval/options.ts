import { InvalidArgumentError } from 'commander';
import { listOf, methodList } from '../option-parsers';
import { EVAL_MODELS, type EvalModel } from './types';

/**
 * The default run: about 100 classifier targets, 300 caption words and 200 VQA answers (intervals
 * of about +-5 points on the pointing game), in about seven minutes for all three models on this
 * 2-core machine with other jobs running (measured: classifier 49 s, captioner 204 s at 60 scenes).
 */
export const DEFAULT_EVAL_SCENES = 60;

export function parseEvalModels(value: string, previous: EvalModel[] | undefined): EvalModel[] {
  return [...new Set(listOf<EvalModel>(EVAL_MODELS)(value, previous))];
}

export function parseMethods(value: string, previous: string[] | undefined): string[] {
  const methods = methodList(value, previous);
  if (methods.length === 0) throw new InvalidArgumentError('Expected at least one CAM method.');
  return methods;
}
