import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GradcamError } from '@gradcam/core';

/** The model types this package explains (their encoder cuts into patch tokens on a grid). */
export const SUPPORTED_MODEL_TYPES = ['vision-encoder-decoder'] as const;

/** What the explainer needs to know about a transformers.js model folder. */
export interface ModelDir {
  dir: string;
  /** config.json as read. */
  config: Record<string, any>;
  /** Patch grid `[rows, cols]`: image_size / patch_size of the encoder's config. */
  grid: [number, number];
  /** The image side(s) the encoder takes, `[height, width]`. */
  imageSize: [number, number];
  encoderFile: string;
  /**
   * The decoder graph imported for gradients: `decoder_model.onnx` (the whole sequence at once),
   * else `decoder_model_merged.onnx` fed empty past keys and values.
   */
  decoderFile: string;
  decoderHasPast: boolean;
  /** Start token of the decoder, and the end token. */
  startToken: number;
  endToken: number;
}

const REQUIRED = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];

function pair(v: unknown, what: string, dir: string): [number, number] {
  if (typeof v === 'number' && v > 0) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && x > 0))
    return [v[0], v[1]];
  throw new GradcamError(
    `config.json in ${dir}: the encoder's ${what} is ${JSON.stringify(v)}; a number (or [height, width]) is needed ` +
      'to reshape patch tokens to the patch grid',
  );
}

function firstNumber(...values: unknown[]): number | undefined {
  for (const v of values) {
    if (typeof v === 'number') return v;
    if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  }
  return undefined;
}

/**
 * Checks a transformers.js model folder before anything is loaded: the files transformers.js and
 * the importer read, the model type, and the encoder's patch grid. Each problem is named with
 * its fix.
 */
export function readModelDir(dir: string): ModelDir {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new GradcamError(
      `model folder ${dir} does not exist: give a local folder in the layout transformers.js reads ` +
        '(config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json, onnx/encoder_model.onnx, onnx/decoder_model_merged.onnx)',
    );
  }
  const missing = REQUIRED.filter((f) => !existsSync(join(dir, f)));
  const onnx = (name: string) => join(dir, 'onnx', `${name}.onnx`);
  if (!existsSync(onnx('encoder_model'))) missing.push('onnx/encoder_model.onnx');
  const merged = existsSync(onnx('decoder_model_merged'));
  const whole = existsSync(onnx('decoder_model'));
  if (!merged) missing.push('onnx/decoder_model_merged.onnx (transformers.js generates with it)');
  if (missing.length > 0) {
    throw new GradcamError(
      `model folder ${dir} lacks ${missing.join(', ')}. Gradients need the fp32 ONNX files (not only *_quantized.onnx); ` +
        'export the model with optimum (task image-to-text-with-past) or copy the files from the model repository',
    );
  }
  let config: Record<string, any>;
  try {
    config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch (error) {
    throw new GradcamError(`config.json in ${dir} is not valid JSON: ${(error as Error).message}`);
  }
  const type = config.model_type;
  if (!SUPPORTED_MODEL_TYPES.includes(type)) {
    throw new GradcamError(
      `model_type '${type}' in ${join(dir, 'config.json')} is not supported: @gradcam/transformers explains ` +
        `${SUPPORTED_MODEL_TYPES.join(', ')} captioners (a ViT-style encoder of image patches and a text decoder, ` +
        'such as ViT-GPT2 image captioning)',
    );
  }
  const encoder = config.encoder ?? {};
  const imageSize = pair(encoder.image_size, 'image_size', dir);
  const patchSize = pair(encoder.patch_size, 'patch_size', dir);
  if (imageSize[0] % patchSize[0] !== 0 || imageSize[1] % patchSize[1] !== 0) {
    throw new GradcamError(
      `config.json in ${dir}: image_size ${imageSize.join('x')} is not a whole number of ${patchSize.join('x')} patches`,
    );
  }
  const decoder = config.decoder ?? {};
  const startToken = firstNumber(
    config.decoder_start_token_id,
    decoder.decoder_start_token_id,
    decoder.bos_token_id,
  );
  const endToken = firstNumber(config.eos_token_id, decoder.eos_token_id);
  if (startToken === undefined || endToken === undefined) {
    throw new GradcamError(
      `config.json in ${dir} names no ${startToken === undefined ? 'decoder_start_token_id (or decoder.bos_token_id)' : 'eos_token_id'}: ` +
        'teacher forcing needs the start and end tokens',
    );
  }
  return {
    dir,
    config,
    grid: [imageSize[0] / patchSize[0], imageSize[1] / patchSize[1]],
    imageSize,
    encoderFile: onnx('encoder_model'),
    decoderFile: whole ? onnx('decoder_model') : onnx('decoder_model_merged'),
    decoderHasPast: !whole,
    startToken,
    endToken,
  };
}
