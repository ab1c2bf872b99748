import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { ReferenceVqaModel } from '../model/reference-vqa';
import { ENCODER_DIR, makeVqaJson, VQA_JSON, VQA_WEIGHTS } from './vqa-json';

/**
 * Saves a reference VQA model as a folder: `vqa.json` (config, vocabularies, weight manifest),
 * `vqa-weights.bin` (the head) and `encoder/` (the image encoder as a TF.js LayersModel).
 */
export async function saveVqaModel(model: ReferenceVqaModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.encoder.save(fileSystemSaver(join(dir, ENCODER_DIR)));
  const { data, specs } = await tf.io.encodeWeights(model.weights);
  const json = makeVqaJson({
    config: model.config,
    questionVocabulary: model.questionVocabulary.toJSON(),
    answers: model.answerVocabulary.toJSON(),
    metadata: model.metadata,
    specs,
  });
  await writeFile(join(dir, VQA_WEIGHTS), new Uint8Array(data));
  await writeFile(join(dir, VQA_JSON), `${JSON.stringify(json, null, 2)}\n`);
}
