import { loadVqaModel, type ReferenceVqaModel, VQA_JSON } from '@gradcam/vqa';
import { committedModelDir, readModelInfo } from './committed-dir';
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
  const info = await readModelInfo<VqaInfo>(dir, VQA_INFO_FILE);
  const model = await loadVqaModel(dir);
  return { model, info, dir };
}
