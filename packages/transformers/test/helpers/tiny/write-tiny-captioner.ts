import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeModel } from '@gradcam/onnx';
import { gpt2Decoder } from './gpt2-decoder';
import {
  configJson,
  generationConfigJson,
  preprocessorConfigJson,
  tokenizerConfigJson,
  tokenizerJson,
} from './model-files';
import { Random } from './random';
import { type TinyCaptionerOptions, tinyConfig } from './tiny-config';
import { vitEncoder } from './vit-encoder';

/** The ONNX files transformers.js reads: fp32 (v3's default) and `_quantized` (v2's default name, same bytes). */
const ONNX_FILES = ['encoder_model', 'decoder_model', 'decoder_model_merged'] as const;

/**
 * Writes a tiny ViT-GPT2 captioner with seeded random weights in the folder layout transformers.js
 * loads offline (config, generation and preprocessor configs, tokenizer, `onnx/*.onnx`). It
 * captions nonsense, but every part is real: transformers.js generates with it, and
 * `explainImageCaption` explains it. Returns `dir`.
 */
export async function writeTinyCaptioner(dir: string, options: TinyCaptionerOptions = {}): Promise<string> {
  const config = tinyConfig(options);
  const graphs = {
    encoder_model: vitEncoder(config, new Random(config.seed)),
    // Both decoders draw the same weights in the same order: one model, two graphs.
    decoder_model: gpt2Decoder(config, new Random(config.seed + 1), false),
    decoder_model_merged: gpt2Decoder(config, new Random(config.seed + 1), true),
  };
  await mkdir(join(dir, 'onnx'), { recursive: true });
  for (const name of ONNX_FILES) {
    const bytes = encodeModel(graphs[name]);
    await writeFile(join(dir, 'onnx', `${name}.onnx`), bytes);
    await writeFile(join(dir, 'onnx', `${name}_quantized.onnx`), bytes);
  }
  const json = (file: string, value: object) =>
    writeFile(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  await json('config.json', configJson(config));
  await json('generation_config.json', generationConfigJson(config));
  await json('preprocessor_config.json', preprocessorConfigJson(config));
  await json('tokenizer.json', tokenizerJson(config));
  await json('tokenizer_config.json', tokenizerConfigJson(config));
  return dir;
}
