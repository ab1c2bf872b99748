import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '@gradcam/tfjs';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CLASSIFIER_INFO_FILE, type ClassifierInfo } from './classifier-info';

export interface LoadedClassifier {
  model: LayersModel;
  info: ClassifierInfo;
  dir: string;
}

/** This module's folder: from import.meta.url in ESM, __dirname in the CJS build. */
function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return typeof __dirname === 'string' ? __dirname : undefined;
  }
}

/**
 * Where the committed weights are: `models/classifier/` of the package, which is one folder up
 * from dist/index.js and two up from src/models/load-classifier.ts.
 */
export function committedClassifierDir(): string {
  const here = moduleDir();
  const candidates = here ? [join(here, '../models/classifier'), join(here, '../../models/classifier')] : [];
  const found = candidates.find((dir) => existsSync(join(dir, 'model.json')));
  if (!found)
    throw new Error(
      `the trained ShapeWorld classifier is missing (looked in ${candidates.join(', ') || 'no folder'}); run 'pnpm train'`,
    );
  return found;
}

/** The trained classifier and its classifier.json, from `dir` or the weights committed with the package. */
export async function loadClassifier(dir = committedClassifierDir()): Promise<LoadedClassifier> {
  const loaded = await loadModel(dir);
  if (loaded.kind !== 'layers')
    throw new Error(`${dir} holds a GraphModel, not the classifier's LayersModel`);
  const info = JSON.parse(await readFile(join(dir, CLASSIFIER_INFO_FILE), 'utf8')) as ClassifierInfo;
  return { model: loaded.model, info, dir };
}
