import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { Captioner } from '../captioner';
import { assembleCaptioner, decodeManifestWeights } from './assemble-captioner';
import { CAPTIONER_JSON, parseCaptionerFile } from './captioner-file';

export interface UrlLoadOptions {
  /** The fetch to use (default the global one), e.g. one that adds credentials. */
  fetch?: typeof fetch;
}

async function fetchOk(fetcher: typeof fetch, url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new GradcamError(`cannot fetch ${what} from ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new GradcamError(`cannot fetch ${what} from ${url}: HTTP ${response.status}`);
  return response;
}

async function fetchJson(fetcher: typeof fetch, url: string, what: string): Promise<unknown> {
  const text = await (await fetchOk(fetcher, url, what)).text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GradcamError(`${url} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The decoder's tensors from a weights manifest URL and the shards it names (relative to it). */
async function fetchWeights(fetcher: typeof fetch, manifestUrl: string): Promise<tf.NamedTensorMap> {
  const manifest = (await fetchJson(
    fetcher,
    manifestUrl,
    'the decoder weights manifest',
  )) as tf.io.WeightsManifestConfig;
  return decodeManifestWeights(
    manifest,
    async (path) => {
      const url = new URL(path, manifestUrl).href;
      return new Uint8Array(await (await fetchOk(fetcher, url, 'a decoder weight shard')).arrayBuffer());
    },
    manifestUrl,
  );
}

/**
 * A captioner saved by `saveCaptioner`, over HTTP: the folder's URL (absolute, e.g.
 * `https://host/models/captioner/`) or its captioner.json. The browser's counterpart of
 * `loadCaptioner`; files are fetched relative to captioner.json.
 */
export async function loadCaptionerFromUrl(url: string, options: UrlLoadOptions = {}): Promise<Captioner> {
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url))
    throw new GradcamError(
      `the captioner's URL must be absolute, got '${url}' (e.g. new URL(path, location.href).href)`,
    );
  const jsonUrl = url.endsWith('.json') ? url : `${url.replace(/\/?$/, '/')}${CAPTIONER_JSON}`;
  const file = parseCaptionerFile(
    await fetchJson(fetcher, jsonUrl, `${CAPTIONER_JSON} (the description of a saved captioner)`),
    jsonUrl,
  );
  const encoderUrl = new URL(file.encoder, jsonUrl).href;
  let encoder: Awaited<ReturnType<typeof loadLayersModel>>;
  try {
    encoder = await loadLayersModel(tf.io.http(encoderUrl, { fetchFunc: fetcher }));
  } catch (error) {
    throw new GradcamError(
      `cannot load the captioner's encoder from ${encoderUrl}: ${(error as Error).message}`,
    );
  }
  return assembleCaptioner(file, jsonUrl, encoder, () =>
    fetchWeights(fetcher, new URL(file.decoderWeights, jsonUrl).href),
  );
}
