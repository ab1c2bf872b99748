import { EMOJI_WORD, GradcamError } from '@gradcam/core';

/** Tokens every vocabulary has, at these ids, whatever its words. */
export const PAD = '<pad>';
export const START = '<start>';
export const END = '<end>';
export const UNKNOWN = '<unk>';
export const SPECIAL_TOKENS = [PAD, START, END, UNKNOWN] as const;

/** A caption split into vocabulary ids, with the words the vocabulary does not know. */
export interface TokenizedCaption {
  /** One id per word; unknown words are `<unk>`'s id. */
  ids: number[];
  /** The vocabulary's token for each word (`<unk>` for an unknown one). */
  tokens: string[];
  /** Each word as the caption spelled it (punctuation removed). */
  words: string[];
  /** The words that are not in the vocabulary, as spelled, in caption order, without repeats. */
  unknown: string[];
}

// Words are runs of letters, digits and apostrophes, or one emoji; punctuation and spacing only
// separate them.
const WORD = new RegExp(`[\\p{L}\\p{N}']+|${EMOJI_WORD}`, 'gu');

/**
 * The words a captioner can read and write. Ids 0-3 are `<pad>`, `<start>`, `<end>` and `<unk>`;
 * the other words follow in the order given. Words are matched case-insensitively.
 */
export class Vocabulary {
  readonly tokens: readonly string[];
  readonly pad = 0;
  readonly start = 1;
  readonly end = 2;
  readonly unknown = 3;
  private readonly ids: Map<string, number>;

  /** `words`: the vocabulary's words; special tokens among them are ignored (they come first). */
  constructor(words: readonly string[]) {
    const special = new Set<string>(SPECIAL_TOKENS);
    const seen = new Set<string>();
    const rest: string[] = [];
    for (const raw of words) {
      const word = raw.toLowerCase();
      if (special.has(word) || seen.has(word)) continue;
      if (!/^[\p{L}\p{N}']+$/u.test(word)) {
        throw new GradcamError(
          `vocabulary word '${raw}' is not a single word (letters, digits, apostrophes)`,
        );
      }
      seen.add(word);
      rest.push(word);
    }
    this.tokens = [...SPECIAL_TOKENS, ...rest];
    this.ids = new Map(this.tokens.map((t, i) => [t, i]));
  }

  /** Every word of the captions, most frequent first (ties alphabetical), those seen `minCount` times. */
  static fromCaptions(captions: readonly string[], minCount = 1): Vocabulary {
    const counts = new Map<string, number>();
    for (const caption of captions) {
      for (const word of caption.toLowerCase().match(WORD) ?? [])
        counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const words = [...counts.entries()]
      .filter(([, n]) => n >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([w]) => w);
    return new Vocabulary(words);
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The id of a word or token, or undefined when the vocabulary does not have it. */
  idOf(word: string): number | undefined {
    return this.ids.get(word.toLowerCase());
  }

  tokenOf(id: number): string {
    const token = this.tokens[id];
    if (token === undefined)
      throw new GradcamError(`token id ${id} is out of range (vocabulary size ${this.size})`);
    return token;
  }

  /** Splits a caption into words; a word the vocabulary lacks becomes `<unk>` and is reported. */
  tokenize(caption: string): TokenizedCaption {
    const words = caption.match(WORD) ?? [];
    const ids = words.map((w) => this.idOf(w) ?? this.unknown);
    const unknown = [...new Set(words.filter((w) => this.idOf(w) === undefined))];
    return { ids, tokens: ids.map((id) => this.tokens[id]), words, unknown };
  }

  /** The caption's words: stops at `<end>`, leaves out `<pad>` and `<start>`, keeps `<unk>`. */
  detokenize(ids: readonly number[]): string {
    const words: string[] = [];
    for (const id of ids) {
      if (id === this.end) break;
      if (id === this.pad || id === this.start) continue;
      words.push(this.tokenOf(id));
    }
    return words.join(' ');
  }

  /** The words after the special tokens: what `new Vocabulary(...)` takes back. */
  toJSON(): string[] {
    return this.tokens.slice(SPECIAL_TOKENS.length);
  }
}
