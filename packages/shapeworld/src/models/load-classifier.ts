import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel } from '@gradcam/tfjs';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CLASSIFIER_INFO_FILE, type ClassifierInfo } from './classifier-info';
import { committedModelDir } from './committed-dir';

export interface LoadedClassifier {
  model: LayersModel;
  info: ClassifierInfo;
  dir: string;
}

/** Where the committed classifier is: `models/classifier/` of the package. */
export function committedClassifierDir(): string {
  return committedModelDir('classifier', 'model.json', 'classifier');
}

/** The trained classifier and its classifier.json, from `dir` or the weights committed with the package. */
export async function loadClassifier(dir = committedClassifierDir()): Promise<LoadedClassifier> {
  const loaded = await loadModel(dir);
  if (loaded.kind !== 'layers')
    throw new Error(`${dir} holds a GraphModel, not the classifier's LayersModel`);
  const info = JSON.parse(await readFile(join(dir, CLASSIFIER_INFO_FILE), 'utf8')) as ClassifierInfo;
  return { model: loaded.model, info, dir };
}
