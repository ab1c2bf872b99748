import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../src';

describe('Vocabulary', () => {
  const vocabulary = new Vocabulary(['a', 'Red', 'circle', 'red', '<end>', 'above']);

  it('puts <pad> <start> <end> <unk> first, then the words once each, lower case', () => {
    expect(vocabulary.tokens).toEqual(['<pad>', '<start>', '<end>', '<unk>', 'a', 'red', 'circle', 'above']);
    expect([vocabulary.pad, vocabulary.start, vocabulary.end, vocabulary.unknown]).toEqual([0, 1, 2, 3]);
    expect(vocabulary.size).toBe(8);
    expect(vocabulary.toJSON()).toEqual(['a', 'red', 'circle', 'above']);
    expect(new Vocabulary(vocabulary.toJSON()).tokens).toEqual(vocabulary.tokens);
  });

  it('tokenises case-insensitively, ignoring punctuation', () => {
    const t = vocabulary.tokenize('A red circle, above!');
    expect(t.ids).toEqual([4, 5, 6, 7]);
    expect(t.tokens).toEqual(['a', 'red', 'circle', 'above']);
    expect(t.words).toEqual(['A', 'red', 'circle', 'above']);
    expect(t.unknown).toEqual([]);
  });

  it('reports unknown words by name, once, and maps them to <unk>', () => {
    const t = vocabulary.tokenize('a squircle above a squircle');
    expect(t.tokens).toEqual(['a', '<unk>', 'above', 'a', '<unk>']);
    expect(t.ids[1]).toBe(vocabulary.unknown);
    expect(t.unknown).toEqual(['squircle']);
  });

  it('keeps an emoji as a word of its own, reported unknown, not dropped (#16)', () => {
    const t = vocabulary.tokenize('a red 🐱 circle👩‍🚀 above 👍🏽');
    expect(t.words).toEqual(['a', 'red', '🐱', 'circle', '👩‍🚀', 'above', '👍🏽']);
    expect(t.tokens).toEqual(['a', 'red', '<unk>', 'circle', '<unk>', 'above', '<unk>']);
    expect(t.unknown).toEqual(['🐱', '👩‍🚀', '👍🏽']);
  });

  it('detokenises up to <end>, without <pad> or <start>', () => {
    expect(vocabulary.detokenize([1, 4, 5, 3, 6, 2, 7, 0])).toBe('a red <unk> circle');
  });

  it('builds from captions, most frequent words first', () => {
    const v = Vocabulary.fromCaptions(['a red circle', 'a blue circle', 'a red square'], 2);
    expect(v.toJSON()).toEqual(['a', 'circle', 'red']);
  });

  it('refuses a vocabulary entry that is not one word', () => {
    expect(() => new Vocabulary(['red circle'])).toThrow(/not a single word/);
  });
});
