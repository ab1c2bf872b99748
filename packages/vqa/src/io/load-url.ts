import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { fail } from '../errors';
import type { ReferenceVqaModel } from '../model/reference-vqa';
import { assembleVqaModel } from './assemble';
import { parseVqaJson, VQA_JSON } from './vqa-json';

export interface VqaUrlLoadOptions {
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

async function fetchOk(fetcher: typeof fetch, url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    return fail(`cannot fetch ${what} from ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) fail(`cannot fetch ${what} from ${url}: HTTP ${response.status}`);
  return response;
}

/**
 * A VQA model saved by `saveVqaModel`, over HTTP: the folder's absolute URL or its vqa.json. The
 * browser's counterpart of `loadVqaModel`; files are fetched relative to vqa.json.
 */
export async function loadVqaModelFromUrl(
  url: string,
  options: VqaUrlLoadOptions = {},
): Promise<ReferenceVqaModel> {
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url))
    fail(`the VQA model's URL must be absolute, got '${url}' (e.g. new URL(path, location.href).href)`);
  const jsonUrl = url.endsWith('.json') ? url : `${url.replace(/\/?$/, '/')}${VQA_JSON}`;
  const json = parseVqaJson(await (await fetchOk(fetcher, jsonUrl, VQA_JSON)).text(), jsonUrl);
  const encoderPath = json.encoder.endsWith('.json')
    ? json.encoder
    : `${json.encoder.replace(/\/?$/, '/')}model.json`;
  const encoderUrl = new URL(encoderPath, jsonUrl).href;
  let encoder: LayersModel;
  try {
    encoder = await loadLayersModel(tf.io.http(encoderUrl, { fetchFunc: fetcher }));
  } catch (error) {
    return fail(`cannot load the VQA image encoder from ${encoderUrl}: ${(error as Error).message}`);
  }
  let bytes: ArrayBuffer;
  try {
    const weightsUrl = new URL(json.weights.path, jsonUrl).href;
    bytes = await (await fetchOk(fetcher, weightsUrl, 'the VQA head weights')).arrayBuffer();
  } catch (error) {
    encoder.dispose();
    throw error;
  }
  return assembleVqaModel(json, encoder, bytes);
}
