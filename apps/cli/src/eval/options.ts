import { EVAL_MODELS, type EvalModel } from '@gradcam/eval';
import { InvalidArgumentError } from 'commander';
import { listOf, methodList } from '../option-parsers';

export function parseEvalModels(value: string, previous: EvalModel[] | undefined): EvalModel[] {
  return [...new Set(listOf<EvalModel>(EVAL_MODELS)(value, previous))];
}

export function parseMethods(value: string, previous: string[] | undefined): string[] {
  const methods = methodList(value, previous);
  if (methods.length === 0) throw new InvalidArgumentError('Expected at least one CAM method.');
  return methods;
}
