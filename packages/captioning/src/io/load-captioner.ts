import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { GradcamError } from '@gradcam/core';
import { loadModel } from '@gradcam/tfjs';
import type * as tf from '@tensorflow/tfjs-core';
import type { Captioner } from '../captioner';
import { assembleCaptioner, decodeManifestWeights } from './assemble-captioner';
import { CAPTIONER_JSON, parseCaptionerFile } from './captioner-file';

async function readJson(path: string, what: string): Promise<unknown> {
  if (!existsSync(path)) throw new GradcamError(`${what} not found: expected ${path}`);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new GradcamError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The decoder's tensors from a TF.js weights manifest and its shards, named relative to it. */
async function readWeights(manifestPath: string): Promise<tf.NamedTensorMap> {
  const manifest = (await readJson(
    manifestPath,
    'the decoder weights manifest',
  )) as tf.io.WeightsManifestConfig;
  return decodeManifestWeights(
    manifest,
    async (shard) => {
      const path = join(dirname(manifestPath), shard);
      if (!existsSync(path))
        throw new GradcamError(`decoder weight shard ${path} named in ${manifestPath} is missing`);
      return readFile(path);
    },
    manifestPath,
  );
}

/** A captioner saved by `saveCaptioner`: the directory, or its captioner.json. */
export async function loadCaptioner(path: string): Promise<Captioner> {
  const full = resolve(path);
  const jsonPath = full.endsWith('.json') ? full : join(full, CAPTIONER_JSON);
  if (!existsSync(full)) throw new GradcamError(`captioner not found: ${path} does not exist`);
  const dir = dirname(jsonPath);
  const file = parseCaptionerFile(
    await readJson(jsonPath, `${CAPTIONER_JSON} (the description of a saved captioner)`),
    jsonPath,
  );
  const loaded = await loadModel(join(dir, file.encoder));
  if (loaded.kind !== 'layers') {
    loaded.model.dispose();
    throw new GradcamError(`the encoder at ${join(dir, file.encoder)} must be a LayersModel`);
  }
  return assembleCaptioner(file, jsonPath, loaded.model, () => readWeights(join(dir, file.decoderWeights)));
}
