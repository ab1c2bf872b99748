import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CAPTIONER_JSON, type Captioner, loadCaptioner } from '@gradcam/captioning';
import { CAPTIONER_INFO_FILE, type CaptionerInfo } from './captioner-info';
import { committedModelDir } from './committed-dir';

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
  const model = await loadCaptioner(dir);
  const info = JSON.parse(await readFile(join(dir, CAPTIONER_INFO_FILE), 'utf8')) as CaptionerInfo;
  return { model, info, dir };
}
