import { QuestionVocabulary } from '@gradcam/vqa';
import type * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  attentionTargets,
  generateScene,
  type Question,
  QuestionPrior,
  questionBalancer,
  questionsOf,
  questionTokens,
  questionVocabulary,
  sceneSeed,
} from '../src/index';
import { useWasm } from './helpers/wasm';

beforeAll(useWasm);

const q = (type: Question['type'], text: string, answer: string): Question => ({
  type,
  text,
  words: text.replace('?', '').split(' '),
  answer,
  objects: [],
  links: [],
});

describe('QuestionPrior', () => {
  it("answers each question text with its most frequent answer, else its type's", () => {
    const prior = new QuestionPrior([
      q('count', 'how many circles are there?', 'one'),
      q('count', 'how many circles are there?', 'two'),
      q('count', 'how many circles are there?', 'two'),
      q('count', 'how many crosses are there?', 'zero'),
      q('exist', 'is there a red circle?', 'yes'),
    ]);
    expect(prior.answer(q('count', 'how many circles are there?', 'one'))).toBe('two');
    expect(prior.answer(q('count', 'how many crosses are there?', 'one'))).toBe('zero');
    // Never seen: the type's majority (two of four count answers are 'two').
    expect(prior.answer(q('count', 'how many squares are there?', 'one'))).toBe('two');
    expect(prior.answer(q('color', 'what color is the circle?', 'red'))).toBe('');
  });
});

describe('VQA batches', () => {
  const scenes = Array.from({ length: 40 }, (_, i) => generateScene(sceneSeed(41, i)));
  const asked = questionsOf(scenes, questionBalancer());

  it('asks at most one question of each type per scene, in scene order', () => {
    expect(asked.map((a) => a.scene)).toEqual([...asked.map((a) => a.scene)].sort((a, b) => a - b));
    for (let s = 0; s < scenes.length; s++) {
      const types = asked.filter((a) => a.scene === s).map((a) => a.question.type);
      expect(new Set(types).size).toBe(types.length);
    }
    expect(asked.length).toBeGreaterThan(3 * scenes.length);
  });

  it('pads word ids on the right with <pad> (id 0)', async () => {
    const vocabulary = QuestionVocabulary.fromWords(questionVocabulary());
    const questions = asked.slice(0, 6).map((a) => a.question);
    const tokens: tf.Tensor2D = questionTokens(vocabulary, questions);
    const rows = (await tokens.array()) as number[][];
    tokens.dispose();
    expect(rows[0].length).toBe(Math.max(...questions.map((x) => x.words.length)));
    rows.forEach((row, i) => {
      const words = questions[i].words;
      expect(row.slice(0, words.length)).toEqual(words.map((w) => vocabulary.words.indexOf(w)));
      expect(row.slice(words.length).every((id) => id === 0)).toBe(true);
    });
    expect(() => questionTokens(vocabulary, [q('color', 'what colour is the blob?', 'red')])).toThrow(
      /colour, blob/,
    );
  });
});

describe('attentionTargets', () => {
  it("spreads each supported row over its objects' cells by mask pixels (sum 1), zero rows otherwise", () => {
    const scenes = [0, 1, 2, 3].map((k) => generateScene(sceneSeed(11, k)));
    const asked = questionsOf(scenes, questionBalancer());
    const { targets, supervised } = attentionTargets(scenes, asked, 16);
    const t = targets.arraySync();
    const s = supervised.arraySync();
    asked.forEach((q, row) => {
      const scene = scenes[q.scene];
      const pixels = q.question.objects.reduce((n, i) => n + scene.objects[i].area, 0);
      expect(s[row]).toBe(pixels > 0 ? 1 : 0);
      const sum = t[row].reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(pixels > 0 ? 1 : 0, 5);
      // Each cell's share, counted here from the masks directly: pixel (x, y) lies in cell (y >> 2, x >> 2).
      for (let cell = 0; cell < 256; cell++) {
        let inCell = 0;
        for (const i of q.question.objects)
          scene.objects[i].mask.forEach((v, p) => {
            if (v && ((p / 64) >> 2) * 16 + ((p % 64) >> 2) === cell) inCell++;
          });
        expect(t[row][cell]).toBeCloseTo(pixels > 0 ? inCell / pixels : 0, 5);
      }
    });
    targets.dispose();
    supervised.dispose();
  });
});
