import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerWasmGradientKernels } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  explainImageCaption,
  type ImageCaptioner,
  loadImageCaptioner,
  readModelDir,
  transformerCaptionAdapter,
} from '../src';
import { listEncoderLayers } from '../src/explain/explain-image-caption';
import { testPicture, tinyModelDir } from './helpers/tiny-model';

describe('clear errors', () => {
  let model: Awaited<ReturnType<typeof tinyModelDir>>;
  let captioner: ImageCaptioner;
  let transformers: unknown;
  beforeAll(async () => {
    registerWasmGradientKernels();
    await tf.setBackend('wasm');
    model = await tinyModelDir();
    transformers = await import('@huggingface/transformers');
    captioner = await loadImageCaptioner(model.dir, { transformers });
  });
  afterAll(async () => {
    await captioner?.dispose();
    await model?.cleanup();
  });

  /** A copy of the model folder changed by `edit`. */
  async function broken(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
    const dir = join(model.root, name);
    await cp(model.dir, dir, { recursive: true });
    await edit(dir);
    return dir;
  }

  it('a missing folder, or a file missing from it, is named with what the folder needs', async () => {
    expect(() => readModelDir(join(model.root, 'nowhere'))).toThrow(
      /model folder .*nowhere does not exist.*config\.json/,
    );
    const noTokenizer = await broken('no-tokenizer', (d) => rm(join(d, 'tokenizer.json')));
    await expect(loadImageCaptioner(noTokenizer, { transformers })).rejects.toThrow(/lacks tokenizer\.json/);
    const noDecoder = await broken('no-decoder', async (d) => {
      await rm(join(d, 'onnx', 'decoder_model_merged.onnx'));
      await rm(join(d, 'onnx', 'encoder_model.onnx'));
    });
    expect(() => readModelDir(noDecoder)).toThrow(
      /lacks onnx\/encoder_model\.onnx, onnx\/decoder_model_merged\.onnx/,
    );
  });

  it('an unsupported model_type says what is supported', async () => {
    const whisper = await broken('whisper', async (d) => {
      const config = JSON.parse(await readFile(join(d, 'config.json'), 'utf8'));
      await writeFile(join(d, 'config.json'), JSON.stringify({ ...config, model_type: 'whisper' }));
    });
    expect(() => readModelDir(whisper)).toThrow(
      /model_type 'whisper' .* not supported.*vision-encoder-decoder/,
    );
  });

  it('an encoder without a patch size names the field', async () => {
    const noPatch = await broken('no-patch', async (d) => {
      const config = JSON.parse(await readFile(join(d, 'config.json'), 'utf8'));
      delete config.encoder.patch_size;
      await writeFile(join(d, 'config.json'), JSON.stringify(config));
    });
    expect(() => readModelDir(noPatch)).toThrow(/patch_size is undefined.*patch grid/);
  });

  it('an unknown layer lists the layers that can be explained', async () => {
    // The first pass keeps tensors derived from constants (transposed filters) with the model.
    listEncoderLayers(captioner);
    const before = tf.memory().numTensors;
    await expect(explainImageCaption(captioner, testPicture(), { layer: 'layer.7' })).rejects.toThrow(
      /unknown encoder layer 'layer\.7'.*\/encoder\/layer\.0\/output\/Add_output_0 \[1, 17, 32\].*default: \/encoder\/layer\.1\/output\/Add_output_0/,
    );
    expect(tf.memory().numTensors).toBe(before);
    const layers = listEncoderLayers(captioner).candidates.map((c) => c.name);
    expect(layers).toContain('/embeddings/Add_output_0');
    expect(layers).toContain('last_hidden_state');
  });

  it('word choices outside the caption, an empty caption and a wrong module are refused', async () => {
    await expect(
      explainImageCaption(captioner, testPicture(), { caption: 'a red circle', words: [3] }),
    ).rejects.toThrow(/word position 3 is outside the caption's 3 tokens \(0\.\.2\)/);
    await expect(
      explainImageCaption(captioner, testPicture(), { caption: 'a red circle', words: ['blue'] }),
    ).rejects.toThrow(/'blue' is not a token of the caption; its tokens are 'a', 'red', 'circle'/);
    await expect(explainImageCaption(captioner, testPicture(), { caption: '  ' })).rejects.toThrow(
      /caption is empty/,
    );
    await expect(loadImageCaptioner(model.dir, { transformers: {} })).rejects.toThrow(
      /not a transformers\.js module/,
    );
  });

  it('pixel values of the wrong size name the size the encoder takes', () => {
    const adapter = transformerCaptionAdapter(captioner, listEncoderLayers(captioner), { tokens: [2, 3] });
    const wrong = tf.zeros([1, 3, 24, 24]) as tf.Tensor4D;
    expect(() => adapter.body(wrong)).toThrow(
      /pixel values must be \[batch, 3, 32, 32\].*got \[1, 3, 24, 24\]/,
    );
    wrong.dispose();
  });
});
