import { loadModel } from '@gradcam/tfjs';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CLASSIFIER_INFO_FILE, type ClassifierInfo } from './classifier-info';
import { committedModelDir, readModelInfo } from './committed-dir';

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
  const info = await readModelInfo<ClassifierInfo>(dir, CLASSIFIER_INFO_FILE);
  const loaded = await loadModel(dir);
  if (loaded.kind !== 'layers') {
    loaded.model.dispose();
    throw new Error(`${dir} holds a GraphModel, not the classifier's LayersModel`);
  }
  return { model: loaded.model, info, dir };
}
