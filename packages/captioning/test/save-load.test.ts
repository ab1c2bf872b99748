// tfjs-core's main module first (through @gradcam/core): tfjs-layers and the engine share it.
import '@gradcam/core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DecoderKind, generateCaption, loadCaptioner, saveCaptioner, scoreCaption } from '../src';
import { useWasm } from './helpers/setup';
import { randomImage, tinyCaptioner } from './helpers/tiny-captioner';

beforeAll(useWasm);

const freshDir = () => mkdtempSync(join(tmpdir(), 'gradcam-captioner-'));
const kinds: DecoderKind[] = ['show-and-tell', 'show-attend-tell'];

describe('saveCaptioner / loadCaptioner', () => {
  it.each(kinds)('%s: the loaded captioner gives identical log-probabilities and captions', async (kind) => {
    const captioner = tinyCaptioner(kind, 4);
    Object.assign(captioner.metadata, { preset: 'imagenet', trainedOn: 'nothing' });
    const dir = freshDir();
    await saveCaptioner(captioner, dir);
    for (const file of [
      'captioner.json',
      'encoder/model.json',
      'encoder/weights.bin',
      'decoder/manifest.json',
      'decoder/weights.bin',
    ]) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
    const description = JSON.parse(readFileSync(join(dir, 'captioner.json'), 'utf8'));
    expect(description).toMatchObject({ format: 'gradcam-captioner', version: 1, decoder: { kind } });
    expect(description.vocabulary).toEqual(captioner.vocabulary.toJSON());

    const loaded = await loadCaptioner(dir);
    expect(loaded.vocabulary.tokens).toEqual(captioner.vocabulary.tokens);
    expect(loaded.decoder.config).toEqual(captioner.decoder.config);
    expect(loaded.imageShape).toEqual(captioner.imageShape);
    expect(loaded.maxCaptionLength).toBe(captioner.maxCaptionLength);
    expect(loaded.metadata).toEqual({ preset: 'imagenet', trainedOn: 'nothing' });
    const images = tf.concat([randomImage(1), randomImage(2)]) as tf.Tensor4D;
    const ids = captioner.vocabulary.tokenize('a blue triangle below the circle').ids;
    expect(await scoreCaption(loaded, images, ids)).toEqual(await scoreCaption(captioner, images, ids));
    const one = images.slice(0, 1) as tf.Tensor4D;
    expect(await generateCaption(loaded, one, { beamWidth: 3 })).toEqual(
      await generateCaption(captioner, one, { beamWidth: 3 }),
    );
    // Its captioner.json names the directory as well.
    const again = await loadCaptioner(join(dir, 'captioner.json'));
    expect(await scoreCaption(again, images, ids)).toEqual(await scoreCaption(captioner, images, ids));
    tf.dispose([images, one]);
    for (const c of [captioner, loaded, again]) c.dispose();
    rmSync(dir, { recursive: true });
  });

  it('says what is missing or wrong', async () => {
    await expect(loadCaptioner('/no/such/captioner')).rejects.toThrow(
      /captioner not found: \/no\/such\/captioner/,
    );
    const empty = freshDir();
    await expect(loadCaptioner(empty)).rejects.toThrow(
      /captioner.json .* not found: expected .*captioner.json/,
    );
    writeFileSync(join(empty, 'captioner.json'), '{"format": "something else"}');
    await expect(loadCaptioner(empty)).rejects.toThrow(/is not a captioner description/);

    const captioner = tinyCaptioner('show-and-tell', 4);
    const dir = freshDir();
    await saveCaptioner(captioner, dir);
    const json = JSON.parse(readFileSync(join(dir, 'captioner.json'), 'utf8'));
    writeFileSync(
      join(dir, 'captioner.json'),
      JSON.stringify({ ...json, vocabulary: [...json.vocabulary, 'extra'] }),
    );
    await expect(loadCaptioner(dir)).rejects.toThrow(
      /the vocabulary has 16 tokens but the decoder was built for 15/,
    );
    writeFileSync(
      join(dir, 'captioner.json'),
      JSON.stringify({ ...json, decoder: { ...json.decoder, hiddenSize: 8 } }),
    );
    await expect(loadCaptioner(dir)).rejects.toThrow(
      /decoder weight 'lstmKernel' has shape \[28, 64\]; the configuration needs \[20, 32\]/,
    );
    writeFileSync(join(dir, 'captioner.json'), JSON.stringify(json));
    const shard = join(dir, 'decoder', 'weights.bin');
    const bytes = readFileSync(shard);
    writeFileSync(shard, bytes.subarray(0, bytes.length - 8));
    await expect(loadCaptioner(dir)).rejects.toThrow(
      `weight shard 'weights.bin' named in ${join(dir, 'decoder', 'manifest.json')} is truncated: it has ${bytes.length - 8} bytes, the weights need ${bytes.length}`,
    );
    rmSync(join(dir, 'decoder', 'weights.bin'));
    await expect(loadCaptioner(dir)).rejects.toThrow(
      /decoder weight shard .*weights.bin named in .*manifest.json is missing/,
    );
    captioner.dispose();
  });

  it('leaves no tensor behind when loading fails', async () => {
    const captioner = tinyCaptioner('show-and-tell', 4);
    const dir = freshDir();
    await saveCaptioner(captioner, dir);
    const json = JSON.parse(readFileSync(join(dir, 'captioner.json'), 'utf8'));
    writeFileSync(
      join(dir, 'captioner.json'),
      JSON.stringify({ ...json, decoder: { ...json.decoder, embedSize: 4 } }),
    );
    const before = tf.memory().numTensors;
    await expect(loadCaptioner(dir)).rejects.toThrow(/decoder weight/);
    expect(tf.memory().numTensors).toBe(before);
    // Failing after the decoder's variables exist (createCaptioner refuses the length), and
    // before the decoder's weights are read at all (a missing shard): nothing stays either.
    writeFileSync(join(dir, 'captioner.json'), JSON.stringify({ ...json, maxCaptionLength: 0 }));
    await expect(loadCaptioner(dir)).rejects.toThrow(/maxCaptionLength must be a positive integer/);
    expect(tf.memory().numTensors).toBe(before);
    writeFileSync(join(dir, 'captioner.json'), JSON.stringify(json));
    rmSync(join(dir, 'decoder', 'weights.bin'));
    await expect(loadCaptioner(dir)).rejects.toThrow(/weights.bin named in .*manifest.json is missing/);
    expect(tf.memory().numTensors).toBe(before);
    captioner.dispose();
  });
});
