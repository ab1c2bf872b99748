import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerExplanation, explainAnswer, explanationLines, slug } from '../src';
import { useWasm } from './helpers/setup';
import { randomImage, tinyVqa } from './helpers/tiny-vqa';

let result: AnswerExplanation;
let image: tf.Tensor4D;

beforeAll(async () => {
  await useWasm();
  const model = tinyVqa();
  image = randomImage(51);
  result = await explainAnswer(model, image, 'what colour is the <circle>', { top: 2 });
  model.dispose();
});
afterAll(() => image.dispose());

describe('reports', () => {
  it('terminal lines: answers with scores, unknown words, word importances', () => {
    const lines = explanationLines(result);
    expect(lines[0]).toBe('question: what colour is the circle');
    expect(lines[1]).toBe('unknown words (read as <unk>): colour');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}#1 \S+ {2}score -?[\d.e+-]+ {2}p \d+\.\d%$/));
    expect(lines.filter((l) => l.includes('words (gradient x embedding): what '))).toHaveLength(2);
  });

  it('slugs answers for file names', () => {
    expect(slug('Dark Blue!')).toBe('dark-blue');
    expect(slug('???')).toBe('answer');
  });
});
