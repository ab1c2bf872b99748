import { CAPTIONER_JSON, type Captioner, loadCaptioner } from '@gradcam/captioning';
import { CAPTIONER_INFO_FILE, type CaptionerInfo } from './captioner-info';
import { committedModelDir, readModelInfo } from './committed-dir';

export interface LoadedCaptioner {
  model: Captioner;
  info: CaptionerInfo;
  dir: string;
}

/** Where the committed reference captioner is: `models/captioner/` of the package. */
export function committedCaptionerDir(): string {
  return committedModelDir('captioner', CAPTIONER_JSON, 'captioner');
}

/**
 * The trained reference captioner (a @gradcam/captioning Captioner: encoder with `features`,
 * Show-Attend-Tell decoder) and its captioner-info.json, from `dir` or the committed weights.
 * Input: scenes as `scenesToTensor` makes them (RGB / 127.5 - 1).
 */
export async function loadReferenceCaptioner(dir = committedCaptionerDir()): Promise<LoadedCaptioner> {
  const info = await readModelInfo<CaptionerInfo>(dir, CAPTIONER_INFO_FILE);
  const model = await loadCaptioner(dir);
  return { model, info, dir };
}
