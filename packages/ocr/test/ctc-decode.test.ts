import { describe, expect, it } from 'vitest';
import { checkDictionary, ctcGreedyDecode, parseDictionary } from '../src';

// Classes: 0 blank, 1 'a', 2 'b', 3 'c', 4 ' ' (the space PP-OCR appends).
const dictionary = parseDictionary('a\nb\nc\n');

/** Probabilities [T, 5] with `best[t]` at p and the rest shared. */
function steps(best: number[], p = 0.8): Float32Array {
  const out = new Float32Array(best.length * 5).fill((1 - p) / 4);
  best.forEach((c, t) => {
    out[t * 5 + c] = p;
  });
  return out;
}

describe('greedy CTC decoding', () => {
  it('collapses repeats, drops blanks and keeps each character run with its steps', () => {
    const line = ctcGreedyDecode(steps([0, 1, 1, 0, 2, 3, 3, 3, 0]), 9, dictionary);
    expect(line.text).toBe('abc');
    expect(line.characters.map((c) => c.steps)).toEqual([[1, 2], [4], [5, 6, 7]]);
    expect(line.characters.map((c) => c.classIndex)).toEqual([1, 2, 3]);
  });

  it('reads a character repeated across a blank twice, and not when the runs touch', () => {
    expect(ctcGreedyDecode(steps([1, 0, 1]), 3, dictionary).text).toBe('aa');
    expect(ctcGreedyDecode(steps([1, 1, 1]), 3, dictionary).text).toBe('a');
    const spaced = ctcGreedyDecode(steps([2, 4, 4, 2]), 4, dictionary);
    expect(spaced.text).toBe('b b');
    expect(spaced.characters[1]).toMatchObject({ char: ' ', steps: [1, 2] });
  });

  it('gives each character the mean probability of its steps, and the line their mean', () => {
    const probs = steps([1, 1, 0, 2]);
    probs[1 * 5 + 1] = 0.6;
    const line = ctcGreedyDecode(probs, 4, dictionary);
    expect(line.characters[0].probability).toBeCloseTo(0.7, 6);
    expect(line.characters[1].probability).toBeCloseTo(0.8, 6);
    expect(line.confidence).toBeCloseTo(0.75, 6);
  });

  it('reads nothing from blanks only', () => {
    expect(ctcGreedyDecode(steps([0, 0, 0]), 3, dictionary)).toEqual({
      text: '',
      characters: [],
      confidence: 0,
    });
  });
});

describe('the dictionary', () => {
  it('has the blank first and the space last', () => {
    expect(dictionary.characters).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(parseDictionary('a\r\nb', { space: false }).characters).toEqual(['', 'a', 'b']);
  });

  it('is refused when its classes are not the model’s, saying how many each has', () => {
    expect(() => checkDictionary(dictionary, 5, 'keys.txt')).not.toThrow();
    expect(() => checkDictionary(dictionary, 6625, 'keys.txt')).toThrow(
      /the dictionary keys.txt gives 5 classes \(the blank \+ 4 characters, the space included\), but the recognition model has 6625/,
    );
    expect(() => checkDictionary(dictionary, 4, 'keys.txt')).toThrow(/or one without the space class/);
    expect(() => parseDictionary('')).toThrow(/dictionary is empty/);
  });
});
