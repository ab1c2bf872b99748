import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequiredResource } from '../../../../packages/core/test/helpers/required-resource';

/** Where the viewer's build takes the models from (see scripts/static-assets.ts). */
export const MODELS_DIR =
  process.env.GRADCAM_VIEWER_MODELS ??
  fileURLToPath(new URL('../../../../packages/shapeworld/models/', import.meta.url));

export const CAPTIONER_DIR = join(MODELS_DIR, 'captioner');
export const VQA_DIR = join(MODELS_DIR, 'vqa');
export const HAVE_CAPTIONER = existsSync(join(CAPTIONER_DIR, 'captioner.json'));
export const HAVE_VQA = existsSync(join(VQA_DIR, 'vqa.json'));

// Committed models (or GRADCAM_VIEWER_MODELS): missing means a broken checkout or setting.
const committedModel = (what: string, dir: string, present: boolean): RequiredResource => ({
  name: `the ${what} (${dir})`,
  present,
  howToGet:
    'It is committed under packages/shapeworld/models; restore it (git checkout) or fix GRADCAM_VIEWER_MODELS.',
});
export const CAPTIONER_MODEL = committedModel('trained captioner', CAPTIONER_DIR, HAVE_CAPTIONER);
export const VQA_MODEL = committedModel('trained VQA model', VQA_DIR, HAVE_VQA);
