import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { GradcamError } from '@gradcam/core';
import type * as tf from '@tensorflow/tfjs-core';
import { checkShardBytes } from './shard-bytes';

type ModelJson = {
  modelTopology?: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: unknown;
  trainingConfig?: unknown;
};

/**
 * `dir` or a model JSON file to the model JSON path. A folder without `model.json` is accepted
 * when exactly one of its JSON files is a TF.js model (converters and exporters name it freely).
 */
export function modelJsonPath(path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw new GradcamError(`model not found: ${path} does not exist`);
  if (!statSync(full).isDirectory()) return full;
  const named = join(full, 'model.json');
  if (existsSync(named)) return named;
  return onlyModelJsonIn(full, path);
}

/** A JSON holding both a topology and a weights manifest is a TF.js model, not metadata or labels. */
function isModelJson(file: string): boolean {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as ModelJson;
    return json !== null && typeof json === 'object' && 'modelTopology' in json && 'weightsManifest' in json;
  } catch {
    return false;
  }
}

function onlyModelJsonIn(dir: string, shown: string): string {
  const jsons = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort();
  const models = jsons.filter((f) => isModelJson(join(dir, f)));
  if (models.length === 1) return join(dir, models[0] as string);
  if (models.length > 1) {
    throw new GradcamError(
      `${shown} holds ${models.length} TF.js model JSON files (${models.join(', ')}): pass the one to explain, e.g. --model ${join(shown, models[0] as string)}`,
    );
  }
  const seen =
    jsons.length > 0
      ? `its JSON files (${jsons.join(', ')}) have no modelTopology and weightsManifest`
      : 'it has no JSON file';
  throw new GradcamError(
    `no TF.js model in ${shown}: ${seen}; a TF.js model is a model JSON (modelTopology + weightsManifest) with weight shards: pass the folder that holds one, or its JSON file`,
  );
}

export async function readModelJson(path: string): Promise<ModelJson> {
  const file = modelJsonPath(path);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ModelJson;
  } catch (e) {
    throw new GradcamError(`${file} is not a TF.js model.json: ${(e as Error).message}`);
  }
}

/**
 * Loads a TF.js model (LayersModel or GraphModel) from disk with Node's file system: TF.js's own
 * `file://` handler lives in tfjs-node, which this project does not require.
 */
export function fileSystemLoader(path: string): tf.io.IOHandler {
  return {
    load: async () => {
      const file = modelJsonPath(path);
      const json = await readModelJson(file);
      const dir = dirname(file);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest ?? []) {
        specs.push(...group.weights);
        const groupStart = buffers.length;
        for (const shard of group.paths) {
          const shardPath = join(dir, shard);
          if (!existsSync(shardPath)) {
            throw new GradcamError(
              `weight shard '${shard}' named in ${file} is missing: expected it at ${shardPath}`,
            );
          }
          buffers.push(await readFile(shardPath));
        }
        const read = buffers.slice(groupStart).map((b, i) => ({ name: group.paths[i], bytes: b.byteLength }));
        checkShardBytes(read, group.weights, file);
      }
      const total = buffers.reduce((n, b) => n + b.byteLength, 0);
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const b of buffers) {
        weightData.set(b, offset);
        offset += b.byteLength;
      }
      return {
        modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: specs,
        weightData: weightData.buffer,
        signature: json.signature as tf.io.ModelArtifacts['signature'],
        userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
        modelInitializer: json.modelInitializer as tf.io.ModelArtifacts['modelInitializer'],
        trainingConfig: json.trainingConfig as tf.io.ModelArtifacts['trainingConfig'],
      };
    },
  };
}

/** Saves a model as `dir/model.json` plus one `weights.bin` shard, the layout TF.js reads. */
export function fileSystemSaver(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      await mkdir(dir, { recursive: true });
      const data = artifacts.weightData;
      const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
      const bytes = Buffer.concat(parts.map((p) => Buffer.from(p)));
      const json: ModelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        signature: artifacts.signature,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        modelInitializer: artifacts.modelInitializer,
        trainingConfig: artifacts.trainingConfig,
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      await writeFile(join(dir, 'weights.bin'), bytes);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: bytes.byteLength,
        },
      };
    },
  };
}
