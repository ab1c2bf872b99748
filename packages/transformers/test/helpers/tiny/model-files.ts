import { type TinyCaptionerConfig, vocabularyOf } from './tiny-config';

/** The JSON files of a transformers.js vision-encoder-decoder folder, for the tiny captioner. */

const END = 0;

export function configJson(config: TinyCaptionerConfig): object {
  const { hidden, heads, imageSize, patchSize } = config;
  return {
    architectures: ['VisionEncoderDecoderModel'],
    model_type: 'vision-encoder-decoder',
    is_encoder_decoder: true,
    tie_word_embeddings: false,
    decoder_start_token_id: END,
    bos_token_id: END,
    eos_token_id: END,
    pad_token_id: END,
    encoder: {
      model_type: 'vit',
      hidden_size: hidden,
      num_hidden_layers: config.encoderLayers,
      num_attention_heads: heads,
      intermediate_size: 2 * hidden,
      hidden_act: 'gelu',
      image_size: imageSize,
      patch_size: patchSize,
      num_channels: 3,
      layer_norm_eps: 1e-12,
      qkv_bias: true,
    },
    decoder: {
      model_type: 'gpt2',
      vocab_size: vocabularyOf(config).length,
      n_embd: hidden,
      n_layer: config.decoderLayers,
      n_head: heads,
      n_positions: 2 * config.maxLength,
      n_inner: 4 * hidden,
      activation_function: 'gelu_new',
      layer_norm_epsilon: 1e-5,
      add_cross_attention: true,
      is_decoder: true,
      bos_token_id: END,
      eos_token_id: END,
      decoder_start_token_id: END,
    },
  };
}

export function generationConfigJson(config: TinyCaptionerConfig): object {
  return {
    decoder_start_token_id: END,
    bos_token_id: END,
    eos_token_id: END,
    pad_token_id: END,
    max_length: config.maxLength,
  };
}

/** ViT's processor: resize to the square input, scale to [0, 1], normalise with mean and std 0.5. */
export function preprocessorConfigJson(config: TinyCaptionerConfig): object {
  return {
    feature_extractor_type: 'ViTFeatureExtractor',
    image_processor_type: 'ViTImageProcessor',
    do_resize: true,
    size: { height: config.imageSize, width: config.imageSize },
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
  };
}

/**
 * A word-level tokenizer in the `tokenizers` JSON format: WordPiece over whole words (no
 * sub-words), whitespace pre-tokenizer, lowercasing; `<|endoftext|>` is the special start/end token.
 */
export function tokenizerJson(config: TinyCaptionerConfig): object {
  const vocabulary = vocabularyOf(config);
  const special = (id: number) => ({
    id,
    content: vocabulary[id],
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0), special(1)],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '<unk>',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((w, i) => [w, i])),
    },
  };
}

export function tokenizerConfigJson(config: TinyCaptionerConfig): object {
  return {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: '<|endoftext|>',
    eos_token: '<|endoftext|>',
    pad_token: '<|endoftext|>',
    unk_token: '<unk>',
    add_prefix_space: false,
    model_max_length: 2 * config.maxLength,
    clean_up_tokenization_spaces: true,
  };
}
