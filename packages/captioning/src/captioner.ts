import { GradcamError } from '@gradcam/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { DEFAULT_MAX_CAPTION_LENGTH } from './check-input';
import type { DecoderConfig, DecoderKind } from './decoder/config';
import { createDecoder } from './decoder/create-decoder';
import type { CaptionDecoder } from './decoder/decoder';
import type { DecoderWeights } from './decoder/weights';
import { Vocabulary } from './vocabulary';

/**
 * An image captioner: an encoder (any TF.js LayersModel from an image to features, spatial
 * `[batch, h, w, c]` or pooled `[batch, c]`) and a language model conditioned on its output.
 */
export interface Captioner {
  readonly encoder: LayersModel;
  readonly decoder: CaptionDecoder;
  readonly vocabulary: Vocabulary;
  /** `[height, width, channels]` of the encoder's input; null where the model accepts any size. */
  readonly imageShape: [number | null, number | null, number];
  /** Saved with the captioner, e.g. `preset`: the pixel normalisation the encoder was trained with. */
  readonly metadata: Record<string, unknown>;
  /**
   * The most words a caption may have (`<end>` not counted): longer captions given to
   * `explainCaption`, `captionAdapter` or `scoreCaption` are refused. Default 32.
   */
  readonly maxCaptionLength: number;
  /** Frees the encoder's and the decoder's weights. */
  dispose(): void;
}

/** The decoder's sizes; the kind defaults to `show-and-tell`. */
export interface DecoderOptions {
  kind?: DecoderKind;
  embedSize?: number;
  hiddenSize?: number;
  /** `show-attend-tell` only; default the hidden size. */
  attentionSize?: number;
}

export interface CaptionerOptions {
  encoder: LayersModel;
  vocabulary: Vocabulary | readonly string[];
  decoder?: DecoderOptions;
  /** Trained weights; fresh seeded ones when absent. */
  decoderWeights?: DecoderWeights;
  /** Seed of the fresh decoder weights (default 1). */
  seed?: number;
  metadata?: Record<string, unknown>;
  /**
   * The most words a caption may have (`<end>` not counted), a positive integer; default 32
   * (`DEFAULT_MAX_CAPTION_LENGTH`). Saved with the captioner.
   */
  maxCaptionLength?: number;
}

/** What the encoder takes and gives, checked once so that later errors cannot be about it. */
function encoderShapes(encoder: LayersModel) {
  if (encoder.inputs.length !== 1 || encoder.inputs[0].shape.length !== 4) {
    throw new GradcamError(
      `a captioner's encoder takes one image input [batch, h, w, channels]; this one takes ${encoder.inputs
        .map((i) => `[${i.shape.map((d) => d ?? 'batch').join(', ')}]`)
        .join(', ')}`,
    );
  }
  if (encoder.outputs.length !== 1) {
    throw new GradcamError(
      `a captioner's encoder has one output (the features); this one has ${encoder.outputs.length}`,
    );
  }
  const [, h, w, c] = encoder.inputs[0].shape;
  const output = encoder.outputs[0].shape;
  const channels = output[output.length - 1];
  if (channels === null || c === null || ![2, 4].includes(output.length)) {
    throw new GradcamError(
      `a captioner's encoder gives features [batch, h, w, c] or [batch, c] with known c; this one gives [${output.map((d) => d ?? '?').join(', ')}]`,
    );
  }
  return {
    imageShape: [h, w, c] as [number | null, number | null, number],
    channels,
    spatial: output.length === 4,
  };
}

/** A captioner from an encoder, a vocabulary and the decoder's sizes. */
export function createCaptioner(options: CaptionerOptions): Captioner {
  const { encoder } = options;
  const vocabulary =
    options.vocabulary instanceof Vocabulary ? options.vocabulary : new Vocabulary(options.vocabulary);
  const shapes = encoderShapes(encoder);
  const kind = options.decoder?.kind ?? 'show-and-tell';
  if (kind === 'show-attend-tell' && !shapes.spatial) {
    throw new GradcamError(
      "a 'show-attend-tell' decoder attends over a spatial feature map; the encoder must output [batch, h, w, c]",
    );
  }
  const hiddenSize = options.decoder?.hiddenSize ?? 64;
  const config: DecoderConfig = {
    kind,
    vocabularySize: vocabulary.size,
    featureChannels: shapes.channels,
    embedSize: options.decoder?.embedSize ?? 32,
    hiddenSize,
    ...(kind === 'show-attend-tell' ? { attentionSize: options.decoder?.attentionSize ?? hiddenSize } : {}),
  };
  const maxCaptionLength = options.maxCaptionLength ?? DEFAULT_MAX_CAPTION_LENGTH;
  if (!(Number.isInteger(maxCaptionLength) && maxCaptionLength >= 1)) {
    throw new GradcamError(`maxCaptionLength must be a positive integer, got ${maxCaptionLength}`);
  }
  const decoder = createDecoder(config, options.decoderWeights, { seed: options.seed });
  return {
    encoder,
    decoder,
    vocabulary,
    imageShape: shapes.imageShape,
    metadata: { ...(options.metadata ?? {}) },
    maxCaptionLength,
    dispose: () => {
      encoder.dispose();
      for (const w of Object.values(decoder.weights)) w.dispose();
    },
  };
}

/** The encoder's features of a batch of images (plain forward pass). */
export function encodeImages(captioner: Captioner, images: tf.Tensor4D): tf.Tensor {
  return captioner.encoder.predict(images) as tf.Tensor;
}
