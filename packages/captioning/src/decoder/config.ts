import { GradcamError } from '@gradcam/core';

/**
 * `show-and-tell`: the pooled image features, projected, are the LSTM's first input (Vinyals et
 * al. 2015). `show-attend-tell`: every step attends over the spatial feature map with additive
 * (Bahdanau) attention and reads its weighted sum (Xu et al. 2015, soft attention).
 */
export type DecoderKind = 'show-and-tell' | 'show-attend-tell';
export const DECODER_KINDS: readonly DecoderKind[] = ['show-and-tell', 'show-attend-tell'];

/** Everything that fixes the decoder's weight shapes; saved in captioner.json. */
export interface DecoderConfig {
  kind: DecoderKind;
  vocabularySize: number;
  /** Channels of the encoder's output features. */
  featureChannels: number;
  embedSize: number;
  hiddenSize: number;
  /** Width of the attention's hidden layer (`show-attend-tell` only). */
  attentionSize?: number;
}

/** The shape of each named weight. LSTM kernels take `[input, h]` and give gates i, f, g, o. */
export function weightShapes(config: DecoderConfig): Record<string, number[]> {
  const { vocabularySize: v, featureChannels: c, embedSize: e, hiddenSize: h } = config;
  if (config.kind === 'show-and-tell') {
    return {
      embedding: [v, e],
      imageKernel: [c, e],
      imageBias: [e],
      lstmKernel: [e + h, 4 * h],
      lstmBias: [4 * h],
      outputKernel: [h, v],
      outputBias: [v],
    };
  }
  const a = config.attentionSize ?? h;
  return {
    embedding: [v, e],
    initHKernel: [c, h],
    initHBias: [h],
    initCKernel: [c, h],
    initCBias: [h],
    attentionFeatureKernel: [c, a],
    attentionHiddenKernel: [h, a],
    attentionBias: [a],
    attentionScore: [a, 1],
    lstmKernel: [e + c + h, 4 * h],
    lstmBias: [4 * h],
    outputKernel: [h + c, v],
    outputBias: [v],
  };
}

export function validateDecoderConfig(config: DecoderConfig): void {
  if (!DECODER_KINDS.includes(config.kind)) {
    throw new GradcamError(`unknown decoder kind '${config.kind}'; known: ${DECODER_KINDS.join(', ')}`);
  }
  const sizes: [string, number | undefined][] = [
    ['vocabularySize', config.vocabularySize],
    ['featureChannels', config.featureChannels],
    ['embedSize', config.embedSize],
    ['hiddenSize', config.hiddenSize],
  ];
  if (config.kind === 'show-attend-tell')
    sizes.push(['attentionSize', config.attentionSize ?? config.hiddenSize]);
  for (const [name, value] of sizes) {
    if (!(Number.isInteger(value) && (value as number) > 0)) {
      throw new GradcamError(`decoder ${name} must be a positive integer, got ${value}`);
    }
  }
}
