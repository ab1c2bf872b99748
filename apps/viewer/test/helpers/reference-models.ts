import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the viewer's build takes the models from (see scripts/static-assets.ts). */
export const MODELS_DIR =
  process.env.GRADCAM_VIEWER_MODELS ??
  fileURLToPath(new URL('../../../../packages/shapeworld/models/', import.meta.url));

export const CAPTIONER_DIR = join(MODELS_DIR, 'captioner');
export const VQA_DIR = join(MODELS_DIR, 'vqa');
export const HAVE_CAPTIONER = existsSync(join(CAPTIONER_DIR, 'captioner.json'));
export const HAVE_VQA = existsSync(join(VQA_DIR, 'vqa.json'));

/** Said in a test's name when its model is not in the repository (yet), so that a skip tells why. */
export const missing = (have: boolean, dir: string) => (have ? '' : ` (skipped: no trained model in ${dir})`);
