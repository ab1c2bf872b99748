/** Sizes of the tiny ViT-GPT2 captioner that the tests (and anyone trying the package) build. */
export interface TinyCaptionerOptions {
  /** Seed of every weight (same seed, same files). */
  seed?: number;
  /** Square image side and patch side; the patch grid is imageSize / patchSize per side. */
  imageSize?: number;
  patchSize?: number;
  /** Width of both encoder and decoder (equal, so no projection between them is needed). */
  hidden?: number;
  heads?: number;
  encoderLayers?: number;
  decoderLayers?: number;
  /** The words of the vocabulary, after `<|endoftext|>` (id 0) and `<unk>` (id 1). */
  words?: string[];
  /** Longest caption transformers.js generates, the start token included. */
  maxLength?: number;
  /**
   * ONNX operator set: 17 (LayerNormalization as one op) or 14 (written out, as older exports do);
   * the weights, and so the model, are the same.
   */
  opset?: 14 | 17;
}

// biome-ignore format: one vocabulary, kept compact
export const TINY_WORDS = [
  'a', 'an', 'the', 'red', 'green', 'blue', 'yellow', 'purple', 'white', 'black', 'small', 'large',
  'circle', 'square', 'triangle', 'star', 'cross', 'shape', 'shapes', 'above', 'below', 'left', 'right',
  'of', 'next', 'to', 'and', 'with', 'on', 'in', 'is', 'two', 'three', 'one', 'picture', 'image',
  'background', 'dark', 'bright', 'corner', 'center', 'top', 'bottom', 'near', 'far', 'big', 'tiny', 'round',
];

export type TinyCaptionerConfig = Required<TinyCaptionerOptions>;

export function tinyConfig(options: TinyCaptionerOptions = {}): TinyCaptionerConfig {
  const config: TinyCaptionerConfig = {
    seed: 7,
    imageSize: 32,
    patchSize: 8,
    hidden: 32,
    heads: 2,
    encoderLayers: 2,
    decoderLayers: 2,
    words: TINY_WORDS,
    maxLength: 12,
    opset: 17,
    ...options,
  };
  if (config.imageSize % config.patchSize !== 0) {
    throw new Error(`imageSize ${config.imageSize} is not a multiple of patchSize ${config.patchSize}`);
  }
  if (config.opset !== 14 && config.opset !== 17) {
    throw new Error(`opset ${config.opset}: the tiny captioner is written for opset 14 or 17`);
  }
  if (config.hidden % config.heads !== 0) {
    throw new Error(`hidden ${config.hidden} is not a multiple of heads ${config.heads}`);
  }
  return config;
}

/** `<|endoftext|>` (start, end and padding, as GPT-2 uses one token for all three), `<unk>`, the words. */
export const vocabularyOf = (config: TinyCaptionerConfig): string[] => [
  '<|endoftext|>',
  '<unk>',
  ...config.words,
];
