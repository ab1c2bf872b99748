import * as shapeworld from '@gradcam/shapeworld';
import { captionerSubject } from './caption-subject';
import { classifierSubject } from './classifier-subject';
import type { EvalModel, EvalSubject } from './types';
import { vqaSubject } from './vqa-subject';

/**
 * Loads a model's committed weights and wraps it for the evaluation, or says why it cannot (the
 * captioner and the VQA model are trained separately and may not be committed yet).
 */
export async function loadSubject(model: EvalModel, seed: number): Promise<EvalSubject | string> {
  if (model === 'classifier')
    return wrap(await shapeworld.loadClassifier(), (m) => classifierSubject(m, seed));
  const missing = (error: unknown) =>
    `the reference ${model} could not be loaded (${(error as Error).message}); train it with 'pnpm train --only ${model}'`;
  try {
    if (model === 'captioner')
      return wrap(await shapeworld.loadReferenceCaptioner(), (m) => captionerSubject(m, seed));
    return wrap(await shapeworld.loadReferenceVqa(), (m) => vqaSubject(m, seed));
  } catch (error) {
    return missing(error);
  }
}

/** `make(loaded)`, disposing the loaded model when the subject cannot be made (e.g. no such layer). */
function wrap<L extends { model: { dispose(): void } }>(
  loaded: L,
  make: (loaded: L) => EvalSubject,
): EvalSubject {
  try {
    return make(loaded);
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}
