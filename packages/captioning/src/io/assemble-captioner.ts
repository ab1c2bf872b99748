import { GradcamError } from '@gradcam/core';
import { checkShardBytes } from '@gradcam/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type Captioner, createCaptioner } from '../captioner';
import { type DecoderWeights, weightsFromTensors } from '../decoder/weights';
import { Vocabulary } from '../vocabulary';
import type { CaptionerFile } from './captioner-file';

/**
 * The decoder's tensors from a TF.js weights manifest, its shards read by `readShard` (a file
 * read or a fetch, given the shard's path as the manifest names it) and concatenated in order.
 */
export async function decodeManifestWeights(
  manifest: tf.io.WeightsManifestConfig,
  readShard: (path: string) => Promise<Uint8Array>,
  where: string,
): Promise<tf.NamedTensorMap> {
  const specs = manifest.flatMap((group) => group.weights);
  const shards: Uint8Array[] = [];
  for (const group of manifest) {
    const read = await Promise.all(group.paths.map(readShard));
    checkShardBytes(
      read.map((s, i) => ({ name: group.paths[i], bytes: s.byteLength })),
      group.weights,
      where,
    );
    shards.push(...read);
  }
  const bytes = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    bytes.set(shard, offset);
    offset += shard.byteLength;
  }
  return tf.io.decodeWeights(bytes.buffer, specs);
}

/**
 * The captioner from its parsed captioner.json (`where` names it in errors), its loaded encoder and
 * a function that reads the decoder's tensors, wherever they come from (files or HTTP). The
 * tensors read are disposed once copied into the decoder; on any failure the encoder is disposed
 * too, so a bad folder leaks nothing.
 */
export async function assembleCaptioner(
  file: CaptionerFile,
  where: string,
  encoder: LayersModel,
  readDecoderTensors: () => Promise<tf.NamedTensorMap>,
): Promise<Captioner> {
  let tensors: tf.NamedTensorMap | undefined;
  let weights: DecoderWeights | undefined;
  try {
    tensors = await readDecoderTensors();
    const vocabulary = new Vocabulary(file.vocabulary);
    if (vocabulary.size !== file.decoder.vocabularySize) {
      throw new GradcamError(
        `${where}: the vocabulary has ${vocabulary.size} tokens but the decoder was built for ${file.decoder.vocabularySize}`,
      );
    }
    weights = weightsFromTensors(file.decoder, tensors);
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
      throw new GradcamError(
        `${where}: the encoder gives ${captioner.decoder.config.featureChannels} channels, the decoder reads ${file.decoder.featureChannels}`,
      );
    }
    return captioner;
  } catch (error) {
    if (weights) tf.dispose(Object.values(weights));
    encoder.dispose();
    throw error;
  } finally {
    if (tensors) tf.dispose(Object.values(tensors));
  }
}
