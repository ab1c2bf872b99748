import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVqaModelFromUrl, predictScores, saveVqaModel } from '../src';
import { useWasm } from './helpers/setup';
import { randomImage, tinyVqa } from './helpers/tiny-vqa';

const BASE = 'http://models.test/vqa/';
let dir: string;

/** Serves `dir` at BASE, as a web server would (404 for anything else). */
const fetchFromDir: typeof fetch = async (input) => {
  const url = String(input instanceof Request ? input.url : input);
  const path = url.startsWith(BASE) ? join(dir, decodeURIComponent(url.slice(BASE.length))) : '';
  if (!path || !existsSync(path)) return new Response('not found', { status: 404 });
  return new Response(readFileSync(path));
};

beforeAll(async () => {
  await useWasm();
  dir = mkdtempSync(join(tmpdir(), 'gradcam-vqa-url-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadVqaModelFromUrl', () => {
  it('loads what saveVqaModel wrote, over fetch, into a model with the same scores', async () => {
    const model = tinyVqa('attention');
    await saveVqaModel(model, dir);
    const loaded = await loadVqaModelFromUrl(BASE, { fetch: fetchFromDir });
    expect(loaded.config).toEqual(model.config);
    expect(loaded.questionVocabulary.words).toEqual(model.questionVocabulary.words);
    expect(loaded.answerVocabulary.answers).toEqual(model.answerVocabulary.answers);
    const images = randomImage(7, 1);
    const tokens = tf.tensor2d(
      [model.questionVocabulary.encode('what color is the square').ids],
      undefined,
      'int32',
    );
    const before = predictScores(model, images, tokens);
    const after = predictScores(loaded, images, tokens);
    expect(Array.from(await after.data())).toEqual(Array.from(await before.data()));
    tf.dispose([images, tokens, before, after]);
    const again = await loadVqaModelFromUrl(`${BASE}vqa.json`, { fetch: fetchFromDir });
    expect(again.config).toEqual(model.config);
    for (const m of [model, loaded, again]) m.dispose();
  });

  it('names a missing file, and asks for an absolute URL', async () => {
    await expect(loadVqaModelFromUrl('http://models.test/none/', { fetch: fetchFromDir })).rejects.toThrow(
      'cannot fetch vqa.json from http://models.test/none/vqa.json: HTTP 404',
    );
    await expect(loadVqaModelFromUrl('vqa/', { fetch: fetchFromDir })).rejects.toThrow(/must be absolute/);
    const model = tinyVqa('pooled');
    await saveVqaModel(model, dir);
    model.dispose();
    rmSync(join(dir, 'vqa-weights.bin'));
    const before = tf.memory().numTensors;
    await expect(loadVqaModelFromUrl(BASE, { fetch: fetchFromDir })).rejects.toThrow(
      `cannot fetch the VQA head weights from ${BASE}vqa-weights.bin: HTTP 404`,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
