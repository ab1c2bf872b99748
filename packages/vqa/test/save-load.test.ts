import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVqaModel, PAD_ID, predictScores, type ReferenceArchitecture, saveVqaModel } from '../src';
import { useWasm } from './helpers/setup';
import { randomImage, tinyVqa } from './helpers/tiny-vqa';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradcam-vqa-'));
  dirs.push(dir);
  return dir;
};

beforeAll(useWasm);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('save -> load', () => {
  for (const architecture of ['pooled', 'attention'] as ReferenceArchitecture[]) {
    it(`${architecture}: the loaded model gives identical scores, config and vocabularies`, async () => {
      const model = tinyVqa(architecture);
      const dir = join(freshDir(), 'model');
      await saveVqaModel(model, dir);
      const loaded = await loadVqaModel(dir);
      expect(loaded.config).toEqual(model.config);
      expect(loaded.questionVocabulary.words).toEqual(model.questionVocabulary.words);
      expect(loaded.answerVocabulary.answers).toEqual(model.answerVocabulary.answers);

      const images = randomImage(41, 2);
      const a = model.questionVocabulary.encode('what color is the square').ids;
      const b = model.questionVocabulary.encode('how many').ids;
      const tokens = tf.tensor2d([a, [...b, PAD_ID, PAD_ID, PAD_ID]], undefined, 'int32');
      const before = predictScores(model, images, tokens);
      const after = predictScores(loaded, images, tokens);
      expect(Array.from(await after.data())).toEqual(Array.from(await before.data()));
      tf.dispose([images, tokens, before, after]);
      model.dispose();
      loaded.dispose();
    });
  }

  it('keeps metadata, and vqa.json names the encoder folder and the weights', async () => {
    const model = tinyVqa();
    (model.metadata as Record<string, unknown>).preset = 'unit';
    const dir = freshDir();
    await saveVqaModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, 'vqa.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'gradcam-vqa', formatVersion: 1, encoder: 'encoder' });
    expect(json.weights.path).toBe('vqa-weights.bin');
    const loaded = await loadVqaModel(join(dir, 'vqa.json'));
    expect(loaded.metadata).toEqual({ preset: 'unit' });
    model.dispose();
    loaded.dispose();
  });

  it('says what is missing or wrong', async () => {
    const empty = freshDir();
    await expect(loadVqaModel(join(empty, 'nope'))).rejects.toThrow('does not exist');
    await expect(loadVqaModel(empty)).rejects.toThrow(/no vqa\.json in .*vqa-weights\.bin and encoder\//);
    const model = tinyVqa();
    const dir = freshDir();
    await saveVqaModel(model, dir);
    const file = join(dir, 'vqa.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...json, formatVersion: 7 }));
    await expect(loadVqaModel(dir)).rejects.toThrow('format version 7');
    writeFileSync(file, JSON.stringify({ ...json, answers: [...json.answers, 'maybe'] }));
    await expect(loadVqaModel(dir)).rejects.toThrow(
      /'classifier\/output\/kernel' has shape \[8, 12\], expected \[8, 13\]/,
    );
    const before = tf.memory().numTensors;
    await expect(loadVqaModel(dir)).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
    writeFileSync(file, JSON.stringify(json));
    const weights = join(dir, 'vqa-weights.bin');
    const bytes = readFileSync(weights);
    writeFileSync(weights, bytes.subarray(0, bytes.length - 4));
    await expect(loadVqaModel(dir)).rejects.toThrow(
      `weight shard 'vqa-weights.bin' named in ${file} is truncated: it has ${bytes.length - 4} bytes, the weights need ${bytes.length}`,
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
