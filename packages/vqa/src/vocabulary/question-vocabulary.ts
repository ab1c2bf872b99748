import { checkWordCount } from '@gradcam/core';
import { fail } from '../errors';
import { tokenize } from './tokenize';

/** Padding (id 0) fills short questions in a batch; the LSTM skips it. */
export const PAD = '<pad>';
/** Words the model never saw (id 1) share one embedding. */
export const UNK = '<unk>';
/**
 * The most words a question may have. Questions people ask run to about 25 words; a paste of
 * thousands made the LSTM run for minutes and exhaust memory.
 */
export const MAX_QUESTION_WORDS = 64;
export const PAD_ID = 0;
export const UNK_ID = 1;

export interface EncodedQuestion {
  /** The question's words as tokenised, unknown ones included as typed. */
  words: string[];
  /** One id per word; unknown words are `UNK_ID`. */
  ids: number[];
  /** The distinct words that are not in the vocabulary, in order of appearance. */
  unknownWords: string[];
}

/** The words a question encoder knows: `<pad>`, `<unk>`, then the words, each with its id. */
export class QuestionVocabulary {
  readonly words: readonly string[];
  private readonly ids: Map<string, number>;

  /** From the stored list, reserved entries first (as `toJSON` writes it). */
  constructor(words: readonly string[]) {
    if (words[PAD_ID] !== PAD || words[UNK_ID] !== UNK) {
      fail(`a question vocabulary starts with '${PAD}' and '${UNK}', got '${words[0]}', '${words[1]}'`);
    }
    this.words = [...words];
    this.ids = new Map(this.words.map((w, i) => [w, i]));
    if (this.ids.size !== this.words.length) fail('the question vocabulary lists a word twice');
  }

  /** A vocabulary of the given words (duplicates and reserved names dropped), in their order. */
  static fromWords(words: Iterable<string>): QuestionVocabulary {
    const unique = new Set<string>();
    for (const w of words) if (w !== PAD && w !== UNK) unique.add(w);
    return new QuestionVocabulary([PAD, UNK, ...unique]);
  }

  /** Every word of the given questions, as tokenised, in order of first appearance. */
  static fromQuestions(questions: Iterable<string>): QuestionVocabulary {
    const words: string[] = [];
    for (const q of questions) words.push(...tokenize(q));
    return QuestionVocabulary.fromWords(words);
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.ids.has(word) && word !== PAD && word !== UNK;
  }

  /**
   * Tokenises and maps words to ids; unknown words become `<unk>` and are reported by name. A
   * question longer than `MAX_QUESTION_WORDS` is refused: the model's cost grows with every word.
   */
  encode(question: string): EncodedQuestion {
    const words = tokenize(question);
    checkWordCount(words.length, {
      text: 'question',
      limit: 'the longest question a VQA model reads',
      max: MAX_QUESTION_WORDS,
      fix: 'ask a shorter question',
    });
    const ids = words.map((w) => (this.has(w) ? (this.ids.get(w) as number) : UNK_ID));
    const unknownWords = [...new Set(words.filter((w) => !this.has(w)))];
    return { words, ids, unknownWords };
  }

  toJSON(): string[] {
    return [...this.words];
  }
}
