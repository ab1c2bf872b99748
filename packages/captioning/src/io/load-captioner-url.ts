import { GradcamError } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { type Captioner, createCaptioner } from '../captioner';
import { weightsFromTensors } from '../decoder/weights';
import { Vocabulary } from '../vocabulary';
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
  const specs = manifest.flatMap((group) => group.weights);
  const shards = await Promise.all(
    manifest
      .flatMap((group) => group.paths)
      .map(async (path) => {
        const url = new URL(path, manifestUrl).href;
        return new Uint8Array(await (await fetchOk(fetcher, url, 'a decoder weight shard')).arrayBuffer());
      }),
  );
  const bytes = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    bytes.set(shard, offset);
    offset += shard.byteLength;
  }
  return tf.io.decodeWeights(bytes.buffer, specs);
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
      `loadCaptionerFromUrl needs an absolute URL, got '${url}' (e.g. new URL(path, location.href).href)`,
    );
  const jsonUrl = url.endsWith('.json') ? url : `${url.replace(/\/?$/, '/')}${CAPTIONER_JSON}`;
  const file = parseCaptionerFile(
    await fetchJson(fetcher, jsonUrl, `${CAPTIONER_JSON} (a folder saved by saveCaptioner)`),
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
  let tensors: tf.NamedTensorMap | undefined;
  try {
    tensors = await fetchWeights(fetcher, new URL(file.decoderWeights, jsonUrl).href);
    const vocabulary = new Vocabulary(file.vocabulary);
    if (vocabulary.size !== file.decoder.vocabularySize)
      throw new GradcamError(
        `${jsonUrl}: the vocabulary has ${vocabulary.size} tokens but the decoder was built for ${file.decoder.vocabularySize}`,
      );
    const weights = weightsFromTensors(file.decoder, tensors);
    const { kind, embedSize, hiddenSize, attentionSize } = file.decoder;
    const captioner = createCaptioner({
      encoder,
      vocabulary,
      decoder: { kind, embedSize, hiddenSize, attentionSize },
      decoderWeights: weights,
      metadata: file.metadata,
      maxCaptionLength: file.maxCaptionLength,
    });
    if (captioner.decoder.config.featureChannels !== file.decoder.featureChannels) {
      for (const w of Object.values(weights)) w.dispose();
      throw new GradcamError(
        `${jsonUrl}: the encoder gives ${captioner.decoder.config.featureChannels} channels, the decoder reads ${file.decoder.featureChannels}`,
      );
    }
    return captioner;
  } catch (error) {
    encoder.dispose();
    throw error;
  } finally {
    if (tensors) tf.dispose(Object.values(tensors));
  }
}
