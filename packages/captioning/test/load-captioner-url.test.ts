// tfjs-core's main module first (through @gradcam/core): tfjs-layers and the engine share it.
import '@gradcam/core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCaption, loadCaptionerFromUrl, saveCaptioner, scoreCaption } from '../src';
import { useWasm } from './helpers/setup';
import { randomImage, tinyCaptioner } from './helpers/tiny-captioner';

const BASE = 'http://models.test/captioner/';
let dir: string;
const requested: string[] = [];

/** Serves `dir` at BASE, as a web server would (404 for anything else), and records each URL. */
const fetchFromDir: typeof fetch = async (input) => {
  const url = String(input instanceof Request ? input.url : input);
  requested.push(url);
  const path = url.startsWith(BASE) ? join(dir, decodeURIComponent(url.slice(BASE.length))) : '';
  if (!path || !existsSync(path)) return new Response('not found', { status: 404 });
  return new Response(readFileSync(path));
};

beforeAll(async () => {
  await useWasm();
  dir = mkdtempSync(join(tmpdir(), 'gradcam-captioner-url-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCaptionerFromUrl', () => {
  it('loads what saveCaptioner wrote, over fetch, into the same captioner', async () => {
    const captioner = tinyCaptioner('show-attend-tell', 5);
    Object.assign(captioner.metadata, { preset: 'tf' });
    await saveCaptioner(captioner, dir);
    const before = tf.memory().numTensors;
    const loaded = await loadCaptionerFromUrl(BASE, { fetch: fetchFromDir });
    expect(requested).toEqual(
      expect.arrayContaining([
        `${BASE}captioner.json`,
        `${BASE}encoder/model.json`,
        `${BASE}encoder/weights.bin`,
        `${BASE}decoder/manifest.json`,
        `${BASE}decoder/weights.bin`,
      ]),
    );
    expect(loaded.vocabulary.tokens).toEqual(captioner.vocabulary.tokens);
    expect(loaded.decoder.config).toEqual(captioner.decoder.config);
    expect(loaded.metadata).toEqual({ preset: 'tf' });
    const image = randomImage(3);
    const ids = captioner.vocabulary.tokenize('a blue triangle below the circle').ids;
    expect(await scoreCaption(loaded, image, ids)).toEqual(await scoreCaption(captioner, image, ids));
    expect(await generateCaption(loaded, image, { beamWidth: 2 })).toEqual(
      await generateCaption(captioner, image, { beamWidth: 2 }),
    );
    image.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // captioner.json's own URL works as well.
    const again = await loadCaptionerFromUrl(`${BASE}captioner.json`, { fetch: fetchFromDir });
    expect(again.decoder.config).toEqual(captioner.decoder.config);
    again.dispose();
    captioner.dispose();
  });

  it('says which file is missing, and that a relative URL needs a base', async () => {
    await expect(
      loadCaptionerFromUrl('http://models.test/nothing/', { fetch: fetchFromDir }),
    ).rejects.toThrow(
      'cannot fetch captioner.json (the description of a saved captioner) from http://models.test/nothing/captioner.json: HTTP 404',
    );
    await expect(loadCaptionerFromUrl('models/captioner', { fetch: fetchFromDir })).rejects.toThrow(
      /must be absolute, got 'models\/captioner'/,
    );
    const captioner = tinyCaptioner('show-and-tell', 2);
    await saveCaptioner(captioner, dir);
    captioner.dispose();
    rmSync(join(dir, 'decoder', 'weights.bin'));
    const before = tf.memory().numTensors;
    await expect(loadCaptionerFromUrl(BASE, { fetch: fetchFromDir })).rejects.toThrow(
      `cannot fetch a decoder weight shard from ${BASE}decoder/weights.bin: HTTP 404`,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
