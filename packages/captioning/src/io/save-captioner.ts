import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemSaver } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import {
  CAPTIONER_JSON,
  type CaptionerFile,
  DECODER_DIR,
  DECODER_MANIFEST,
  ENCODER_DIR,
  FORMAT,
  WEIGHTS_BIN,
} from './captioner-file';

/** Writes a captioner to a directory (created if needed): see captioner-file.ts for the layout. */
export async function saveCaptioner(captioner: Captioner, dir: string): Promise<void> {
  await mkdir(join(dir, DECODER_DIR), { recursive: true });
  await captioner.encoder.save(fileSystemSaver(join(dir, ENCODER_DIR)));
  const { data, specs } = await tf.io.encodeWeights(captioner.decoder.weights);
  const manifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_BIN], weights: specs }];
  await writeFile(join(dir, DECODER_DIR, WEIGHTS_BIN), Buffer.from(data));
  await writeFile(join(dir, DECODER_DIR, DECODER_MANIFEST), JSON.stringify(manifest, null, 1));
  const description: CaptionerFile = {
    format: FORMAT,
    version: 1,
    decoder: captioner.decoder.config,
    vocabulary: captioner.vocabulary.toJSON(),
    encoder: `${ENCODER_DIR}/model.json`,
    decoderWeights: `${DECODER_DIR}/${DECODER_MANIFEST}`,
    metadata: captioner.metadata,
    maxCaptionLength: captioner.maxCaptionLength,
  };
  await writeFile(join(dir, CAPTIONER_JSON), `${JSON.stringify(description, null, 2)}\n`);
}
