import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { GradcamError } from '@gradcam/core';
import { loadModel } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type Captioner, createCaptioner } from '../captioner';
import { weightsFromTensors } from '../decoder/weights';
import { Vocabulary } from '../vocabulary';
import { CAPTIONER_JSON, parseCaptionerFile } from './captioner-file';

async function readJson(path: string, what: string): Promise<unknown> {
  if (!existsSync(path)) throw new GradcamError(`${what} not found: expected ${path}`);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new GradcamError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The decoder's tensors from a TF.js weights manifest and its shards. */
async function readWeights(manifestPath: string): Promise<tf.NamedTensorMap> {
  const manifest = (await readJson(
    manifestPath,
    'the decoder weights manifest',
  )) as tf.io.WeightsManifestConfig;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shards: Buffer[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const shard of group.paths) {
      const path = join(dirname(manifestPath), shard);
      if (!existsSync(path))
        throw new GradcamError(`decoder weight shard ${path} named in ${manifestPath} is missing`);
      shards.push(await readFile(path));
    }
  }
  const bytes = Buffer.concat(shards);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.io.decodeWeights(buffer, specs);
}

/** A captioner saved by `saveCaptioner`: the directory, or its captioner.json. */
export async function loadCaptioner(path: string): Promise<Captioner> {
  const full = resolve(path);
  const jsonPath = full.endsWith('.json') ? full : join(full, CAPTIONER_JSON);
  if (!existsSync(full)) throw new GradcamError(`captioner not found: ${path} does not exist`);
  const dir = dirname(jsonPath);
  const file = parseCaptionerFile(
    await readJson(jsonPath, `${CAPTIONER_JSON} (a directory saved by saveCaptioner)`),
    jsonPath,
  );
  const loaded = await loadModel(join(dir, file.encoder));
  if (loaded.kind !== 'layers')
    throw new GradcamError(`the encoder at ${join(dir, file.encoder)} must be a LayersModel`);
  const tensors = await readWeights(join(dir, file.decoderWeights));
  try {
    const vocabulary = new Vocabulary(file.vocabulary);
    if (vocabulary.size !== file.decoder.vocabularySize) {
      throw new GradcamError(
        `${jsonPath}: the vocabulary has ${vocabulary.size} tokens but the decoder was built for ${file.decoder.vocabularySize}`,
      );
    }
    const weights = weightsFromTensors(file.decoder, tensors);
    const { kind, embedSize, hiddenSize, attentionSize } = file.decoder;
    const captioner = createCaptioner({
      encoder: loaded.model as LayersModel,
      vocabulary,
      decoder: { kind, embedSize, hiddenSize, attentionSize },
      decoderWeights: weights,
      metadata: file.metadata,
      maxCaptionLength: file.maxCaptionLength,
    });
    if (captioner.decoder.config.featureChannels !== file.decoder.featureChannels) {
      for (const w of Object.values(weights)) w.dispose();
      throw new GradcamError(
        `${jsonPath}: the encoder gives ${captioner.decoder.config.featureChannels} channels, the decoder reads ${file.decoder.featureChannels}`,
      );
    }
    return captioner;
  } catch (error) {
    loaded.model.dispose();
    throw error;
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
