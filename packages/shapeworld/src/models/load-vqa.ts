import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadVqaModel, type ReferenceVqaModel, VQA_JSON } from '@gradcam/vqa';
import { committedModelDir } from './committed-dir';
import { VQA_INFO_FILE, type VqaInfo } from './vqa-info';

export interface LoadedVqa {
  model: ReferenceVqaModel;
  info: VqaInfo;
  dir: string;
}

/** Where the committed reference VQA model is: `models/vqa/` of the package. */
export function committedVqaDir(): string {
  return committedModelDir('vqa', VQA_JSON, 'VQA model');
}

/**
 * The trained reference VQA model (@gradcam/vqa's attention model over the shared encoder's
 * `features`) and its vqa-info.json, from `dir` or the committed weights. Input: scenes as
 * `scenesToTensor` makes them (RGB / 127.5 - 1); questions as askQuestions writes them.
 */
export async function loadReferenceVqa(dir = committedVqaDir()): Promise<LoadedVqa> {
  const model = await loadVqaModel(dir);
  const info = JSON.parse(await readFile(join(dir, VQA_INFO_FILE), 'utf8')) as VqaInfo;
  return { model, info, dir };
}
