import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkShardBytes, loadModel } from '@gradcam/tfjs';
import { fail } from '../errors';
import type { ReferenceVqaModel } from '../model/reference-vqa';
import { assembleVqaModel } from './assemble';
import { parseVqaJson, VQA_JSON } from './vqa-json';

/** `dir` or `dir/vqa.json` to the vqa.json path, with an error that says what a model folder holds. */
function vqaJsonPath(path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) fail(`VQA model not found: ${path} does not exist`);
  const file = statSync(full).isDirectory() ? join(full, VQA_JSON) : full;
  if (!existsSync(file)) {
    const plain = existsSync(join(full, 'model.json'))
      ? ' (it holds a model.json: a plain TF.js model, not a VQA model)'
      : '';
    fail(`no ${VQA_JSON} in ${path}${plain}; a VQA model folder has vqa.json, vqa-weights.bin and encoder/`);
  }
  return file;
}

/** Loads a folder written by `saveVqaModel`. */
export async function loadVqaModel(path: string): Promise<ReferenceVqaModel> {
  const file = vqaJsonPath(path);
  const json = parseVqaJson(await readFile(file, 'utf8'), file);
  const dir = dirname(file);
  const weightsFile = join(dir, json.weights.path);
  if (!existsSync(weightsFile)) fail(`the VQA head weights ${weightsFile} named in ${file} are missing`);
  const loaded = await loadModel(join(dir, json.encoder));
  if (loaded.kind !== 'layers') {
    loaded.model.dispose();
    return fail(
      `the VQA image encoder in ${join(dir, json.encoder)} must be a LayersModel, not a GraphModel`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(weightsFile);
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
  try {
    checkShardBytes([{ name: json.weights.path, bytes: bytes.byteLength }], json.weights.specs, file);
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return assembleVqaModel(json, loaded.model, buffer);
}
