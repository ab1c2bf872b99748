import { describe, expect, it } from 'vitest';
import {
  AnswerVocabulary,
  closest,
  editDistance,
  MAX_QUESTION_WORDS,
  QuestionVocabulary,
  tokenize,
  UNK_ID,
} from '../src';

describe('vocabularies', () => {
  it('tokenises as vocabularies spell words', () => {
    expect(tokenize("What's the COLOUR of the 'big' circle?")).toEqual([
      "what's",
      'the',
      'colour',
      'of',
      'the',
      'big',
      'circle',
    ]);
    expect(tokenize('  ?! ')).toEqual([]);
  });

  it('encodes questions, unknown words as <unk> and reported once each', () => {
    const v = QuestionVocabulary.fromQuestions(['what color is the circle?', 'is there a square']);
    expect(v.words.slice(0, 3)).toEqual(['<pad>', '<unk>', 'what']);
    const q = v.encode('What colour is the hexagon colour');
    expect(q.ids.filter((id) => id === UNK_ID)).toHaveLength(3);
    expect(q.unknownWords).toEqual(['colour', 'hexagon']);
    expect(v.has('<unk>')).toBe(false);
  });

  it('keeps an emoji as a word of its own, reported unknown, not dropped (#16)', () => {
    expect(tokenize('is the 🐱 red?👍🏽')).toEqual(['is', 'the', '🐱', 'red', '👍🏽']);
    const v = QuestionVocabulary.fromQuestions(['is the circle red?']);
    expect(v.encode('is the 🐱 red?').unknownWords).toEqual(['🐱']);
  });

  it('takes questions up to MAX_QUESTION_WORDS words and refuses longer ones with the count', () => {
    const v = QuestionVocabulary.fromQuestions(['what color is the circle?']);
    expect(MAX_QUESTION_WORDS).toBe(64);
    expect(v.encode('what '.repeat(MAX_QUESTION_WORDS)).ids).toHaveLength(MAX_QUESTION_WORDS);
    expect(() => v.encode(`${'what '.repeat(MAX_QUESTION_WORDS)}circle?`)).toThrow(
      /^the question has 65 words, more than the longest question a VQA model reads of 64; ask a shorter question$/,
    );
  });

  it('finds answers case- and space-insensitively, and suggests near ones', () => {
    const a = new AnswerVocabulary(['red', 'dark blue', 'green', 'yes']);
    expect(a.indexOf(' Dark  Blue ')).toBe(1);
    expect(() => a.resolve('gren')).toThrow(/closest: 'green', 'red'/);
    expect(() => new AnswerVocabulary(['a', 'A'])).toThrow("lists 'a' twice");
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('blu', ['green', 'blue', 'red'], 2)).toEqual(['blue', 'red']);
  });
});
