import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { encodeModel, loadOnnx, loadOnnxFile, parseOnnx } from '@gradcam/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encoderLayers, readModelDir, teacherForcedLogits } from '../src';
import { TINY_WORDS } from './helpers/tiny/tiny-config';
import { tinyModelDir } from './helpers/tiny-model';

describe('writeTinyCaptioner', () => {
  const dirs: Awaited<ReturnType<typeof tinyModelDir>>[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dirs.push(await tinyModelDir(), await tinyModelDir(), await tinyModelDir({ seed: 8 }));
  });
  afterAll(async () => {
    for (const d of dirs) await d.cleanup();
  });

  it('writes the files transformers.js reads, small, the same bytes for the same seed', async () => {
    const [a, b, c] = dirs;
    const files = (await readdir(a.dir, { recursive: true })).sort();
    expect(files).toEqual([
      'config.json',
      'generation_config.json',
      'onnx',
      'onnx/decoder_model.onnx',
      'onnx/decoder_model_merged.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
      'onnx/decoder_model_quantized.onnx',
      'onnx/encoder_model.onnx',
      'onnx/encoder_model_quantized.onnx',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    let total = 0;
    for (const f of files.filter((name) => name.includes('.'))) {
      const [x, y] = await Promise.all([readFile(join(a.dir, f)), readFile(join(b.dir, f))]);
      expect(x.equals(y), f).toBe(true);
      total += (await stat(join(a.dir, f))).size;
    }
    // fp32 files and their v2-named copies: about 0.9 MB in all
    expect(total).toBeLessThan(1_000_000);
    const other = await readFile(join(c.dir, 'onnx/encoder_model.onnx'));
    expect(other.equals(await readFile(join(a.dir, 'onnx/encoder_model.onnx')))).toBe(false);
  });

  it('describes a 4x4 patch grid, GPT-2 token ids and a word vocabulary', async () => {
    const info = readModelDir(dirs[0].dir);
    expect(info.grid).toEqual([4, 4]);
    expect([info.startToken, info.endToken, info.decoderHasPast]).toEqual([0, 0, false]);
    const tokenizer = JSON.parse(await readFile(join(dirs[0].dir, 'tokenizer.json'), 'utf8'));
    expect(Object.keys(tokenizer.model.vocab)).toEqual(['<|endoftext|>', '<unk>', ...TINY_WORDS]);
  });

  it('written out at opset 14 (LayerNorm as exporters spelt it before 17), the same model and the same default layer', async () => {
    const old = await tinyModelDir({ opset: 14 });
    dirs.push(old);
    const load = (dir: string, name: string) =>
      loadOnnxFile(join(dir, 'onnx', `${name}.onnx`), { execution: 'tfjs' });
    const [encoder17, encoder14] = [
      await load(dirs[0].dir, 'encoder_model'),
      await load(old.dir, 'encoder_model'),
    ];
    const [decoder17, decoder14] = [
      await load(dirs[0].dir, 'decoder_model'),
      await load(old.dir, 'decoder_model'),
    ];
    expect(encoder14.model.graph.nodes.some((n) => n.opType === 'LayerNormalization')).toBe(false);
    const layers14 = encoderLayers(encoder14, [32, 32], [4, 4]);
    const layers17 = encoderLayers(encoder17, [32, 32], [4, 4]);
    expect(layers14.defaultLayer.name).toBe('/encoder/layer.1/output/Add_output_0');
    expect(layers17.defaultLayer.name).toBe('/encoder/layer.1/output/Add_output_0');
    // The written-out LayerNorm's statistics ([1, 17, 1]) are not offered as layers.
    expect(layers14.candidates.every((c) => c.shape[2] > 1)).toBe(true);
    const difference = tf.tidy(() => {
      const pixels = tf.randomUniform([1, 3, 32, 32], -1, 1, 'float32', 4);
      const ids = tf.tensor2d([[0, 5, 9, 14]], [1, 4], 'int32');
      const logits = [
        [encoder17, decoder17],
        [encoder14, decoder14],
      ].map(([e, d]) => {
        const [states] = e.run({ pixel_values: pixels }, ['last_hidden_state']);
        return d.run({ input_ids: ids, encoder_hidden_states: states }, ['logits'])[0];
      });
      return tf.max(tf.abs(tf.sub(logits[0], logits[1]))).dataSync()[0];
    });
    expect(difference).toBeLessThan(1e-4);
    for (const e of [encoder17, encoder14, decoder17, decoder14]) e.dispose();
  });

  it('teacher forcing fills the inputs decoders commonly declare, and names one it does not know', async () => {
    const info = readModelDir(dirs[0].dir);
    const bytes = await readFile(info.decoderFile);
    const withInputs = (...names: string[]) => {
      const model = parseOnnx(bytes);
      for (const name of names)
        model.graph.inputs.push({ name, dataType: 'int64', shape: ['batch_size', 'sequence_length'] });
      return loadOnnx(encodeModel(model));
    };
    const plain = loadOnnx(bytes);
    const masked = withInputs('attention_mask', 'position_ids', 'encoder_attention_mask');
    const odd = withInputs('token_type_ids');
    const states = tf.randomNormal([1, 17, 32], 0, 1, 'float32', 3);
    const [a, b] = [plain, masked].map((d) => teacherForcedLogits(d, info, states, [0, 4, 8]));
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    expect(() => teacherForcedLogits(odd, info, states, [0, 4])).toThrow(
      /takes an input 'token_type_ids' that teacher forcing does not know how to fill/,
    );
    tf.dispose([a, b, states]);
    for (const d of [plain, masked, odd]) d.dispose();
  });

  it('the decoders share their weights; every graph imports into TF.js', async () => {
    const read = async (name: string) => parseOnnx(await readFile(join(dirs[0].dir, 'onnx', `${name}.onnx`)));
    const [whole, merged] = [await read('decoder_model'), await read('decoder_model_merged')];
    const weights = (m: typeof whole) =>
      new Map(
        m.graph.initializers
          .filter((t) => t.dataType === 'float32')
          .map((t) => [t.name, Array.from(t.data as Float32Array)]),
      );
    expect(weights(merged)).toEqual(weights(whole));
    expect(merged.graph.inputs.map((i) => i.name)).toEqual([
      'input_ids',
      'encoder_hidden_states',
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]);
    for (const name of ['encoder_model', 'decoder_model', 'decoder_model_merged']) {
      const exec = await loadOnnxFile(join(dirs[0].dir, 'onnx', `${name}.onnx`), { execution: 'tfjs' });
      exec.dispose();
    }
  });
});
